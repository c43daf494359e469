// Shapes (aliases of the types generated from the API's OpenAPI document) of the assessment resources, as src/server/routes/assessment.ts answers them
// (src/assessment/views.ts).
import type { Answer, Body, Item } from './api';
export type RespondentGroup = ResponseInput['group'];

export type LevelName = Item<Questionnaire['maturity_model']['levels']>;

export type Round = Answer<'/api/assessment/rounds/{id}'>;

export type QuestionnaireItem = Item<Item<Questionnaire['pillars']>['items']>;

export type Questionnaire = Answer<'/api/assessment/rounds/{id}/questionnaire'>;

export type InvitationView = Item<Answer<'/api/assessment/rounds/{id}/invitations'>['items']>;

export type CreatedInvitation = Item<Answer<'/api/assessment/rounds/{id}/invitations', 'post', 201>['items']>;

export type ItemResult = Item<PillarResult['items']>;

export type PillarResult = Item<Results['pillars']>;

export type Benchmark = Item<Results['benchmarks']>;

export type Results = Answer<'/api/assessment/rounds/{id}/results'>;

export type Task = Item<GapAction['followed_up']>;

export type GapAction = Item<Item<Gap['weakest']>['actions']>;

export type Gap = Answer<'/api/assessment/rounds/{id}/gap'>;

export type Trend = Answer<'/api/assessment/trend'>;

export type RespondView = Answer<'/api/assessment/respond'>;

export type ResponseInput = Body<'/api/assessment/rounds/{id}/responses'>;

/** A score on the 1..5 maturity scale, one decimal. */
export const level1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
