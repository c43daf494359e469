// `traction import usecases FILE` (a spreadsheet: XLSX or CSV) and `traction import dbt MANIFEST
// --source NAME`. Both only read the file and phrase what the actions answer
// (src/application/imports.ts, dbt-import.ts): every problem by row and column, nothing written
// on a problem unless `--only-good-rows`. Exit 1 when rows were left out, 2 when refused.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importDbtManifest } from '../application/dbt-import.js';
import { importUseCases, locate, type UseCaseImportReport } from '../application/imports.js';
import { parseMapping } from '../imports/column-mapping.js';
import type { RegisterCommand } from './commands.js';
import { withStore, type CliContext } from './context.js';
import { CliError, EXIT } from './output.js';

async function readInput(file: string): Promise<Buffer> {
  return readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.message}`);
  });
}

const collect = (value: string, previous: string[]) => [...previous, value];

function printUseCaseReport(ctx: CliContext, r: UseCaseImportReport, opts: { dryRun?: boolean }): void {
  const { c } = ctx.out;
  ctx.out.line(`${r.file}: header in row ${r.header_row}; columns: ${r.columns.map((m) => `${m.column} "${m.header}" -> ${m.field ?? c.dim('(left out)')}`).join(', ')}`);
  const bad = r.rows.filter((x) => !x.ok);
  for (const row of bad) for (const p of row.problems) ctx.out.line(`  ${c.red('left out')} ${locate(p)}: ${p.message}`);
  const verb = opts.dryRun ? 'would import' : 'imported';
  ctx.out.line(`${verb} ${r.good} use case${r.good === 1 ? '' : 's'} as proposals${bad.length ? `; ${bad.length} row${bad.length === 1 ? '' : 's'} left out` : ''}${r.imported.length ? `: ${r.imported.join(', ')}` : ''}`);
}

function addUseCases(cmd: Command, context: () => CliContext, setExit: (code: number) => void): void {
  cmd
    .command('usecases')
    .description('import use cases from a spreadsheet (XLSX or CSV) as proposals; nothing is written unless every row is good (or --only-good-rows)')
    .argument('<file>', '.xlsx or .csv file; the first row names the columns')
    .option('--map <column=field>', 'which column fills which field, by header or column letter ("Use case=title", "B=problem"; "Notes=" leaves a column out); repeatable', collect, [])
    .option('--sheet <name>', 'the sheet to read (default the first)')
    .option('--dry-run', 'check every row and tell what would be imported; write nothing')
    .option('--only-good-rows', 'import the rows without problems and leave the others out (listed)')
    .action(async (file: string, opts: { map: string[]; sheet?: string; dryRun?: boolean; onlyGoodRows?: boolean }) => {
      const ctx = context();
      let mapping: Record<string, string>;
      try {
        mapping = parseMapping(opts.map);
      } catch (e) {
        throw new CliError(`--map ${(e as Error).message}`);
      }
      const bytes = await readInput(file);
      const caller = { actor: ctx.env.actor, role: 'admin' as const, username: ctx.env.actor };
      const r = await withStore(ctx, (store) =>
        importUseCases({ store, now: ctx.now, workspaceRoot: path.resolve(ctx.workspaceDir) }, { fileName: path.basename(file), bytes, mapping, ...(opts.sheet ? { sheet: opts.sheet } : {}) }, { onlyGoodRows: opts.onlyGoodRows === true, dryRun: opts.dryRun === true }, caller),
      );
      if (r.bad > 0) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson(r);
      printUseCaseReport(ctx, r, opts);
    });
}

function addDbt(cmd: Command, context: () => CliContext): void {
  cmd
    .command('dbt')
    .description("datasets from a dbt manifest.json: each model with its columns, its not_null/unique/accepted_values/relationships tests as checks")
    .argument('<manifest>', "dbt's target/manifest.json (from dbt parse, compile, run or build; schema v9 to v12)")
    .requiredOption('--source <name>', 'the Traction source whose connection reaches the database dbt builds into')
    .option('--dry-run', 'tell what would be created or updated; write nothing')
    .action(async (file: string, opts: { source: string; dryRun?: boolean }) => {
      const ctx = context();
      const text = (await readInput(file)).toString('utf8');
      const caller = { actor: ctx.env.actor, role: 'admin' as const, username: ctx.env.actor };
      const r = await withStore(ctx, (store) => importDbtManifest({ store, now: ctx.now, workspaceRoot: path.resolve(ctx.workspaceDir) }, { fileName: path.basename(file), text }, { source: opts.source, dryRun: opts.dryRun === true }, caller));
      if (ctx.out.json) return ctx.out.printJson(r);
      ctx.out.line(`dbt ${r.dbt_version ?? '?'} manifest v${r.manifest_version} of ${r.project ?? 'a project'}: ${r.datasets.length} models into source ${r.source}`);
      ctx.out.table(
        [
          { header: 'dataset', value: (d) => d.id },
          { header: 'table', value: (d) => d.table },
          { header: 'columns', value: (d) => String(d.columns), align: 'right' },
          { header: 'checks', value: (d) => String(d.checks), align: 'right' },
          { header: r.written ? 'change' : 'would be', value: (d) => d.change },
        ],
        r.datasets,
      );
      ctx.out.line(`${r.translated_tests} dbt tests became checks; ${r.skipped_tests.length} skipped${r.skipped_tests.length ? ':' : ''}`);
      for (const s of r.skipped_tests) ctx.out.line(`  ${s.test}${s.model ? ` (${s.model})` : ''}: ${s.reason}`);
    });
}

export const registerImport: RegisterCommand = (program, context, setExit) => {
  const cmd = program.command('import').description('use cases from a spreadsheet (XLSX, CSV); datasets and checks from a dbt manifest');
  addUseCases(cmd, context, setExit);
  addDbt(cmd, context);
};
