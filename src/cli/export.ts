// `traction export --out DIR`: write the applied definitions back as a workspace folder.
// Re-applying an export reports everything unchanged.
import { readdir } from 'node:fs/promises';
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { CliError } from './output.js';
import { listDefinitions } from '../store/definition-repository.js';
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
      const defs = await withStore(ctx, (store) => listDefinitions(store.db));
      if (defs.length === 0) throw new CliError('the store holds no definitions; run `traction apply` first');
      const written = await writeDefinitions(opts.out, defs);
      if (ctx.out.json) return ctx.out.printJson({ out: opts.out, files: written });
      ctx.out.line(`wrote ${written.length} files to ${opts.out}`);
    });
};
