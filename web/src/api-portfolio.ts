// Shapes (aliases of the types generated from the API's OpenAPI document) of the computed portfolio resources (/api/portfolio, business case, roadmap), as
// src/server/portfolio-views.ts answers them.
import type { Answer, Item } from './api';
export type Quadrant = RankedUseCase['quadrant'];

export const QUADRANT_LABELS: Record<Quadrant, string> = { quick_win: 'Quick win', strategic_bet: 'Strategic bet', fill_in: 'Fill-in', money_pit: 'Money pit' };
export const QUADRANT_COLOURS: Record<Quadrant, string> = { quick_win: '#16a34a', strategic_bet: '#3563c9', fill_in: '#b7791f', money_pit: '#b42318' };

export type RankedUseCase = Item<Portfolio['use_cases']>;

export type Portfolio = Answer<'/api/portfolio'>;

export type BusinessCase = Answer<'/api/use-cases/{id}/business-case'>;

export type Roadmap = Answer<'/api/roadmap'>;

export type SkillQuarter = Item<Roadmap['skills']>;

export type BoughtCapacity = Item<Roadmap['bought']>;
