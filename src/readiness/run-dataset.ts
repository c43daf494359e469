// Runs the checks of one dataset: compile, run the scans, group-bys and follow-ups, then
// referential integrity, custom SQL and schema, then evaluate. A failure is pinned to the
// check that caused it (the failed query's checks are re-run one by one), so one bad
// regex or unknown column costs one check, never the dataset or the run.
import type { Check } from '../domain/checks.js';
import type { Dataset } from '../domain/dataset.js';
import { closest } from '../workspace/schema-keys.js';
import { compileChecks, noDuplicatesRow, scanSql, type CompiledCheck, type CompiledPlan } from './check-compiler.js';
import { columnsOf } from './check-conditions.js';
import { errorOutcome, evaluateCheck, type CheckOutcome, type ColumnInfo, type ExternalResult, type Row } from './check-evaluation.js';
import { TABLE_TYPES } from './catalogue-checks.js';
import { runExternal } from './external-checks.js';
import { mapPool } from './map-pool.js';
import { runComposed, type Composed } from './composed-run.js';
import { answerFromStatistics, footerMayAnswerAll, type FileStatistics } from './parquet-metadata.js';
import type { SourceConnection } from './source-connection.js';
import { baseDialect } from './sql-dialect.js';

export interface DatasetRun {
  datasetId: string;
  outcomes: CheckOutcome[];
  rowCount: number | null;
  /** A failure of the whole dataset (file missing, cannot connect); checks then all show it. */
  error?: string;
  metrics: { metric: string; value: number }[];
  durationMs: number;
  queries: number;
}

export interface DatasetTarget {
  dataset: Dataset;
  conn: SourceConnection;
}

export interface RunDatasetInput extends DatasetTarget {
  /** Other datasets, for referential integrity. */
  resolve(datasetId: string): Promise<DatasetTarget | undefined>;
  previousRowCount?: number;
  now: Date;
  /** See RunChecksInput.keepTables. */
  keepTables?: boolean;
  onStep?(done: number, total: number): void;
}

interface Executed {
  scans: Map<string, Row>;
  groups: Map<string, Row[]>;
  ordered: Map<string, unknown>;
  failed: Map<string, string>; // query key -> error message
  queries: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] as string;

/** Runs a plan's queries; `known` holds scans and groups already answered (by a composed statement), which are not run again. */
async function executePlan(plan: CompiledPlan, conn: SourceConnection, step: () => void, known?: Composed): Promise<Executed> {
  const out: Executed = { scans: new Map(known?.scans), groups: new Map(known?.groups), ordered: new Map(), failed: new Map(), queries: known ? 1 : 0 };
  const attempt = async (key: string, fn: () => Promise<void>) => {
    out.queries++;
    try {
      await fn();
    } catch (e) {
      out.failed.set(key, message(e));
    }
    step();
  };
  const runScan = (sq: CompiledPlan['scans'][number]) => attempt(`scan:${sq.key}`, async () => void out.scans.set(sq.key, (await conn.query(sq.sql))[0] ?? {}));
  const runGroup = (g: CompiledPlan['groups'][number]) => attempt(`group:${g.key}`, async () => void out.groups.set(g.key, await conn.query(g.sql)));
  // Skippable group-bys wait for their scan: with no duplicate they are not run at all.
  const [later, now] = partition(
    plan.groups.filter((g) => !out.groups.has(g.key)),
    (g) => g.skipUnlessDuplicates !== undefined,
  );
  const scans = plan.scans.filter((sq) => !out.scans.has(sq.key));
  await inParallel([...scans.map((sq) => () => runScan(sq)), ...now.map((g) => () => runGroup(g))], conn.queryConcurrency);
  await inParallel(
    later.map((g) => () => {
      const skip = g.skipUnlessDuplicates as NonNullable<typeof g.skipUnlessDuplicates>;
      const scan = out.scans.get(skip.scanKey);
      if (scan && Number(scan[skip.distinct]) === Number(scan[skip.nonNull])) {
        out.groups.set(g.key, [noDuplicatesRow(Number(scan[skip.nonNull]))]);
        step();
        return Promise.resolve();
      }
      return runGroup(g);
    }),
    conn.queryConcurrency,
  );
  for (const o of plan.ordered) {
    const n = Number(out.scans.get(o.scanKey)?.[o.countAlias] ?? 0);
    const q = o.build(n);
    if (!q) {
      out.ordered.set(o.key, null);
      continue;
    }
    await attempt(`ordered:${o.key}`, async () => {
      const values = (await conn.query(q.sql)).map((r) => r.v);
      out.ordered.set(o.key, o.mode === 'cont' && values.length === 2 ? (Number(values[0]) + Number(values[1])) / 2 : values[0]);
    });
  }
  return out;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}

/** Runs the tasks at most `limit` at a time (1 = one after the other). */
async function inParallel(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  await mapPool(tasks, limit, (task) => task());
}

const failureOf = (c: CompiledCheck, x: Executed): string | undefined =>
  (c.scanKey !== undefined ? x.failed.get(`scan:${c.scanKey}`) : undefined) ??
  (c.groupKey !== undefined ? x.failed.get(`group:${c.groupKey}`) : undefined) ??
  (c.orderedKey !== undefined ? x.failed.get(`ordered:${c.orderedKey}`) : undefined);

function unknownColumns(check: Check, columns: ColumnInfo[]): string | undefined {
  const known = columns.map((c) => c.name);
  for (const col of columnsOf(check)) {
    if (known.includes(col)) continue;
    const s = closest(col, known);
    return `unknown column "${col}"${s ? ` (did you mean "${s}"?)` : ` (columns: ${known.join(', ')})`}`;
  }
  return undefined;
}

export async function runDataset(input: RunDatasetInput): Promise<DatasetRun> {
  const started = Date.now();
  const { dataset } = input;
  const base = { datasetId: dataset.id, metrics: [] as { metric: string; value: number }[], queries: 0 };
  // A file known before it is read (its name and columns): read only if a query needs it,
  // and a CSV's queries composed into one statement that reads it once (composed-run.ts).
  const prepared = await input.conn.prepare?.(dataset, { compose: input.keepTables !== true }).catch(() => undefined);
  const conn = prepared ? relationOnDemand(input.conn, dataset) : input.conn;
  let relation: string;
  let columns: ColumnInfo[];
  try {
    relation = prepared?.name ?? (await conn.relation(dataset));
    columns = prepared?.columns ?? (await conn.columns(relation));
  } catch (e) {
    return failedDatasetRun(dataset, message(e), Date.now() - started);
  }
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const plan = compileChecks({ relation, checks: dataset.checks, dialect: conn.dialect, types });
  const invalid = new Map<number, string>();
  for (const c of plan.checks) {
    // A check that cannot compile says where: dataset, check and (in the reason) the column.
    const problem = unknownColumns(c.check, columns) ?? (c.error === undefined ? undefined : `dataset ${dataset.id}, check ${c.name}: ${c.error}`);
    if (problem) invalid.set(c.index, problem);
  }
  // Compile again without the checks that cannot run, so their columns never reach SQL (when
  // every check can run, the plan is the one just compiled: compiling is pure).
  const runnable = plan.checks.filter((c) => !invalid.has(c.index));
  const runPlan = invalid.size === 0 ? { ...plan, scans: [...plan.scans] } : compileChecks({ relation, checks: runnable.map((c) => c.check), dialect: conn.dialect, types });
  runPlan.checks.forEach((c, i) => Object.assign(c, { index: (runnable[i] as CompiledCheck).index, name: (runnable[i] as CompiledCheck).name }));
  const fromFile = await answerFromFile(runPlan, relation, input.dataset, conn, columns);
  // Schema and the table checks are judged from the columns alone: no query.
  const externals = runPlan.checks.filter((c) => c.external && c.check.type !== 'schema' && !TABLE_TYPES.has(c.check.type));
  const total = runPlan.scans.length + runPlan.groups.length + runPlan.ordered.length + externals.length;
  let done = 0;
  const step = () => input.onStep?.(++done, total);

  const composed = prepared ? await runComposed({ plan: runPlan, externals, dataset, prepared, conn: input.conn, resolve: input.resolve }) : undefined;
  if (prepared?.cte !== undefined && !composed) {
    // The one statement failed (or had nothing in it): the usual way, the file read into its table first.
    try {
      await conn.relation(dataset);
    } catch (e) {
      return failedDatasetRun(dataset, message(e), Date.now() - started);
    }
  }
  for (let i = 0; i < (composed?.parts ?? 0); i++) step();
  const executed = await executePlan(runPlan, conn, step, composed);
  for (const [key, row] of fromFile.rows) executed.scans.set(key, { ...row, ...executed.scans.get(key) });
  const external = new Map<number, ExternalResult>();
  const externalErrors = new Map<number, string>();
  for (const c of externals) {
    const answered = composed?.external.get(c.index);
    if (answered) {
      external.set(c.index, answered);
      continue;
    }
    try {
      external.set(c.index, await runExternal(c, { relation, dataset, conn, resolve: input.resolve, types }));
    } catch (e) {
      externalErrors.set(c.index, message(e));
    }
    step();
  }
  const counted = executed.scans.get(runPlan.rowCount.scanKey)?.[runPlan.rowCount.alias];
  const inputs = {
    scans: executed.scans,
    groups: executed.groups,
    ordered: executed.ordered,
    external,
    columns,
    previousRowCount: input.previousRowCount,
    ...(counted !== undefined && counted !== null ? { rowCount: Number(counted) } : {}),
    now: input.now,
  };
  const outcomes: CheckOutcome[] = [];
  let queries = executed.queries + externals.length - (composed?.external.size ?? 0);
  for (const c of plan.checks) {
    const compiled = runPlan.checks.find((r) => r.index === c.index);
    const problem = invalid.get(c.index) ?? externalErrors.get(c.index);
    if (problem !== undefined || !compiled) {
      outcomes.push(errorOutcome(c, problem ?? 'not run'));
      continue;
    }
    if (failureOf(compiled, executed) === undefined) {
      outcomes.push(withSource(evaluateCheck(compiled, inputs), compiled, fromFile));
      continue;
    }
    // The shared query failed: run this check on its own to tell whether it is the culprit.
    const alone = compileChecks({ relation, checks: [c.check], dialect: conn.dialect, types });
    const single = await executePlan(alone, conn, () => undefined);
    queries += single.queries;
    const only = alone.checks[0] as CompiledCheck;
    const failure = failureOf(only, single);
    outcomes.push(failure !== undefined ? errorOutcome(c, `dataset ${dataset.id}, check ${c.name}: ${failure}`) : evaluateCheck(Object.assign(only, { index: c.index, name: c.name }), { ...inputs, ...single }));
  }
  let rowCountValue = executed.scans.get(runPlan.rowCount.scanKey)?.[runPlan.rowCount.alias];
  if (rowCountValue === undefined) {
    // The main scan failed (a check's fault, reported above); the row count is still history.
    rowCountValue = await conn.query(`select count(*) as n from ${relation}`).then((r) => r[0]?.n, () => undefined);
    queries++;
  }
  const rowCount = rowCountValue === undefined || rowCountValue === null ? null : Number(rowCountValue);
  return { ...base, outcomes, rowCount, metrics: metricsOf(rowCount, outcomes), durationMs: Date.now() - started, queries };
}

/**
 * The connection with the dataset's relation created on first use: a prepared file (its
 * name and columns known) is read into the run's database only when a query names it.
 */
function relationOnDemand(conn: SourceConnection, dataset: Dataset): SourceConnection {
  let created: Promise<string> | undefined;
  const ready = () => (created ??= conn.relation(dataset));
  const lazy: SourceConnection = Object.create(conn) as SourceConnection;
  return Object.assign(lazy, {
    relation: (d: Dataset) => (d === dataset ? ready() : conn.relation(d)),
    query: async (sql: string) => (await ready(), conn.query(sql)),
    queryReadOnly: async (sql: string) => (await ready(), conn.queryReadOnly(sql)),
    async *stream(sql: string) {
      await ready();
      yield* conn.stream(sql);
    },
  });
}

interface FromFile {
  /** Scan key -> the aliases answered from the file's statistics. */
  rows: Map<string, Row>;
  source?: FileStatistics['source'];
}

/**
 * Answers what the file's own statistics state exactly (a Parquet footer: row count, null
 * counts, min/max; parquet-metadata.ts) and leaves the rest of the unfiltered scan to run;
 * a scan answered whole is not run at all. The footer is not read when the scan must run
 * anyway for an expression no footer answers (a regex, a mean); filtered scans always run.
 */
async function answerFromFile(plan: CompiledPlan, relation: string, dataset: Dataset, conn: SourceConnection, columns: ColumnInfo[]): Promise<FromFile> {
  const none: FromFile = { rows: new Map() };
  const scan = plan.scans.find((s) => s.where === undefined);
  if (!scan || !conn.fileStatistics) return none;
  if (!footerMayAnswerAll(conn.dialect, scan.exprs, columns.map((c) => c.name))) return none;
  // Only the columns the scan names: each costs a few subqueries over the footer's rows.
  const named = columns.filter((c) => scan.exprs.some((e) => e.expr.includes(conn.dialect.quote(c.name))));
  const stats = await conn.fileStatistics(dataset, named).catch(() => undefined);
  if (!stats) return none;
  const row = answerFromStatistics(conn.dialect, scan.exprs, stats);
  if (Object.keys(row).length === 0) return none;
  const rest = scan.exprs.filter((e) => !(e.alias in row));
  if (rest.length === 0) plan.scans.splice(plan.scans.indexOf(scan), 1);
  else Object.assign(scan, { exprs: rest, sql: scanSql(relation, rest, undefined) });
  return { rows: new Map([[scan.key, row]]), source: stats.source };
}

/** Says so in the outcome when every number of a check came from the file's statistics. */
function withSource(outcome: CheckOutcome, c: CompiledCheck, fromFile: FromFile): CheckOutcome {
  const row = c.scanKey === undefined ? undefined : fromFile.rows.get(c.scanKey);
  const aliases = Object.values(c.aliases);
  if (!row || !fromFile.source || c.groupKey !== undefined || c.orderedKey !== undefined || c.external || aliases.length === 0 || !aliases.every((a) => a in row)) return outcome;
  return { ...outcome, source: fromFile.source, message: `${outcome.message} (from the file's ${fromFile.source})` };
}

/** A dataset that could not be read at all: every check carries the reason. */
export function failedDatasetRun(dataset: Dataset, error: string, durationMs = 0): DatasetRun {
  const plan = compileChecks({ relation: '?', checks: dataset.checks, dialect: baseDialect });
  return { datasetId: dataset.id, outcomes: plan.checks.map((c) => errorOutcome(c, error)), rowCount: null, error, metrics: [], durationMs, queries: 0 };
}

/** The numbers kept as history: the row count and each check's observed number. */
function metricsOf(rowCount: number | null, outcomes: CheckOutcome[]): { metric: string; value: number }[] {
  const metrics = rowCount === null ? [] : [{ metric: 'row_count', value: rowCount }];
  for (const o of outcomes) {
    if (o.status === 'error') continue;
    // A row_count check without a filter repeats the dataset's row count: keep one.
    if (typeof o.observed === 'number' && Number.isFinite(o.observed) && !metrics.some((m) => m.metric === o.name)) metrics.push({ metric: o.name, value: o.observed });
  }
  return metrics;
}
