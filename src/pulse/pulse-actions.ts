// The pulse's application layer: every thing a person does with a pulse survey, once, for the
// CLI (`traction pulse ...`) and the API (server/routes/pulse.ts) alike. Opening a survey for a
// deployed use case and period, making single-use links (the generic invitations of
// store/invitation-repository.ts, scope kind `pulse`), answering through a link, closing, and
// the results with the minimum group size. Refusals are PulseError (or the invitation module's
// InvitationError) with a stable code; the CLI and the API only phrase them.
//
// Nothing half-written: an answer is checked whole before anything is written, and the link is
// used up in the same transaction as the answer it carries, so a refused answer leaves the link
// unused and a used link has exactly one answer.
import type { Kysely } from 'kysely';
import { invitationPath, type InvitationScopeKind } from '../assessment/invitation.js';
import { AGREEMENT_LEVELS, PULSE_ITEMS, pulseAnswerSchema, pulsePeriodSchema, pulseStatement, type PulseItem, type PulseResponse, type PulseSurvey } from '../domain/pulse.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import type { Database } from '../store/database.js';
import { createInvitations, openInvitation, redeemInvitation } from '../store/invitation-repository.js';
import {
  closePulseSurvey,
  countPulseLinksOf,
  findPulseSurvey,
  getPulseSurvey,
  insertPulseLinks,
  insertPulseResponse,
  insertPulseSurvey,
  listPulseResponsesOf,
  listPulseSurveys,
  pulseLinkOf,
} from '../store/pulse-repository.js';
import type { Store } from '../store/store.js';
import { deployedUseCases } from '../usage/usage-overview.js';
import { currentMonth, periodSpan } from './pulse-period.js';
import { pulseResults, type PulseFigures } from './pulse-scores.js';

const SCOPE: InvitationScopeKind = 'pulse';
const DAY_MS = 86_400_000;

export type PulseRefusal = 'not_found' | 'not_deployed' | 'exists' | 'period_over' | 'closed' | 'invalid';

export class PulseError extends Error {
  constructor(
    readonly code: PulseRefusal,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PulseError';
  }
}

export interface PulseContext {
  /** The use cases as the caller knows them (the workspace's for the CLI, the stored ones for the server), at their current stage. */
  useCases: readonly UseCase[];
  config: WorkspaceConfig;
}

function useCaseOf(ctx: PulseContext, id: string): UseCase {
  const u = ctx.useCases.find((x) => x.id === id);
  if (!u) throw new PulseError('not_found', `no use case "${id}"`, 'use_case');
  return u;
}

function isOpen(s: PulseSurvey, now: Date): boolean {
  return s.closedAt === null && s.closesAt > now.toISOString();
}

async function surveyOf(db: Kysely<Database>, id: string): Promise<PulseSurvey> {
  const s = await getPulseSurvey(db, id);
  if (!s) throw new PulseError('not_found', `no pulse survey "${id}"`, 'survey');
  return s;
}

/** Opens the survey of a deployed use case for a period (default: the current month). */
export async function openPulse(store: Store, ctx: PulseContext, req: { useCaseId: string; period?: string; by: string; now: Date }): Promise<PulseSurvey> {
  const u = useCaseOf(ctx, req.useCaseId);
  if (deployedUseCases([u], ctx.config, new Set()).length === 0)
    throw new PulseError('not_deployed', `${u.id} is at stage ${u.stage}: a pulse asks the people who use a deployed use case (stage ${(ctx.config.roadmap?.done_stages ?? ['production', 'scaled']).join(' or ')})`, 'use_case');
  const period = req.period ?? currentMonth(req.now);
  const p = pulsePeriodSchema.safeParse(period);
  if (!p.success) throw new PulseError('invalid', `period "${period}": expected a month (2026-11) or a quarter (2026-Q4)`, 'period');
  const span = periodSpan(period);
  if (span.end <= req.now.toISOString()) throw new PulseError('period_over', `period ${period} is over; open the current one (${currentMonth(req.now)})`, 'period');
  return store.transaction(async (tx) => {
    const existing = await findPulseSurvey(tx, u.id, period);
    if (existing) throw new PulseError('exists', `${u.id} has a pulse survey for ${period} already (${existing.id})`, 'period');
    return insertPulseSurvey(tx, { useCaseId: u.id, period, closesAt: span.end, at: req.now, by: req.by });
  });
}

export interface PulseLink {
  invitation: string;
  /** The dashboard path with the token in its fragment; shown once, never stored. */
  path: string;
  expires_at: string;
}

/** Makes `count` single-use links to a survey, for one department if given; they expire with the period or sooner. */
export async function makePulseLinks(
  store: Store,
  req: { surveyId: string; count: number; department?: string; expiresInDays?: number; by: string; now: Date },
): Promise<{ survey: PulseSurvey; links: PulseLink[] }> {
  return store.transaction(async (tx) => {
    const survey = await surveyOf(tx, req.surveyId);
    if (!isOpen(survey, req.now)) throw new PulseError('closed', `pulse survey ${survey.id} (${survey.period}) is closed: links can only be made while it is open`, 'survey');
    const byDays = req.expiresInDays === undefined ? Infinity : req.now.getTime() + req.expiresInDays * DAY_MS;
    const expiresAt = new Date(Math.min(Date.parse(survey.closesAt), byDays));
    const made = await createInvitations(tx, { scopeKind: SCOPE, scopeId: survey.id, count: req.count, expiresAt, note: req.department ?? null, by: req.by, now: req.now });
    await insertPulseLinks(tx, survey.id, made.map((m) => m.invitation.id), req.department ?? null);
    return { survey, links: made.map((m) => ({ invitation: m.invitation.id, path: invitationPath(SCOPE, m.token), expires_at: m.invitation.expiresAt })) };
  });
}

export interface PulseQuestionnaire {
  use_case: { id: string; title: string };
  period: string;
  closes_at: string;
  statements: { item: PulseItem; statement: string }[];
  levels: { level: number; label: string }[];
}

/** What a link opens (reads only; the link stays unused). */
export async function pulseForLink(db: Kysely<Database>, ctx: PulseContext, token: unknown, now: Date): Promise<PulseQuestionnaire> {
  const inv = await openInvitation(db, token, SCOPE, now);
  const survey = await surveyOf(db, inv.scopeId);
  if (!isOpen(survey, now)) throw new PulseError('closed', 'this survey is closed: answers are no longer accepted', 'survey');
  const title = ctx.useCases.find((u) => u.id === survey.useCaseId)?.title ?? survey.useCaseId;
  return {
    use_case: { id: survey.useCaseId, title },
    period: survey.period,
    closes_at: survey.closesAt,
    statements: PULSE_ITEMS.map((item) => ({ item, statement: pulseStatement(item, title) })),
    levels: AGREEMENT_LEVELS.map((l) => ({ ...l })),
  };
}

/** Records one answer through a link and uses the link up, both or neither. */
export async function answerPulse(store: Store, req: { token: unknown; answer: unknown; now: Date }): Promise<{ survey: string; period: string }> {
  const parsed = pulseAnswerSchema.safeParse(req.answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    const what = issue.code === 'unrecognized_keys' ? `unknown statement(s) ${issue.keys.join(', ')}` : field ? `${field}: ${issue.message}` : issue.message;
    throw new PulseError('invalid', `the answer was not recorded: ${what}; answer each of ${PULSE_ITEMS.join(', ')} once, from 1 to 5`, field || undefined);
  }
  return store.transaction(async (tx) => {
    const inv = await redeemInvitation(tx, req.token, SCOPE, req.now);
    const survey = await surveyOf(tx, inv.scopeId);
    // Throwing here rolls the redemption back with the transaction: nothing is recorded.
    if (!isOpen(survey, req.now)) throw new PulseError('closed', 'this survey is closed: answers are no longer accepted', 'survey');
    const link = await pulseLinkOf(tx, inv.id);
    await insertPulseResponse(tx, { surveyId: survey.id, department: link?.department ?? null, answer: parsed.data, at: req.now });
    return { survey: survey.id, period: survey.period };
  });
}

export async function closePulse(store: Store, req: { surveyId: string; by: string; now: Date }): Promise<PulseSurvey> {
  return store.transaction(async (tx) => {
    const survey = await surveyOf(tx, req.surveyId);
    if (!isOpen(survey, req.now) || !(await closePulseSurvey(tx, survey.id, req.now, req.by))) throw new PulseError('closed', `pulse survey ${survey.id} (${survey.period}) is closed already`, 'survey');
    return (await getPulseSurvey(tx, survey.id))!;
  });
}

export interface PulseScoresView {
  overall: number;
  items: { item: PulseItem; score: number; agree: number }[];
}

export interface PulseSurveyView {
  id: string;
  use_case: string;
  period: string;
  status: 'open' | 'closed';
  opened_at: string;
  closes_at: string;
  closed_at: string | null;
  links: number;
  /** Null when fewer than the minimum group size answered: then nothing else is shown either. */
  respondents: number | null;
  scores: PulseScoresView | null;
  departments: ({ department: string; respondents: number } & PulseScoresView)[];
  hidden_departments: number;
}

export interface UseCasePulse {
  use_case: string;
  title: string;
  min_group_size: number;
  statements: { item: PulseItem; statement: string }[];
  /** Newest period first. */
  surveys: PulseSurveyView[];
}

function scoresView(f: PulseFigures): PulseScoresView {
  return { overall: f.overall, items: PULSE_ITEMS.map((item) => ({ item, score: f.items[item].score, agree: f.items[item].agree })) };
}

function surveyView(s: PulseSurvey, responses: readonly PulseResponse[], links: number, minGroupSize: number, now: Date): PulseSurveyView {
  const r = pulseResults(responses, minGroupSize);
  return {
    id: s.id,
    use_case: s.useCaseId,
    period: s.period,
    status: isOpen(s, now) ? 'open' : 'closed',
    opened_at: s.openedAt,
    closes_at: s.closesAt,
    closed_at: s.closedAt,
    links,
    respondents: r.respondents,
    scores: r.figures && scoresView(r.figures),
    departments: r.departments.map((d) => ({ department: d.department, respondents: d.respondents, ...scoresView(d.figures) })),
    hidden_departments: r.hiddenDepartments,
  };
}

/** The surveys' views, each survey's answers and links read in one query for all. */
async function surveyViews(db: Kysely<Database>, surveys: readonly PulseSurvey[], minGroupSize: number, now: Date): Promise<PulseSurveyView[]> {
  const ids = surveys.map((s) => s.id);
  const [responses, links] = await Promise.all([listPulseResponsesOf(db, ids), countPulseLinksOf(db, ids)]);
  return surveys.map((s) => surveyView(s, responses.get(s.id)!, links.get(s.id)!, minGroupSize, now));
}

/** A use case's surveys with their results, under the workspace's minimum group size (telemetry.min_group_size). */
export async function useCasePulse(db: Kysely<Database>, ctx: PulseContext, useCaseId: string, now: Date): Promise<UseCasePulse> {
  const u = useCaseOf(ctx, useCaseId);
  const k = ctx.config.telemetry.min_group_size;
  const surveys = await listPulseSurveys(db, { useCaseId: u.id });
  return {
    use_case: u.id,
    title: u.title,
    min_group_size: k,
    statements: PULSE_ITEMS.map((item) => ({ item, statement: pulseStatement(item, u.title) })),
    surveys: await surveyViews(db, surveys, k, now),
  };
}

/**
 * Every use case's newest survey, for the portfolio's usage view, under the workspace's minimum
 * group size; and the instant the answer changes by the clock alone (the first open survey's
 * period ends), or null.
 */
export async function latestPulses(db: Kysely<Database>, config: WorkspaceConfig, now: Date): Promise<{ surveys: PulseSurveyView[]; changesAt: Date | null }> {
  const newest = new Map<string, PulseSurvey>();
  for (const s of await listPulseSurveys(db)) if (!newest.has(s.useCaseId)) newest.set(s.useCaseId, s);
  const open = [...newest.values()].filter((s) => isOpen(s, now)).map((s) => s.closesAt).sort();
  return { surveys: await surveyViews(db, [...newest.values()], config.telemetry.min_group_size, now), changesAt: open.length > 0 ? new Date(open[0]!) : null };
}
