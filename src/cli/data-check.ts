// `traction data check [DATASET...] [--usecase ID] [--failing-rows] [--json|--md]`: runs the
// checks (bounded concurrency, a progress bar per dataset on a terminal), stores the whole
// run in one transaction, prints results and readiness scores; exit 1 when a fail-severity
// check fails or cannot run, or when a dataset cannot be read at all (whatever its checks).
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { printCheckReport, printFailingRows } from './data-check-report.js';
import { CliError, EXIT } from './output.js';
import { ProgressDisplay } from './progress.js';
import { runReadiness, selectRunDatasets, withSources } from '../application/readiness.js';

export interface DataCheckOptions {
  usecase?: string;
  failingRows?: boolean;
  limit: string;
  csv?: string;
  md?: boolean;
  concurrency: string;
  timeout?: string;
  asOf?: string;
  store: boolean;
}

const positiveInt = (v: string, what: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${what} must be a whole number, found "${v}"`);
  return n;
};

/** --as-of: a date or date-time (UTC unless it says otherwise) that freshness is judged against. */
function parseAsOf(text: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = /^\d{4}-\d{2}-\d{2}[T ]/.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) throw new CliError(`--as-of must be a date or date-time such as 2026-11-15 or 2026-11-15T06:00:00Z, found "${text}"`);
  return new Date(t);
}

export async function dataCheck(ctx: CliContext, names: string[], opts: DataCheckOptions): Promise<number> {
  const ws = await requireWorkspace(ctx);
  const ids = selectRunDatasets(ws, names, opts.usecase);
  const timeoutMs = opts.timeout !== undefined ? positiveInt(opts.timeout, '--timeout') * 1000 : undefined;
  const asOf = opts.asOf !== undefined ? parseAsOf(opts.asOf) : undefined;
  const concurrency = Math.max(1, positiveInt(opts.concurrency, '--concurrency'));
  const limit = positiveInt(opts.limit, '--limit');
  const env = { sourceEnv: ctx.env.raw, connection: { duckdbMemoryLimit: ctx.env.TRACTION_DUCKDB_MEMORY_LIMIT, ...(timeoutMs ? { timeoutMs } : {}) } };
  return withSources(ws, env, (connections) =>
    withStore(ctx, async (store) => {
      const progress = new ProgressDisplay(ctx.out.streams.stderr, ids);
      const { result, runs } = await runReadiness(store, ws, connections, {
        datasets: names,
        useCase: opts.usecase,
        actor: ctx.env.actor,
        now: ctx.now,
        asOf,
        concurrency,
        record: opts.store,
        keepTables: opts.failingRows === true || opts.csv !== undefined,
        onProgress: (e) => progress.update(e.datasetId, e.done, e.total, e.finished, e.run ? `${e.run.outcomes.filter((o) => o.status !== 'pass').length} not passing` : ''),
      });
      progress.finish();
      printCheckReport(ctx, result, runs, opts.md === true, opts.store);
      if (opts.failingRows || opts.csv !== undefined) await printFailingRows(ctx, ws, runs, connections, limit, opts.csv);
      // A dataset that could not be read at all (file missing, no connection) fails the run
      // whatever the severity of its checks: nothing about it was checked.
      return result.summary.failing || runs.some((r) => r.error !== undefined) ? EXIT.failed : EXIT.ok;
    }),
  );
}

export function registerDataCheck(data: Command, context: () => CliContext, setExit: (code: number) => void): void {
  data
    .command('check')
    .description('run the checks of the datasets (all by default), store the run, print results and readiness scores')
    .argument('[datasets...]', 'dataset ids (default: all)')
    .option('--usecase <id>', "also check every dataset this use case needs")
    .option('--failing-rows', 'show the failing rows of each failing check, with the primary key')
    .option('--limit <n>', 'failing rows per check (0 = all)', '10')
    .option('--csv <dir>', 'write the failing rows of each failing check as CSV files into this folder')
    .option('--md', 'print the report as Markdown')
    .option('--concurrency <n>', 'datasets checked at the same time', '4')
    .option('--timeout <seconds>', 'time limit per query')
    .option('--as-of <time>', 'judge freshness against this date or time instead of now (e.g. when a snapshot was exported)')
    .option('--no-store', 'do not record the run in the store')
    .action(async (names: string[], opts: DataCheckOptions) => {
      setExit(await dataCheck(context(), names, opts));
    });
}
