// The API benchmarks' data and helpers, shared by `npm run bench:api` (one server) and
// `npm run bench:cluster` (replicas behind HAProxy): 500 use cases, 60 datasets with stored
// readiness runs, 90 days of usage and this month's pulse answers, seeded through the store's own
// writers; an API token read through the API; a process's CPU time.
import { readFileSync } from 'node:fs';
import { applyDefinitions } from '../src/store/definition-repository.js';
import { newId } from '../src/store/evidence-repository.js';
import { answerPulse, makePulseLinks, openPulse } from '../src/pulse/pulse-actions.js';
import { recordReadinessRun } from '../src/store/readiness-repository.js';
import { readStoredWorkspace } from '../src/store/stored-workspace.js';
import { recordUsageBatches } from '../src/store/usage-repository.js';
import { aggregate } from '../src/usage/aggregate.js';
import { batchKey } from '../src/usage/ingest-batch.js';
import type { ReducedSpan } from '../src/usage/reduce-span.js';
import type { Store } from '../src/store/store.js';
import { contentHash, type Definition } from '../src/workspace/definitions.js';
import { CONFIG, sampleUseCase } from '../test/support/server-app.js';

export const USE_CASES = 500;
export const DATASETS = 60;
export const CHECKS_PER_DATASET = 8;
export const READINESS_RUNS = 30;
export const USAGE_DAYS = 90;
export const SPANS_PER_DAY = 12;
export const PULSE_USE_CASES = 40;
export const PULSE_ANSWERS = 8;
/** Seeds an empty, migrated store (the caller opens and closes it). */
export async function seed(store: Store): Promise<void> {
  const stages = CONFIG.stages;
  // Budget and team capacity sized for 500 use cases (the test workspace's fit two), so the
  // roadmap has a plan to solve rather than refusing the work already in progress.
  const config = { ...CONFIG, budget_per_quarter: 20_000_000, teams: CONFIG.teams.map((t) => ({ ...t, capacity_person_weeks_per_quarter: 2_000 })) };
  const defs: Definition[] = [{ kind: 'config', id: 'config', body: config, hash: contentHash(config) }];
  for (let i = 0; i < USE_CASES; i++) {
    const u = sampleUseCase(`uc-${String(i).padStart(3, '0')}`, { stage: stages[i % 6], team: i % 2 ? 'data' : 'ops', tags: ['bench', `wave-${i % 5}`] });
    defs.push({ kind: 'use_case', id: u.id, body: u, hash: contentHash(u) });
  }
  const source = { id: 'files', kind: 'files', root: 'data' };
  defs.push({ kind: 'source', id: source.id, body: source, hash: contentHash(source) });
  for (let i = 0; i < DATASETS; i++) {
    const d = { id: `ds_${i}`, source: 'files', path: `ds_${i}.csv`, primary_key: ['id'], checks: Array.from({ length: CHECKS_PER_DATASET }, (_, j) => ({ type: 'not_null', column: `c${j}` })) };
    defs.push({ kind: 'dataset', id: d.id, body: d, hash: contentHash(d) });
  }
  await applyDefinitions(store, defs, 'bench', new Date());
  await seedReadinessRuns(store);
  await seedUsage(store);
  await seedPulse(store);
}

/** The deployed use cases (stage production or scaled): the ones /api/usage and /api/pulse report on. */
const deployedIds = (ws: { useCases: readonly { id: string; stage: string }[] }) => ws.useCases.filter((u) => u.stage === 'production' || u.stage === 'scaled').map((u) => u.id);

/**
 * Usage as ingest stores it, through the store's own writer (store/usage-repository.ts): the
 * last USAGE_DAYS days of every deployed use case, SPANS_PER_DAY calls a day by 30 people in
 * three departments, one batch per day.
 */
async function seedUsage(store: Store): Promise<void> {
  const ws = (await readStoredWorkspace(store.db, '.'))!;
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = USAGE_DAYS - 1; d >= 0; d--) {
    const day = new Date(today - d * 86_400_000).toISOString().slice(0, 10);
    const spans: ReducedSpan[] = deployedIds(ws).flatMap((useCaseId, u) =>
      Array.from({ length: SPANS_PER_DAY }, (_, i) => ({
        key: `${useCaseId}|${day}|${i}`, useCaseId, service: useCaseId, day, model: 'gpt-4o-mini', department: ['Sales', 'Support', 'Finance'][i % 3]!, user: `user-${(u + i * 7 + d) % 30}`,
        errorType: i % 40 === 0 ? '500' : null, inputTokens: 800 + i, outputTokens: 200 + i, cachedInputTokens: 0, reasoningTokens: 0, cost: 0.002 + i / 10_000, durationMs: 400 + ((i * 37 + d) % 900), ttftMs: null,
      })),
    );
    const batch = { kept: spans.length, key: batchKey(spans), usage: aggregate(spans), rejected: new Map(), ignored: 0, repeated: 0, unpricedModels: new Set<string>() };
    await recordUsageBatches(store, [{ batch, now }]);
  }
}

/** This month's pulse survey of PULSE_USE_CASES deployed use cases, each answered through PULSE_ANSWERS single-use links. */
async function seedPulse(store: Store): Promise<void> {
  const ws = (await readStoredWorkspace(store.db, '.'))!;
  const now = new Date();
  for (const [n, useCaseId] of deployedIds(ws).slice(0, PULSE_USE_CASES).entries()) {
    const survey = await openPulse(store, ws, { useCaseId, by: 'bench', now });
    const { links } = await makePulseLinks(store, { surveyId: survey.id, count: PULSE_ANSWERS, department: n % 2 ? 'Sales' : 'Support', by: 'bench', now });
    for (const [i, link] of links.entries()) {
      const level = 1 + ((n + i) % 5);
      await answerPulse(store, { token: link.path.split('#')[1], answer: { quality: level, effort: 6 - level, speed: level, productivity: 3 }, now });
    }
  }
}

/** Stored runs as `traction data check` writes them: every dataset, one result per check, scores and a row count. */
async function seedReadinessRuns(store: Store): Promise<void> {
  for (let r = 0; r < READINESS_RUNS; r++) {
    const at = new Date(Date.UTC(2026, 0, 1 + r));
    const datasets = Array.from({ length: DATASETS }, (_, i) => ({
      datasetId: `ds_${i}`,
      rowCount: 10_000 + r,
      outcomes: Array.from({ length: CHECKS_PER_DATASET }, (_, j) => ({ name: `not_null(c${j})`, type: 'not_null', severity: 'fail', dimension: 'completeness', status: (i + j + r) % 5 ? 'pass' : 'fail', observed: 0.99, elements: 10_000, unexpected: (i + j + r) % 5 ? 0 : 12, message: 'ok' })),
      metrics: [{ metric: 'row_count', value: 10_000 + r }],
    }));
    const scores = datasets.map((d) => ({ subjectKind: 'dataset' as const, subjectId: d.datasetId, score: 90, dimensions: { completeness: 90 }, lost: [] }));
    await recordReadinessRun(store, { id: newId('run'), startedAt: at, finishedAt: at, actor: 'bench', datasets, scores, evidence: [], summary: { datasets: DATASETS } });
  }
}
/** Logs in as the admin at `url` and makes a read-only API token. */
export async function readToken(url: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  const session = (await login.json()) as { csrf_token: string };
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const r = await fetch(`${url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrf_token }, body: JSON.stringify({ name: 'bench', scope: 'read' }) });
  return ((await r.json()) as { token: string }).token;
}
/**
 * The server process's CPU time so far, in ms (Linux /proc; user + system clock ticks at the usual
 * 100 Hz), or NaN elsewhere. On a machine shared with other work, latency moves with the load;
 * the server's CPU time per request does not, so it is printed beside.
 */
export function serverCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
