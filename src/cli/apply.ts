// `traction apply`: the workspace files into the store in one transaction, idempotently, for
// the definitions the files own (src/application/definitions.ts decides; this phrases it).
import type { RegisterCommand } from './commands.js';
import { requireWorkspace, withStore } from './context.js';
import { applyWorkspace } from '../application/definitions.js';
import type { ChangeKind } from '../store/definition-repository.js';
import { describeLocation } from '../store/store.js';

export const registerApply: RegisterCommand = (program, context) => {
  program
    .command('apply')
    .description('store the workspace definitions (created / updated / unchanged / archived / kept per object)')
    .option('--prefer-files', 'where a definition was changed both in its file and in the browser, keep the file (the browser version stays in the history)')
    .action(async (opts: { preferFiles?: boolean }) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const { changes, summary, where } = await withStore(ctx, async (store) => ({
        ...(await applyWorkspace({ store, actor: ctx.env.actor, now: ctx.now() }, ws, { preferFiles: opts.preferFiles === true })),
        where: describeLocation(store.location),
      }));
      if (ctx.out.json) return ctx.out.printJson({ store: where, summary, changes });
      const { c } = ctx.out;
      const paint: Record<ChangeKind, (s: string) => string> = { created: c.green, updated: c.yellow, unchanged: c.dim, archived: c.red, restored: c.cyan, kept: c.magenta };
      const why = { store_owned: 'created in the browser', pending_change: 'edited in the browser' } as const;
      ctx.out.table(
        [
          { header: 'kind', value: (r) => r.kind },
          { header: 'id', value: (r) => r.id },
          { header: 'change', value: (r) => (r.reason ? `${r.change} (${why[r.reason]})` : r.change), colour: (t, r) => paint[r.change](t) },
          { header: 'version', value: (r) => r.version, align: 'right' },
        ],
        changes,
      );
      ctx.out.line();
      ctx.out.line(`${Object.entries(summary).map(([k, n]) => `${n} ${k}`).join(', ')} -> ${where}`);
      if (summary.kept !== undefined) ctx.out.info(`${summary.kept} definition${summary.kept === 1 ? ' was' : 's were'} kept as changed in the browser; \`traction pull\` writes them into the files`);
    });
};
