// `traction data profile DATASET [--suggest]`: per-column profile of the real data; with
// --suggest, the checks the data already satisfies, as YAML to paste into the dataset file.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from './context.js';
import { requireWorkspace } from './context.js';
import { CliError } from './output.js';
import { CONTINUOUS, DISCRETE, profileDataset } from '../readiness/profile.js';
import { SourceConnections } from '../readiness/source-connections.js';
import { ACCEPTED_VALUES_MAX, describeProfileValue, suggestChecks } from '../readiness/suggest-checks.js';
import { closest } from '../workspace/schema-keys.js';

export function registerDataProfile(data: Command, context: () => CliContext, _setExit: (code: number) => void): void {
  data
    .command('profile')
    .description('profile every column of a dataset; --suggest prints checks as YAML')
    .argument('<dataset>', 'dataset id')
    .option('--suggest', 'print suggested checks as YAML to paste under checks:')
    .action(async (datasetId: string, opts: { suggest?: boolean }) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const dataset = ws.datasets.find((d) => d.id === datasetId);
      if (!dataset) {
        const s = closest(datasetId, ws.datasets.map((d) => d.id));
        throw new CliError(`unknown dataset "${datasetId}"${s ? ` (did you mean "${s}"?)` : ''}`);
      }
      const connections = new SourceConnections(ws, ctx.env.raw, { duckdbMemoryLimit: ctx.env.TRACTION_DUCKDB_MEMORY_LIMIT });
      try {
        const conn = await connections.get(dataset.source).catch((e: Error) => Promise.reject(new CliError(`dataset ${datasetId}: ${e.message}`)));
        const relation = await conn.relation(dataset).catch((e: Error) => Promise.reject(new CliError(e.message)));
        // With --suggest the top values go up to the accepted-values limit (a set of up to 12 is proposed).
        const profile = await profileDataset(conn, dataset.id, relation, await conn.columns(relation), opts.suggest ? { topN: ACCEPTED_VALUES_MAX } : {});
        const suggested = opts.suggest ? suggestChecks(profile, ctx.now()) : undefined;
        if (ctx.out.json) return ctx.out.printJson({ ...profile, ...(suggested ? { suggested_checks: suggested } : {}) });
        if (suggested) {
          ctx.out.line(`# suggested checks for ${dataset.id} (${profile.rows} rows); review, then paste under checks:`);
          ctx.out.line(stringify({ checks: suggested }).trimEnd());
          return;
        }
        ctx.out.line(ctx.out.c.bold(`${dataset.id}: ${profile.rows} rows, ${profile.columns.length} columns`));
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
      } finally {
        await connections.closeAll();
      }
    });
}
