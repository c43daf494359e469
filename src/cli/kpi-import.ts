// `traction kpi import FILE`: measurements from CSV (use_case, kpi, at, value[, baseline]).
// Every row is validated; bad rows are reported with their line and skipped, all good rows
// are stored in one transaction (src/application/impact.ts `importKpiCsv`). Exit code 1
// when any row was rejected.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { importKpiCsv } from '../application/impact.js';
import type { CliContext } from './context.js';
import { requireWorkspace, withStore } from './context.js';
import { kpiIndex } from './kpi-common.js';
import { CliError, EXIT } from './output.js';

export function addKpiImport(kpi: Command, context: () => CliContext, setExit: (code: number) => void): void {
  kpi
    .command('import')
    .description('import KPI values from CSV: use_case,kpi,at,value[,baseline]; bad rows are reported and skipped')
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const ctx = context();
      const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      });
      const ws = await requireWorkspace(ctx);
      const r = await withStore(ctx, (store) =>
        importKpiCsv(store, kpiIndex(ws), text, file, { allOrNothing: false, sourceOf: (line) => `import:${file}:${line}` }, { now: ctx.now(), actor: ctx.env.actor }),
      );
      const stored = { measurements: r.imported, baselines: r.baselines };
      const problems = r.messages;
      if (problems.length) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ file, imported: stored.measurements, baselines: stored.baselines, rejected: problems.length, problems });
      ctx.out.line(`imported ${stored.measurements} value${stored.measurements === 1 ? '' : 's'} (${stored.baselines} baseline${stored.baselines === 1 ? '' : 's'}) from ${file}`);
      if (problems.length) {
        ctx.out.error(`${problems.length} row${problems.length === 1 ? '' : 's'} rejected:`);
        for (const p of problems) ctx.out.info(`  ${p}`);
      }
    });
}
