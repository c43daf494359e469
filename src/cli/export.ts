// `traction export --out DIR`: write the definitions the portfolio holds as a workspace folder
// (application/export-definitions.ts: proposals not yet accepted are left out, and named).
// Re-applying an export reports everything unchanged.
import { readdir } from 'node:fs/promises';
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { CliError } from './output.js';
import { definitionsToExport } from '../application/export-definitions.js';
import { writeDefinitions } from '../workspace/write-workspace.js';

export const registerExport: RegisterCommand = (program, context) => {
  program
    .command('export')
    .description('write the definitions in the store as YAML files (round-trips with apply)')
    .requiredOption('-o, --out <dir>', 'folder to write the workspace into')
    .option('--force', 'write into a folder that is not empty')
    .action(async (opts: { out: string; force?: boolean }) => {
      const ctx = context();
      const entries = await readdir(opts.out).catch(() => []);
      if (entries.length > 0 && !opts.force) throw new CliError(`${opts.out} is not empty; choose an empty folder or pass --force`);
      const { definitions, proposalsLeftOut } = await withStore(ctx, definitionsToExport);
      if (definitions.length === 0) throw new CliError('the store holds no definitions; run `traction apply` first');
      const written = await writeDefinitions(opts.out, definitions);
      if (ctx.out.json) return ctx.out.printJson({ out: opts.out, files: written, proposals_left_out: proposalsLeftOut });
      ctx.out.line(`wrote ${written.length} files to ${opts.out}`);
      if (proposalsLeftOut.length > 0)
        ctx.out.info(`left out ${proposalsLeftOut.length} proposal${proposalsLeftOut.length === 1 ? '' : 's'} not yet accepted by a portfolio owner (${proposalsLeftOut.join(', ')}): they stay in the store until accepted`);
    });
};
