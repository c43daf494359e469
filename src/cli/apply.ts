// `traction apply`: upsert the workspace into the store in one transaction, idempotently.
import type { RegisterCommand } from './commands.js';
import { requireWorkspace, withStore } from './context.js';
import { applyDefinitions, type ChangeKind } from '../store/definition-repository.js';
import { describeLocation } from '../store/store.js';
import { workspaceDefinitions } from '../workspace/definitions.js';

export const registerApply: RegisterCommand = (program, context) => {
  program
    .command('apply')
    .description('store the workspace definitions (created / updated / unchanged / archived per object)')
    .action(async () => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      const { changes, where } = await withStore(ctx, async (store) => ({
        changes: await applyDefinitions(store, workspaceDefinitions(ws), ctx.env.actor, ctx.now()),
        where: describeLocation(store.location),
      }));
      const summary: Record<ChangeKind, number> = { created: 0, updated: 0, unchanged: 0, archived: 0, restored: 0 };
      for (const c of changes) summary[c.change] += 1;
      if (ctx.out.json) return ctx.out.printJson({ store: where, summary, changes });
      const { c } = ctx.out;
      const paint: Record<ChangeKind, (s: string) => string> = { created: c.green, updated: c.yellow, unchanged: c.dim, archived: c.red, restored: c.cyan };
      ctx.out.table(
        [
          { header: 'kind', value: (r) => r.kind },
          { header: 'id', value: (r) => r.id },
          { header: 'change', value: (r) => r.change, colour: (t, r) => paint[r.change](t) },
          { header: 'version', value: (r) => r.version, align: 'right' },
        ],
        changes,
      );
      ctx.out.line();
      ctx.out.line(`${Object.entries(summary).map(([k, n]) => `${n} ${k}`).join(', ')} -> ${where}`);
    });
};
