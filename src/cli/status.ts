// `traction status`: the applied use cases by stage, with owner and the next gate.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { CliError } from './output.js';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { listDefinitions } from '../store/definition-repository.js';

export interface StatusRow {
  id: string;
  title: string;
  stage: string;
  owner: string;
  team: string;
  next_stage: string | null;
  next_gate: string[];
}

export function statusRows(config: WorkspaceConfig, useCases: UseCase[]): StatusRow[] {
  const order = new Map([...config.stages, ...config.side_stages].map((s, i) => [s, i]));
  return useCases
    .map((u) => {
      const gate = config.gates.find((g) => g.from === u.stage && !config.side_stages.includes(g.to));
      return {
        id: u.id,
        title: u.title,
        stage: u.stage,
        owner: u.owner,
        team: u.team,
        next_stage: gate?.to ?? null,
        next_gate: gate?.criteria.map((c) => c.kind) ?? [],
      };
    })
    .sort((a, b) => (order.get(a.stage) ?? 99) - (order.get(b.stage) ?? 99) || a.id.localeCompare(b.id));
}

export const registerStatus: RegisterCommand = (program, context) => {
  program
    .command('status')
    .description('use cases by stage, with owner and next gate (from the store)')
    .action(async () => {
      const ctx = context();
      const defs = await withStore(ctx, (store) => listDefinitions(store.db));
      const config = defs.find((d) => d.kind === 'config')?.body as WorkspaceConfig | undefined;
      if (!config) throw new CliError('the store holds no workspace; run `traction apply` first');
      const rows = statusRows(config, defs.filter((d) => d.kind === 'use_case').map((d) => d.body as UseCase));
      if (ctx.out.json) return ctx.out.printJson(rows);
      ctx.out.line(`${ctx.out.c.bold(config.organisation)}: ${rows.length} use cases`);
      ctx.out.line();
      ctx.out.table(
        [
          { header: 'stage', value: (r) => r.stage, colour: (t) => ctx.out.c.cyan(t) },
          { header: 'use case', value: (r) => r.id },
          { header: 'title', value: (r) => r.title },
          { header: 'owner', value: (r) => r.owner },
          { header: 'next gate', value: (r) => (r.next_stage ? `-> ${r.next_stage}: ${r.next_gate.join(', ')}` : null) },
        ],
        rows,
      );
    });
};
