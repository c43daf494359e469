// `traction pull`: changes made in the browser into the workspace files (comments and layout
// kept), and use cases proposed in the browser as new files; the files own them afterwards.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { pullDefinitions } from '../application/definitions.js';

export const registerPull: RegisterCommand = (program, context) => {
  program
    .command('pull')
    .description('write changes made in the browser into the workspace files, which then own them')
    .option('--prefer-store', 'where a definition was changed both in its file and in the browser, overwrite the file with the browser version')
    .action(async (opts: { preferStore?: boolean }) => {
      const ctx = context();
      const pulled = await withStore(ctx, (store) => pullDefinitions({ store, actor: ctx.env.actor, now: ctx.now() }, ctx.workspaceDir, { preferStore: opts.preferStore === true }));
      if (ctx.out.json) return ctx.out.printJson({ pulled });
      if (pulled.length === 0) return ctx.out.line('nothing to pull: the files hold every change');
      const { c } = ctx.out;
      const paint = { written: c.yellow, added: c.green, removed: c.red, settled: c.dim };
      ctx.out.table(
        [
          { header: 'kind', value: (r) => r.kind },
          { header: 'id', value: (r) => r.id },
          { header: 'file', value: (r) => r.file },
          { header: 'change', value: (r) => r.change, colour: (t, r) => paint[r.change](t) },
        ],
        pulled,
      );
      ctx.out.line();
      ctx.out.line(`${pulled.filter((p) => p.change !== 'settled').length} file(s) written; the files now own ${pulled.length} definition(s)`);
    });
};
