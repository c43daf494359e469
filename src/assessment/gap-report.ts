// The gap report (pure): the weakest pillars of a round, lowest score first, each with its
// weakest items (and what the next level up looks like) and the recommended actions of the
// catalogue, aimed at the portfolio's three top-ranked use cases and their datasets.
import type { PortfolioEvaluation } from '../portfolio/evaluate-portfolio.js';
import { ACTION_CATALOGUE, type CatalogueAction } from './action-catalogue.js';
import type { Questionnaire } from './questionnaire-schema.js';
import { levelName } from './results-view.js';
import type { RoundScore } from './scoring.js';
import type { GapView, RoundView, TaskView } from './views.js';

/** What the report's actions are aimed at: the top-ranked use cases, best first, with their datasets. */
export interface GapContext {
  topUseCases: { id: string; title: string; datasets: string[] }[];
}

/** The three top-ranked use cases of a portfolio evaluation and the datasets they declare. */
export function gapContextFrom(evaluation: PortfolioEvaluation | undefined): GapContext {
  const top = (evaluation?.ranking ?? []).slice(0, 3);
  return {
    topUseCases: top.map((s) => {
      const u = evaluation!.valuations.get(s.useCaseId)!.useCase;
      return { id: u.id, title: u.title, datasets: u.datasets.map((d) => d.dataset) };
    }),
  };
}

/** Pillars reported, at most; all pillars below level 3 (Operational) are reported even beyond it. */
export const WEAKEST_PILLARS = 3;
const WEAKEST_ITEMS = 3;

export function findAction(q: Questionnaire, actionId: string): CatalogueAction | undefined {
  const pillars = new Set(q.pillars.map((p) => p.id));
  return ACTION_CATALOGUE.find((a) => a.id === actionId && pillars.has(a.pillar));
}

function targetsOf(a: CatalogueAction, context: GapContext): string[] {
  if (a.target === 'top_use_cases') return context.topUseCases.map((u) => u.id);
  if (a.target === 'top_datasets') return [...new Set(context.topUseCases.flatMap((u) => u.datasets))];
  return [];
}

export function buildGapReport(q: Questionnaire, score: RoundScore, context: GapContext, round: RoundView, tasks: TaskView[]): GapView {
  const scored = q.pillars
    .map((p, i) => ({ pillar: p, s: score.pillars[i]! }))
    .filter((x): x is { pillar: typeof x.pillar; s: typeof x.s & { score: number; level: number } } => x.s.score !== null && x.s.level !== null)
    // Lowest score first; on a tie the heavier pillar first, then questionnaire order (sort is stable).
    .sort((a, b) => a.s.score - b.s.score || b.pillar.weight - a.pillar.weight);
  const chosen = scored.filter((x, i) => i < WEAKEST_PILLARS || x.s.level < 3);
  return {
    round,
    overall: { score: score.overall, level: levelName(q, score.level) },
    weakest: chosen.map(({ pillar, s }) => ({
      pillar: pillar.id,
      name: pillar.name,
      score: s.score,
      level: levelName(q, s.level)!,
      weakest_items: pillar.items
        .map((item, i) => ({ item, median: s.items[i]!.median }))
        .filter((x): x is { item: typeof x.item; median: number } => x.median !== null)
        .sort((a, b) => a.median - b.median)
        .slice(0, WEAKEST_ITEMS)
        .map(({ item, median }) => ({ id: item.id, text: item.text, median, next_level: median < 5 ? item.levels[Math.floor(median)]! : null })),
      actions: ACTION_CATALOGUE.filter((a) => a.pillar === pillar.id).map((a) => ({
        id: a.id,
        title: a.title,
        why: a.why,
        steps: a.steps,
        in_traction: { page: a.page, command: a.command },
        targets: targetsOf(a, context),
        use_case_draft: a.use_case ? { ...a.use_case, tags: ['assessment', a.pillar] } : null,
        followed_up: tasks.filter((t) => t.action_id === a.id),
      })),
    })),
  };
}
