// `traction init [dir]`: a commented starter workspace with schema lines for editors.
import { mkdir, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RegisterCommand } from './commands.js';
import { CliError } from './output.js';
import { STARTER_FILES } from '../workspace/starter-workspace.js';
import { writeSchemas } from '../workspace/write-workspace.js';

export const registerInit: RegisterCommand = (program, context) => {
  program
    .command('init [dir]')
    .description('create a starter workspace (traction.yaml, a use case, a source, a dataset, JSON schemas)')
    .action(async (dir: string | undefined) => {
      const ctx = context();
      const root = path.resolve(dir ?? ctx.workspaceDir);
      if (await stat(path.join(root, 'traction.yaml')).catch(() => undefined))
        throw new CliError(`${path.join(root, 'traction.yaml')} already exists; not overwriting a workspace`);
      for (const [rel, text] of Object.entries(STARTER_FILES)) {
        await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await writeFile(path.join(root, rel), text);
      }
      await writeSchemas(root);
      if (ctx.out.json) return ctx.out.printJson({ workspace: root, files: Object.keys(STARTER_FILES) });
      ctx.out.line(`created a workspace in ${root}`);
      ctx.out.line(`next: traction validate -w ${dir ?? '.'} && traction apply -w ${dir ?? '.'}`);
    });
};
