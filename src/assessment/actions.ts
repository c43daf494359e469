// The application layer of the assessment: one function per thing a person does (open a
// round, invite, answer, close, read results and the gap report, follow an action up), over
// the store and the pure modules. `traction assess` and the API both call these and only
// phrase the answer or the typed refusal (AssessmentError, InvitationError). Each write is
// one transaction: a refused request leaves the store as it was.
import type { Store } from '../store/store.js';
import * as rounds from '../store/assessment-repository.js';
import { createInvitations, getInvitation, listInvitations, openInvitation, redeemInvitation, revokeInvitation } from '../store/invitation-repository.js';
import { AssessmentError } from './assessment-error.js';
import { buildGapReport, findAction, type GapContext } from './gap-report.js';
import { invitationPath, invitationState, MAX_INVITATION_DAYS, type Invitation } from './invitation.js';
import { loadQuestionnaire } from './load-questionnaire.js';
import { responseInputSchema, type Questionnaire, type ResponseInput } from './questionnaire-schema.js';
import { resultsView } from './results-view.js';
import { scoreRound, type RoundScore } from './scoring.js';
import type { GapView, InvitationView, ResponseReceipt, ResultsView, RoundView, TaskView, TrendView } from './views.js';

export interface AssessmentContext {
  store: Store;
  now: () => Date;
  /** The workspace whose assessment/questionnaire.yaml, if any, new rounds open with. */
  workspaceRoot: string;
}

export async function effectiveQuestionnaire(workspaceRoot: string): Promise<{ origin: 'default' | 'workspace'; questionnaire: Questionnaire }> {
  return loadQuestionnaire(workspaceRoot);
}

function roundView(r: rounds.Round, counts: { leadership: number; staff: number } | undefined, answeredByMe: boolean): RoundView {
  const c = counts ?? { leadership: 0, staff: 0 };
  return {
    id: r.id,
    title: r.title,
    status: r.closedAt === null ? 'open' : 'closed',
    opened_at: r.openedAt,
    opened_by: r.openedBy,
    closed_at: r.closedAt,
    closed_by: r.closedBy,
    questionnaire: { id: r.questionnaire.id, title: r.questionnaire.title, version: r.questionnaire.version, hash: r.questionnaireHash },
    respondents: { total: c.leadership + c.staff, leadership: c.leadership, staff: c.staff },
    answered_by_me: answeredByMe,
  };
}

async function viewOf(ctx: AssessmentContext, r: rounds.Round, username?: string): Promise<RoundView> {
  const counts = await rounds.respondentCounts(ctx.store.db);
  return roundView(r, counts.get(r.id), username !== undefined && (await rounds.hasResponded(ctx.store.db, r.id, 'user', username)));
}

async function requireRound(ctx: AssessmentContext, id: string, db = ctx.store.db): Promise<rounds.Round> {
  const r = await rounds.getRound(db, id);
  if (!r) throw new AssessmentError('not_found', `no assessment round "${id}"`);
  return r;
}

/** Newest first. */
export async function listRounds(ctx: AssessmentContext, username?: string): Promise<RoundView[]> {
  const all = await rounds.listRounds(ctx.store.db);
  const counts = await rounds.respondentCounts(ctx.store.db);
  const views = await Promise.all(all.map(async (r) => roundView(r, counts.get(r.id), username !== undefined && (await rounds.hasResponded(ctx.store.db, r.id, 'user', username)))));
  return views.reverse();
}

export async function getRound(ctx: AssessmentContext, id: string, username?: string): Promise<RoundView> {
  return viewOf(ctx, await requireRound(ctx, id), username);
}

export async function openRound(ctx: AssessmentContext, input: { title: string }, actor: string): Promise<RoundView> {
  const title = input.title.trim();
  if (title.length < 3 || title.length > 120) throw new AssessmentError('invalid', 'the title: 3 to 120 characters', 'title');
  const { questionnaire } = await loadQuestionnaire(ctx.workspaceRoot);
  const r = await ctx.store.transaction((tx) => rounds.insertRound(tx, { title, questionnaire, by: actor, now: ctx.now() }));
  return viewOf(ctx, r);
}

/** The questionnaire a round was opened with (its snapshot). */
export async function roundQuestionnaire(ctx: AssessmentContext, id: string): Promise<Questionnaire> {
  return (await requireRound(ctx, id)).questionnaire;
}

export async function closeRound(ctx: AssessmentContext, id: string, actor: string): Promise<RoundView> {
  await ctx.store.transaction(async (tx) => {
    const r = await requireRound(ctx, id, tx);
    if (r.closedAt !== null || !(await rounds.markRoundClosed(tx, id, actor, ctx.now()))) throw new AssessmentError('closed', `the round "${id}" is closed already`);
  });
  return getRound(ctx, id);
}

function invitationView(inv: Invitation, now: Date): InvitationView {
  return { id: inv.id, scope_kind: inv.scopeKind, scope_id: inv.scopeId, note: inv.note, created_at: inv.createdAt, created_by: inv.createdBy, expires_at: inv.expiresAt, state: invitationState(inv, now), used_at: inv.usedAt };
}

export async function inviteToRound(ctx: AssessmentContext, roundId: string, input: { count: number; expires_in_days: number; note?: string | undefined }, actor: string): Promise<(InvitationView & { token: string; path: string })[]> {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 200) throw new AssessmentError('invalid', 'count: a whole number of links from 1 to 200', 'count');
  if (!Number.isInteger(input.expires_in_days) || input.expires_in_days < 1 || input.expires_in_days > MAX_INVITATION_DAYS) throw new AssessmentError('invalid', `expires_in_days: a whole number of days from 1 to ${MAX_INVITATION_DAYS}`, 'expires_in_days');
  const now = ctx.now();
  const made = await ctx.store.transaction(async (tx) => {
    const r = await requireRound(ctx, roundId, tx);
    if (r.closedAt !== null) throw new AssessmentError('closed', `the round "${roundId}" is closed: nobody can answer it any more`);
    const expiresAt = new Date(now.getTime() + input.expires_in_days * 86_400_000);
    return createInvitations(tx, { scopeKind: 'assessment', scopeId: roundId, count: input.count, expiresAt, note: input.note?.trim() || null, by: actor, now });
  });
  return made.map((m) => ({ ...invitationView(m.invitation, now), token: m.token, path: invitationPath('assessment', m.token) }));
}

export async function listRoundInvitations(ctx: AssessmentContext, roundId: string): Promise<InvitationView[]> {
  await requireRound(ctx, roundId);
  const now = ctx.now();
  return (await listInvitations(ctx.store.db, 'assessment', roundId)).map((i) => invitationView(i, now));
}

export async function revokeRoundInvitation(ctx: AssessmentContext, invitationId: string, actor: string): Promise<InvitationView> {
  const now = ctx.now();
  const inv = await ctx.store.transaction(async (tx) => {
    const found = await getInvitation(tx, invitationId);
    if (!found || found.scopeKind !== 'assessment') throw new AssessmentError('not_found', `no assessment invitation "${invitationId}"`);
    const revoked = await revokeInvitation(tx, invitationId, 'assessment', actor, now);
    if (!revoked) throw new AssessmentError('conflict', `the invitation "${invitationId}" is ${invitationState(found, now)}: only an open or expired, unused one can be withdrawn`);
    return revoked;
  });
  return invitationView(inv, now);
}

/** The response, checked against the round's own questionnaire: every problem named at once. */
function checkedResponse(round: rounds.Round, body: unknown): ResponseInput {
  const parsed = responseInputSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new AssessmentError('invalid', `${issues[0]!.field || 'the response'}: ${issues[0]!.message}`, issues[0]!.field || undefined, issues);
  }
  const items = new Set(round.questionnaire.pillars.flatMap((p) => p.items.map((i) => i.id)));
  const unknown = parsed.data.answers.flatMap((a, i) => (items.has(a.item) ? [] : [{ field: `answers.${i}.item`, message: `no item "${a.item}" in this round's questionnaire` }]));
  if (unknown.length > 0) throw new AssessmentError('invalid', `${unknown[0]!.field}: ${unknown[0]!.message}`, unknown[0]!.field, unknown);
  return parsed.data;
}

function requireOpen(round: rounds.Round): void {
  if (round.closedAt !== null) throw new AssessmentError('closed', `the round "${round.title}" is closed: answers are no longer taken`);
}

function receipt(r: rounds.StoredResponse): ResponseReceipt {
  return { id: r.id, round_id: r.roundId, group: r.group, answers: r.answers.size, submitted_at: r.submittedAt };
}

export async function answerAsUser(ctx: AssessmentContext, roundId: string, body: unknown, username: string): Promise<ResponseReceipt> {
  return ctx.store.transaction(async (tx) => {
    const round = await requireRound(ctx, roundId, tx);
    requireOpen(round);
    const input = checkedResponse(round, body);
    if (await rounds.hasResponded(tx, roundId, 'user', username)) throw new AssessmentError('conflict', `${username} has answered this round already: one response per person`);
    return receipt(await rounds.insertResponse(tx, { roundId, respondentKind: 'user', respondent: username, group: input.group, answers: input.answers, now: ctx.now() }));
  });
}

/** What an invitation link opens; reading does not use it up. */
export async function invitationRound(ctx: AssessmentContext, token: unknown): Promise<{ round: { id: string; title: string }; expires_at: string; questionnaire: Questionnaire }> {
  const inv = await openInvitation(ctx.store.db, token, 'assessment', ctx.now());
  const round = await requireRound(ctx, inv.scopeId);
  requireOpen(round);
  return { round: { id: round.id, title: round.title }, expires_at: inv.expiresAt, questionnaire: round.questionnaire };
}

/** Answers through a link: the link is used up in the transaction that stores the answers, or not at all. */
export async function answerWithInvitation(ctx: AssessmentContext, token: unknown, body: unknown): Promise<ResponseReceipt> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const inv = await openInvitation(tx, token, 'assessment', now);
    const round = await requireRound(ctx, inv.scopeId, tx);
    requireOpen(round);
    const input = checkedResponse(round, body);
    await redeemInvitation(tx, token, 'assessment', now);
    return receipt(await rounds.insertResponse(tx, { roundId: round.id, respondentKind: 'invitation', respondent: inv.id, group: input.group, answers: input.answers, now }));
  });
}

async function scored(ctx: AssessmentContext, roundId: string): Promise<{ round: rounds.Round; score: RoundScore; responses: rounds.StoredResponse[] }> {
  const round = await requireRound(ctx, roundId);
  const responses = await rounds.listResponses(ctx.store.db, roundId);
  return { round, responses, score: scoreRound(round.questionnaire, responses) };
}

export async function roundResults(ctx: AssessmentContext, roundId: string): Promise<{ view: ResultsView; questionnaire: Questionnaire; score: RoundScore }> {
  const { round, score } = await scored(ctx, roundId);
  return { view: resultsView(round.questionnaire, score, await viewOf(ctx, round)), questionnaire: round.questionnaire, score };
}

function taskView(t: rounds.AssessmentTask): TaskView {
  return { id: t.id, round_id: t.roundId, action_id: t.actionId, pillar_id: t.pillarId, kind: t.kind, title: t.title, use_case_id: t.useCaseId, created_at: t.createdAt, created_by: t.createdBy, status: t.doneAt === null ? 'open' : 'done', done_at: t.doneAt, done_by: t.doneBy };
}

export async function gapReport(ctx: AssessmentContext, roundId: string, context: GapContext): Promise<GapView> {
  const { round, score } = await scored(ctx, roundId);
  const tasks = (await rounds.listTasks(ctx.store.db, { roundId })).map(taskView);
  return buildGapReport(round.questionnaire, score, context, await viewOf(ctx, round), tasks);
}

export async function trend(ctx: AssessmentContext): Promise<TrendView> {
  const all = await rounds.listRounds(ctx.store.db);
  const latest = all.at(-1)?.questionnaire;
  const out: TrendView['rounds'] = [];
  for (const r of all) {
    const responses = await rounds.listResponses(ctx.store.db, r.id);
    const s = scoreRound(r.questionnaire, responses);
    const level = s.level === null ? null : r.questionnaire.maturity_model.levels[s.level - 1]!;
    out.push({ id: r.id, title: r.title, status: r.closedAt === null ? 'open' : 'closed', opened_at: r.openedAt, closed_at: r.closedAt, respondents: responses.length, overall: s.overall, level, pillars: Object.fromEntries(s.pillars.map((p) => [p.id, p.score])) });
  }
  return { pillars: (latest?.pillars ?? []).map((p) => ({ id: p.id, name: p.name })), rounds: out };
}

async function actionOf(ctx: AssessmentContext, roundId: string, actionId: string) {
  const round = await requireRound(ctx, roundId);
  const action = findAction(round.questionnaire, actionId);
  if (!action) throw new AssessmentError('not_found', `no recommended action "${actionId}" for this round's pillars`, 'action');
  return { round, action };
}

export async function createTask(ctx: AssessmentContext, roundId: string, actionId: string, actor: string): Promise<TaskView> {
  const { action } = await actionOf(ctx, roundId, actionId);
  const task = await ctx.store.transaction((tx) => rounds.insertTask(tx, { roundId, actionId, pillarId: action.pillar, kind: 'task', title: action.title, useCaseId: null, createdBy: actor, now: ctx.now() }));
  return taskView(task);
}

/** The intake fields an action proposes when it becomes a use case. */
export async function useCaseDraftFor(ctx: AssessmentContext, roundId: string, actionId: string): Promise<{ title: string; problem: string; objective: string; tags: string[] }> {
  const { action } = await actionOf(ctx, roundId, actionId);
  if (!action.use_case) throw new AssessmentError('invalid', `the action "${actionId}" is a task, not a use case`, 'action');
  return { ...action.use_case, tags: ['assessment', action.pillar] };
}

export async function recordUseCaseFollowUp(ctx: AssessmentContext, roundId: string, actionId: string, useCaseId: string, actor: string): Promise<TaskView> {
  const { action } = await actionOf(ctx, roundId, actionId);
  const task = await ctx.store.transaction((tx) => rounds.insertTask(tx, { roundId, actionId, pillarId: action.pillar, kind: 'use_case', title: action.title, useCaseId, createdBy: actor, now: ctx.now() }));
  return taskView(task);
}

export async function listTasks(ctx: AssessmentContext, filter: { round?: string | undefined; status?: 'open' | 'done' | undefined }): Promise<TaskView[]> {
  return (await rounds.listTasks(ctx.store.db, { ...(filter.round ? { roundId: filter.round } : {}), ...(filter.status ? { status: filter.status } : {}) })).map(taskView);
}

export async function markTaskDone(ctx: AssessmentContext, taskId: string, actor: string): Promise<TaskView> {
  await ctx.store.transaction(async (tx) => {
    const t = await rounds.getTask(tx, taskId);
    if (!t) throw new AssessmentError('not_found', `no task "${taskId}"`);
    if (!(await rounds.markTaskDone(tx, taskId, actor, ctx.now()))) throw new AssessmentError('conflict', `the task "${taskId}" is done already`);
  });
  return taskView((await rounds.getTask(ctx.store.db, taskId))!);
}
