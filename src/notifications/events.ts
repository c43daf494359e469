// The events the actions of src/application record, one builder per kind: what it says, who
// it is for and where it is acted on. The actions call these and `recordEvent` inside their
// own transaction; the few that need a read (readiness scores before a run, a KPI's
// definition) take the transaction handle, so the read and the write see the same store.
import type { Kysely } from 'kysely';
import type { NotificationEventInput } from '../domain/notifications.js';
import type { Database } from '../store/database.js';
import { getDefinition } from '../store/definition-repository.js';
import { nextGates, type StagePolicy } from '../gates/stage-machine.js';

const ucHref = (id: string) => `/use-cases/${encodeURIComponent(id)}`;

export function proposalSubmitted(p: { useCaseId: string; title: string; author: string }): NotificationEventInput {
  return {
    kind: 'proposal_submitted',
    title: `New proposal: ${p.title}`,
    detail: `${p.author} proposed "${p.title}". Accept it, ask for changes, merge it or reject it in the triage.`,
    useCaseId: p.useCaseId,
    href: '/proposals',
    audience: { roles: ['portfolio_owner'] },
    data: { author: p.author },
  };
}

export function reviewAsked(p: { useCaseId: string; author: string; comment: string | null | undefined; by: string }): NotificationEventInput {
  return {
    kind: 'review_asked',
    title: `Changes asked of your proposal ${p.useCaseId}`,
    detail: `${p.by} asks for changes${p.comment ? `: ${p.comment}` : '.'} Edit the proposal and it goes back to the portfolio owners.`,
    useCaseId: p.useCaseId,
    href: ucHref(p.useCaseId),
    audience: { users: [p.author] },
    data: { by: p.by },
  };
}

export function gateReady(p: { useCaseId: string; from: string; to: string }): NotificationEventInput {
  return {
    kind: 'gate_ready',
    title: `${p.useCaseId}: the gate ${p.from} -> ${p.to} is passed`,
    detail: 'Every criterion is met; the use case may move on.',
    useCaseId: p.useCaseId,
    href: ucHref(p.useCaseId),
    audience: { roles: ['final_approver', 'technical_lead'] },
    data: { from: p.from, to: p.to },
  };
}

export function stageAdvanced(p: { useCaseId: string; from: string; to: string; forced: boolean; actor: string }): NotificationEventInput {
  return {
    kind: 'stage_advanced',
    title: `${p.useCaseId} moved from ${p.from} to ${p.to}${p.forced ? ' (gate overridden)' : ''}`,
    detail: `Recorded by ${p.actor}.`,
    useCaseId: p.useCaseId,
    href: ucHref(p.useCaseId),
    audience: { roles: ['business_owner', 'technical_lead', 'final_approver'] },
    data: { from: p.from, to: p.to, forced: p.forced },
  };
}

/** The sign-offs the gates leading on from `stage` ask for, to the holders of those roles; undefined when none. */
export function signoffAsked(policy: StagePolicy, useCaseId: string, stage: string): NotificationEventInput | undefined {
  const gates = nextGates(policy, stage);
  const roles = [...new Set(gates.flatMap((g) => g.criteria.flatMap((c) => (c.kind === 'signoff' ? c.roles : []))))];
  if (roles.length === 0) return undefined;
  return {
    kind: 'signoff_asked',
    title: `${useCaseId}: your sign-off is asked for ${gates.map((g) => `${g.from} -> ${g.to}`).join(', ')}`,
    detail: `Sign-offs asked of: ${roles.join(', ')}. Review the evidence and sign off or reject.`,
    useCaseId,
    href: ucHref(useCaseId),
    audience: { roles },
    data: { roles, stage },
  };
}

export function planCommitted(p: { scenario: string; actor: string; value: number; currency: string }): NotificationEventInput {
  return {
    kind: 'plan_committed',
    title: `Roadmap plan "${p.scenario}" committed`,
    detail: `${p.actor} committed the plan (value ${Math.round(p.value).toLocaleString('en')} ${p.currency}). It is now what is funded.`,
    href: '/roadmap',
    audience: { roles: ['portfolio_owner', 'final_approver'] },
    data: { scenario: p.scenario, actor: p.actor },
  };
}

/** How far a use case's readiness score may fall between runs before people are told (points of 100). */
export const SCORE_DROP_POINTS = 5;

export interface ReadinessRunFacts {
  runId: string;
  datasets: { datasetId: string; error?: string; outcomes: { name: string; status: string; severity: string }[] }[];
  scores: { subjectKind: 'dataset' | 'use_case'; subjectId: string; score: number | null }[];
}

/** One event for a run in which a fail-severity check failed, a dataset errored, or a use case's score fell by SCORE_DROP_POINTS or more. */
export function readinessFailed(run: ReadinessRunFacts, previousUseCaseScores: ReadonlyMap<string, number | null>): NotificationEventInput | undefined {
  const failed = run.datasets.flatMap((d) => [
    ...(d.error ? [`${d.datasetId}: ${d.error}`] : []),
    ...d.outcomes.filter((o) => o.status !== 'pass' && o.severity === 'fail').map((o) => `${d.datasetId}.${o.name}: ${o.status}`),
  ]);
  const dropped = run.scores.flatMap((s) => {
    const before = previousUseCaseScores.get(s.subjectId);
    return s.subjectKind === 'use_case' && s.score !== null && before != null && before - s.score >= SCORE_DROP_POINTS ? [{ useCaseId: s.subjectId, before, after: s.score }] : [];
  });
  if (failed.length === 0 && dropped.length === 0) return undefined;
  const title =
    failed.length > 0
      ? `Data readiness run ${run.runId}: ${failed.length} failing check${failed.length === 1 ? '' : 's'}`
      : `Readiness score dropped for ${dropped.map((d) => d.useCaseId).join(', ')}`;
  const lines = [...failed.slice(0, 20), ...(failed.length > 20 ? [`... and ${failed.length - 20} more`] : []), ...dropped.map((d) => `${d.useCaseId}: score ${Math.round(d.before)} -> ${Math.round(d.after)}`)];
  return {
    kind: 'readiness_failed',
    title,
    detail: lines.join('\n'),
    useCaseId: dropped.length === 1 ? dropped[0]!.useCaseId : null,
    href: '/data',
    audience: { roles: ['technical_lead'] },
    data: { run_id: run.runId, failing_checks: failed.length, score_drops: dropped.map((d) => ({ use_case_id: d.useCaseId, before: d.before, after: d.after })) },
  };
}

interface KpiDef {
  id: string;
  name: string;
  unit: string;
  direction: 'up' | 'down';
  baseline?: number | undefined;
  target: number;
}

/**
 * A KPI value is off track when it is worse than the KPI's declared baseline (lower for a KPI
 * where up is better, higher where down is). Baseline values themselves are not judged.
 */
export async function kpiOffTrack(tx: Kysely<Database>, items: { use_case: string; kpi: string; value: number; at: string; baseline?: boolean | undefined }[]): Promise<NotificationEventInput[]> {
  const out: NotificationEventInput[] = [];
  const defs = new Map<string, KpiDef[]>();
  for (const m of items) {
    if (m.baseline) continue;
    if (!defs.has(m.use_case)) defs.set(m.use_case, (((await getDefinition(tx, 'use_case', m.use_case))?.body as { kpis?: KpiDef[] } | undefined)?.kpis ?? []));
    const k = defs.get(m.use_case)!.find((d) => d.id === m.kpi);
    if (!k || k.baseline === undefined) continue;
    const worse = k.direction === 'up' ? m.value < k.baseline : m.value > k.baseline;
    if (!worse) continue;
    out.push({
      kind: 'kpi_off_track',
      title: `${m.use_case}: ${k.name} is off track (${m.value} ${k.unit} on ${m.at})`,
      detail: `Worse than the baseline of ${k.baseline} ${k.unit}; the target is ${k.target} ${k.unit}.`,
      useCaseId: m.use_case,
      href: ucHref(m.use_case),
      audience: { roles: ['business_owner'] },
      data: { kpi: m.kpi, value: m.value, at: m.at, baseline: k.baseline, target: k.target },
    });
  }
  return out;
}

/** A usage alert as src/usage/usage-alerts.ts states it (structurally: this folder does not import usage). */
export interface UsageAlertFacts {
  useCaseId: string;
  title: string;
  flag: string;
  period: string;
  detail: string;
  figures: Record<string, number | string | null>;
}

/**
 * A usage flag newly raised on a deployed use case (src/application/usage-alerts.ts), to its
 * owner and sponsor and to whoever chose the kind in their settings (`chosenBy`).
 */
export function usageAlert(a: UsageAlertFacts, p: { what: string; owner: string; sponsor: string; chosenBy: readonly string[] }): NotificationEventInput {
  return {
    kind: 'usage_alert',
    title: `${a.title}: ${p.what}`,
    detail: `${a.detail}\nSee its usage (adoption, cost against the monthly run cost, response time) on the use case's page.`,
    useCaseId: a.useCaseId,
    href: ucHref(a.useCaseId),
    audience: { users: [...new Set([p.owner, p.sponsor, ...p.chosenBy])] },
    data: { flag: a.flag, ...(a.period ? { period: a.period } : {}), figures: a.figures },
  };
}
