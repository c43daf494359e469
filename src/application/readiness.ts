// Readiness, once for the CLI and the server: run the checks and store the run, read each
// dataset's latest state (cached per store fingerprint), a metric's judged history, a
// dataset's profile, and a failing check's rows (paged or as CSV). The caller hands in the
// workspace it works from (the files for the CLI, the store's definitions for the server)
// and phrases the result; refusals are the typed errors of errors.ts.
//
// Failing rows only ever run the SELECTs src/readiness builds for `--failing-rows`, through
// the source's own connection (read-only paths, the same containment as the checks).
import { sql, type Kysely } from 'kysely';
import type { Dataset } from '../domain/dataset.js';
import type { Workspace } from '../domain/workspace.js';
import { defaultCheckName } from '../readiness/check-conditions.js';
import { detectAnomalies, type AnomalyOptions } from '../readiness/anomaly.js';
import { jsonFailingRows } from '../readiness/catalogue-checks.js';
import { referentialFailingRows } from '../readiness/external-checks.js';
import { csvLine } from '../domain/csv.js';
import { failingRows, failingRowsSql } from '../readiness/failing-rows.js';
import { profileDataset } from '../readiness/profile.js';
import { buildRunRecord } from '../readiness/readiness-run.js';
import { runChecks, type RunChecksInput } from '../readiness/run-checks.js';
import { SourceConnections, type ConnectionOptions } from '../readiness/source-connections.js';
import { ACCEPTED_VALUES_MAX, suggestChecks } from '../readiness/suggest-checks.js';
import type { Database } from '../store/database.js';
import { newId } from '../store/evidence-repository.js';
import { listDefinitions } from '../store/definition-repository.js';
import { checkResults, latestScores, type StoredCheckResult, type StoredScore } from '../store/readiness-reads.js';
import { latestRowCounts, metricHistory, metricNames, recordReadinessRun } from '../store/readiness-repository.js';
import type { Store } from '../store/store.js';
import { closest } from '../workspace/schema-keys.js';
import { readinessFailed } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { ActionError, ConflictError, InvalidError, NotFoundError } from './errors.js';

const didYouMean = (name: string, known: string[]) => {
  const s = closest(name, known);
  return s ? ` (did you mean "${s}"?)` : ` (known: ${known.join(', ') || 'none'})`;
};

export function findDataset(ws: Pick<Workspace, 'datasets'>, id: string): Dataset {
  const d = ws.datasets.find((x) => x.id === id);
  if (!d) throw new NotFoundError(`unknown dataset "${id}"${didYouMean(id, ws.datasets.map((x) => x.id))}`);
  return d;
}

/** Which datasets a run covers: those named, plus every dataset the use case needs; all when neither is given. */
export function selectRunDatasets(ws: Workspace, names: string[], useCaseId: string | undefined): string[] {
  const known = ws.datasets.map((d) => d.id);
  const problems = names.flatMap((n, i) => (known.includes(n) ? [] : [{ field: `datasets.${i}`, message: `unknown dataset "${n}"${didYouMean(n, known)}` }]));
  const ids = [...names];
  if (useCaseId !== undefined) {
    const u = ws.useCases.find((x) => x.id === useCaseId);
    if (!u) problems.push({ field: 'use_case', message: `unknown use case "${useCaseId}"${didYouMean(useCaseId, ws.useCases.map((x) => x.id))}` });
    else ids.push(...u.datasets.map((d) => d.dataset).filter((d) => known.includes(d)));
  }
  if (problems.length > 0) throw new InvalidError(problems[0]!.message, problems[0]!.field, problems);
  const selected = ids.length > 0 ? [...new Set(ids)] : known;
  if (selected.length === 0) throw new InvalidError('the workspace declares no datasets', 'datasets');
  return selected;
}

export interface ReadinessEnv {
  /** Where `${env:NAME}` references in sources resolve from. */
  sourceEnv: Record<string, string | undefined>;
  connection?: ConnectionOptions;
}

/** Opens the workspace's sources for `fn` and closes them whatever happens. */
export async function withSources<T>(ws: Workspace, env: ReadinessEnv, fn: (c: SourceConnections) => Promise<T>): Promise<T> {
  const connections = new SourceConnections(ws, env.sourceEnv, env.connection ?? {});
  try {
    return await fn(connections);
  } finally {
    await connections.closeAll();
  }
}

export interface RunRequest {
  datasets: string[];
  useCase?: string | undefined;
  actor: string;
  now: () => Date;
  /** Judge freshness against this time instead of the start. */
  asOf?: Date | undefined;
  concurrency?: number;
  /** False: check but keep nothing (`--no-store`). */
  record?: boolean;
  onProgress?: RunChecksInput['onProgress'];
  /** The datasets are queried again afterwards (failing rows): see RunChecksInput.keepTables. */
  keepTables?: boolean;
}

/** Jobs running on this process, so a second readiness run is refused rather than doubling the load on the sources. */
export type RunningJobs = Set<string>;

/** Runs the checks over open sources and stores the run (results, scores, evidence) in one transaction. */
export async function runReadiness(store: Store, ws: Workspace, connections: SourceConnections, request: RunRequest, running?: RunningJobs) {
  const ids = selectRunDatasets(ws, request.datasets, request.useCase);
  if (running?.has('readiness')) throw new ConflictError('a readiness run is already in progress; try again when it has finished', 'run_in_progress');
  running?.add('readiness');
  try {
    const previousRowCounts = await latestRowCounts(store.db, ids);
    const startedAt = request.now();
    const runs = await runChecks({
      workspace: ws,
      datasetIds: ids,
      connections,
      now: request.asOf ?? startedAt,
      previousRowCounts,
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.keepTables ? { keepTables: true } : {}),
    });
    const result = buildRunRecord({ id: newId('run'), startedAt, finishedAt: request.now(), actor: request.actor, runs, useCases: ws.useCases });
    if (request.record !== false) {
      const before = new Map([...(await latestScores(store.db, 'use_case')).entries()].map(([id, sc]) => [id, sc.score]));
      const event = readinessFailed({ runId: result.record.id, datasets: result.record.datasets, scores: result.record.scores }, before);
      await recordReadinessRun(store, result.record, async (tx) => void (event && (await recordEvent(tx, event, result.record.finishedAt))));
    }
    return { result, runs };
  } finally {
    running?.delete('readiness');
  }
}

/** A dataset as the readiness pages show it: the newest run's score and every result of that run. */
export interface DatasetState {
  dataset: Dataset;
  usedBy: string[];
  latest: (StoredScore & { finishedAt: string }) | undefined;
  results: StoredCheckResult[];
  rowCount: number | undefined;
  /** Who is the truth for its definition (files or store), and whether a browser edit waits for `traction pull`. */
  owner: { owner: 'files' | 'store'; pending_change: boolean };
}

async function readDatasetStates(db: Kysely<Database>, ws: Workspace, only?: string): Promise<DatasetState[]> {
  const datasets = only === undefined ? ws.datasets : [findDataset(ws, only)];
  const scores = await latestScores(db, 'dataset', only);
  const rows = await latestRowCounts(db, datasets.map((d) => d.id));
  const owners = new Map((await listDefinitions(db, { kind: 'dataset' })).map((d) => [d.id, { owner: d.owner, pending_change: d.pending !== null }]));
  return Promise.all(
    datasets.map(async (d) => {
      const latest = scores.get(d.id);
      return {
        dataset: d,
        usedBy: ws.useCases.filter((u) => u.datasets.some((x) => x.dataset === d.id)).map((u) => u.id),
        latest,
        results: latest ? await checkResults(db, latest.runId, d.id) : [],
        rowCount: rows.get(d.id),
        owner: owners.get(d.id) ?? { owner: 'files', pending_change: false },
      };
    }),
  );
}

/**
 * What the dataset states depend on, in one cheap query: the definitions (every change raises
 * a row's version; rows are never deleted) and the readiness runs (only ever added).
 */
export async function readinessFingerprint(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ n: number | string; v: number | string | null; runs: number | string; last: string | null }>`
    select
      (select count(*) from definitions) as n,
      (select sum(version) from definitions) as v,
      (select count(*) from readiness_runs) as runs,
      (select max(finished_at) from readiness_runs) as last`.execute(db);
  const row = r.rows[0]!;
  return `${Number(row.n)}:${Number(row.v ?? 0)}|${Number(row.runs)}:${row.last ?? ''}`;
}

/**
 * Every dataset's state, recomputed only when the fingerprint changes: the list was read
 * afresh on each request (all definitions parsed, then one query per dataset), which is what
 * made it slow under load. Replicas validate against the store on every call, so none serves
 * a stale list; concurrent callers share one computation, and a failed one is not kept.
 */
export class DatasetStates {
  private fingerprint = '';
  private states: Promise<DatasetState[]> | undefined;

  async all(db: Kysely<Database>, workspace: () => Promise<Workspace>): Promise<DatasetState[]> {
    const fingerprint = await readinessFingerprint(db);
    if (fingerprint !== this.fingerprint || !this.states) {
      this.fingerprint = fingerprint;
      const states = (async () => readDatasetStates(db, await workspace()))();
      this.states = states;
      states.catch(() => {
        if (this.states === states) this.states = undefined;
      });
    }
    return this.states;
  }

  async one(db: Kysely<Database>, workspace: () => Promise<Workspace>, id: string): Promise<DatasetState> {
    const found = (await this.all(db, workspace)).find((s) => s.dataset.id === id);
    if (found) return found;
    return (await readDatasetStates(db, await workspace(), id))[0]!; // raises not found with a suggestion
  }
}

export interface HistoryQuery extends AnomalyOptions {
  metric: string;
}

/** A metric's stored values over runs, each judged against its own trailing history. */
export async function judgedHistory(db: Kysely<Database>, datasetId: string, q: HistoryQuery) {
  const names = await metricNames(db, datasetId);
  const points = await metricHistory(db, datasetId, q.metric);
  if (points.length === 0 && names.length > 0) {
    const s = closest(q.metric, names);
    throw new ActionError('not_found', 'not_found', `no history of "${q.metric}" for ${datasetId}${s && s !== q.metric ? ` (did you mean "${s}"?)` : ` (metrics: ${names.join(', ')})`}`, 'metric');
  }
  return { names, points: detectAnomalies(points, q).map((p, i) => ({ ...p, runId: points[i]!.runId })) };
}

/** The per-column profile of the real data; with `suggest`, the checks it already satisfies. */
export async function profile(ws: Workspace, env: ReadinessEnv, datasetId: string, suggest: boolean, now: Date) {
  const dataset = findDataset(ws, datasetId);
  return withSources(ws, env, async (connections) => {
    // A source that cannot be opened (a path outside the files root, a missing file) is the
    // definition's problem: a configuration error, exit code 2, as `data check` reports it.
    const unreadable = (e: Error) => Promise.reject(new InvalidError(`dataset ${datasetId}: ${e.message}`, 'source', [], 'source_unavailable'));
    const conn = await connections.get(dataset.source).catch(unreadable);
    const relation = await conn.relation(dataset).catch(unreadable);
    // With suggestions the top values go up to the accepted-values limit (a set of up to 12 is proposed).
    const p = await profileDataset(conn, dataset.id, relation, await conn.columns(relation), suggest ? { topN: ACCEPTED_VALUES_MAX } : {});
    return { profile: p, suggested: suggest ? suggestChecks(p, now) : undefined };
  });
}

type Row = Record<string, unknown>;

/**
 * The rows that make one check of a dataset fail, streamed, `limit` at most (0: all).
 * Undefined when the check is about the whole table (a row count, freshness): it has no rows.
 */
export async function failingRowsOf(ws: Workspace, connections: SourceConnections, dataset: Dataset, checkIndex: number, limit: number): Promise<AsyncIterable<Row> | undefined> {
  const check = dataset.checks[checkIndex]!;
  const conn = await connections.get(dataset.source);
  const relation = await conn.relation(dataset);
  if (check.type === 'referential_integrity') {
    // Same engine or not (a CSV file against a warehouse table): the same rows.
    const resolve = async (id: string) => {
      const t = ws.datasets.find((d) => d.id === id);
      return t ? { dataset: t, conn: await connections.get(t.source) } : undefined;
    };
    return referentialFailingRows(check, { relation, conn, resolve, primaryKey: dataset.primary_key }, limit);
  }
  if (check.type === 'json') return jsonFailingRows(check, dataset.primary_key, relation, conn, limit);
  const select = failingRowsSql(check, dataset, relation, conn);
  return select === null ? undefined : failingRows(conn, select, limit, check.type === 'custom_sql');
}

/** A check of a dataset by its name (as results name it), with its position in the dataset file. */
export function findCheck(dataset: Dataset, name: string): number {
  // As the check compiler names them: the default name, numbered from the second on.
  const seen = new Map<string, number>();
  const names = dataset.checks.map((c) => {
    const base = defaultCheckName(c);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n > 1 ? `${base} #${n}` : base;
  });
  const i = names.indexOf(name);
  if (i < 0) throw new NotFoundError(`dataset ${dataset.id} has no check "${name}"${didYouMean(name, names)}`);
  return i;
}

export const FAILING_ROWS_PAGE_MAX = 200;
/** The deepest a page may start: paging re-reads from the first row, so it is bounded. */
export const FAILING_ROWS_OFFSET_MAX = 10_000;
/** Rows one CSV download carries at most; more means narrowing the check, not a bigger file. */
export const FAILING_ROWS_CSV_MAX = 50_000;

async function openFailingRows(ws: Workspace, env: ReadinessEnv, datasetId: string, checkName: string, limit: number, fn: (rows: AsyncIterable<Row>) => Promise<void>) {
  const dataset = findDataset(ws, datasetId);
  const index = findCheck(dataset, checkName);
  await withSources(ws, env, async (connections) => {
    let rows: AsyncIterable<Row> | undefined;
    try {
      rows = await failingRowsOf(ws, connections, dataset, index, limit);
    } catch (e) {
      throw new ConflictError(`dataset ${datasetId}: ${(e as Error).message}`, 'source_unavailable');
    }
    if (!rows) throw new InvalidError(`the check "${checkName}" is about the whole table (${dataset.checks[index]!.type}), not about rows: it has no failing rows to show`, 'check', [], 'no_failing_rows');
    await fn(rows);
  });
}

/** One page of a check's failing rows, with the columns they carry and whether more follow. */
export async function failingRowsPage(ws: Workspace, env: ReadinessEnv, datasetId: string, checkName: string, page: { offset: number; limit: number }) {
  const out: Row[] = [];
  let more = false;
  await openFailingRows(ws, env, datasetId, checkName, page.offset + page.limit + 1, async (rows) => {
    let i = 0;
    for await (const row of rows) {
      if (i >= page.offset + page.limit) {
        more = true;
        break;
      }
      if (i >= page.offset) out.push(row);
      i++;
    }
  });
  const columns = out[0] ? Object.keys(out[0]) : [];
  // Values as text: a bigint or a date from a driver must reach the browser as it reads.
  const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v));
  return { columns, rows: out.map((r) => columns.map((c) => text(r[c]))), offset: page.offset, limit: page.limit, more };
}

/** A check's failing rows as one RFC 4180 CSV document, FAILING_ROWS_CSV_MAX rows at most. */
export async function failingRowsCsv(ws: Workspace, env: ReadinessEnv, datasetId: string, checkName: string): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const lines: string[] = [];
  let header: string[] | undefined;
  let n = 0;
  let truncated = false;
  await openFailingRows(ws, env, datasetId, checkName, FAILING_ROWS_CSV_MAX + 1, async (rows) => {
    for await (const row of rows) {
      if (n >= FAILING_ROWS_CSV_MAX) {
        truncated = true;
        break;
      }
      if (!header) lines.push(csvLine((header = Object.keys(row))));
      lines.push(csvLine(header.map((k) => row[k])));
      n++;
    }
  });
  return { csv: lines.length > 0 ? `${lines.join('\r\n')}\r\n` : '', rows: n, truncated };
}
