// `traction data profile DATASET [--suggest]`: per-column profile of the real data; with
// --suggest, the checks the data already satisfies, as YAML to paste into the dataset file.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from './context.js';
import { requireWorkspace } from './context.js';
import { profile as profileDataset } from '../application/readiness.js';
import { CONTINUOUS, DISCRETE } from '../readiness/profile.js';
import { describeProfileValue } from '../readiness/suggest-checks.js';

export function registerDataProfile(data: Command, context: () => CliContext, _setExit: (code: number) => void): void {
  data
    .command('profile')
    .description('profile every column of a dataset; --suggest prints checks as YAML')
    .argument('<dataset>', 'dataset id')
    .option('--suggest', 'print suggested checks as YAML to paste under checks:')
    .action(async (datasetId: string, opts: { suggest?: boolean }) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const env = { sourceEnv: ctx.env.raw, connection: { duckdbMemoryLimit: ctx.env.TRACTION_DUCKDB_MEMORY_LIMIT } };
      const { profile, suggested } = await profileDataset(ws, env, datasetId, opts.suggest === true, ctx.now());
      if (ctx.out.json) return ctx.out.printJson({ ...profile, ...(suggested ? { suggested_checks: suggested } : {}) });
      if (suggested) {
        ctx.out.line(`# suggested checks for ${datasetId} (${profile.rows} rows); review, then paste under checks:`);
        ctx.out.line(stringify({ checks: suggested }).trimEnd());
        return;
      }
      ctx.out.line(ctx.out.c.bold(`${datasetId}: ${profile.rows} rows, ${profile.columns.length} columns`));
      const v = describeProfileValue;
      ctx.out.table(
        [
          { header: 'column', value: (c) => c.name },
          { header: 'type', value: (c) => c.type },
          { header: 'null %', value: (c) => (c.nullShare * 100).toFixed(1), align: 'right' },
          { header: 'distinct', value: (c) => c.distinct, align: 'right' },
          { header: 'min', value: (c) => v(c.min) },
          { header: 'max', value: (c) => v(c.max) },
          { header: 'mean', value: (c) => v(c.mean) },
          { header: 'stddev', value: (c) => v(c.stddev) },
          { header: 'median', value: (c) => v(c.medianContinuous?.value) },
          { header: 'quartiles', value: (c) => (c.quantiles ? `${v(c.quantiles.q25)} / ${v(c.quantiles.median)} / ${v(c.quantiles.q75)}` : null) },
          { header: 'length', value: (c) => (c.length ? `${c.length.min}-${c.length.max}` : null) },
          { header: 'pattern', value: (c) => (c.pattern ? `${c.pattern.name} ${(c.pattern.share * 100).toFixed(0)}%` : null) },
          { header: 'top values', value: (c) => c.top.slice(0, 3).map((t) => `${v(t.value)} (${t.count})`).join(', ') },
        ],
        profile.columns,
      );
      // Every quantile says which definition it is (they differ on an even count).
      ctx.out.line(`median: ${CONTINUOUS}, as the aggregate check's median; quartiles (25% / 50% / 75%): ${DISCRETE}, values that occur in the column`);
    });
}
