// `traction data history DATASET [--metric M]`: a metric's stored values over runs, each
// judged against its own history (z-score over a trailing window, optional weekly
// seasonality, rate of change).
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { CliError } from './output.js';
import { findDataset, judgedHistory } from '../application/readiness.js';

interface HistoryOptions {
  metric: string;
  window: string;
  z: string;
  weekly?: boolean;
  maxChange?: string;
}

/**
 * A metric as text, never rounded onto a whole number it is not: a pass share of 0.99795
 * prints 0.998, not 1 (which would read as every value passing).
 */
export function metricText(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return Number.isFinite(v) ? v.toLocaleString('en-US') : String(v);
  for (let digits = 2; digits <= 15; digits++) {
    const text = v.toFixed(digits);
    if (!Number.isInteger(Number(text))) return String(Number(text));
  }
  return String(v);
}

export function registerDataHistory(data: Command, context: () => CliContext, _setExit: (code: number) => void): void {
  data
    .command('history')
    .description("a dataset's metric over past runs, with anomalies flagged")
    .argument('<dataset>', 'dataset id')
    .option('--metric <name>', 'the metric (row_count or a check name)', 'row_count')
    .option('--window <n>', 'earlier points the baseline uses', '14')
    .option('--z <threshold>', 'z-score above which a point is an anomaly', '3')
    .option('--weekly', 'compare with the same weekday only (weekly seasonality)')
    .option('--max-change <fraction>', 'also flag a change against the previous point above this, e.g. 0.3')
    .action(async (datasetId: string, opts: HistoryOptions) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      findDataset(ws, datasetId);
      const num = (v: string, what: string) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new CliError(`${what} must be a positive number, found "${v}"`);
        return n;
      };
      const query = {
        metric: opts.metric,
        window: num(opts.window, '--window'),
        zThreshold: num(opts.z, '--z'),
        weekly: opts.weekly === true,
        ...(opts.maxChange !== undefined ? { maxRateOfChange: num(opts.maxChange, '--max-change') } : {}),
      };
      const { points } = await withStore(ctx, (store) => judgedHistory(store.db, datasetId, query));
      if (points.length === 0) throw new CliError(`no history of "${opts.metric}" for ${datasetId}; run \`traction data check\` first`);
      const judged = points.map(({ runId: _runId, ...p }) => p);
      if (ctx.out.json) return ctx.out.printJson({ dataset: datasetId, metric: opts.metric, points: judged });
      ctx.out.table(
        [
          { header: 'at', value: (p) => p.at },
          { header: opts.metric, value: (p) => metricText(p.value), align: 'right' },
          { header: 'expected', value: (p) => (p.expected === null ? null : metricText(p.expected)), align: 'right' },
          { header: 'z', value: (p) => (p.zScore === null ? null : Number.isFinite(p.zScore) ? p.zScore.toFixed(2) : String(p.zScore)), align: 'right' },
          { header: 'change', value: (p) => (p.rateOfChange === null ? null : `${(p.rateOfChange * 100).toFixed(1)}%`), align: 'right' },
          { header: 'anomaly', value: (p) => p.reason, colour: (t) => ctx.out.c.red(t) },
        ],
        judged,
      );
    });
}
