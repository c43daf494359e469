// `traction status`: the applied use cases by current stage (from the decision log, else as
// declared), with owner and how far each is through its next gate (criteria met / total).
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { gateState, type GateState } from '../gates/gate-state.js';
import type { UseCase } from '../domain/use-case.js';
import { needsNpv, requireConfig, type NpvSource } from '../application/gates.js';
import { evaluateTarget } from '../gates/gate-state.js';
import { cliNpvCache } from './npv.js';
import { gateCommand } from './gate-report.js';
import type { GateDecision } from '../domain/decision.js';
import type { Evidence } from '../domain/evidence.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { nextGates } from '../gates/stage-machine.js';
import { listDecisions } from '../store/decision-repository.js';
import { listDefinitions } from '../store/definition-repository.js';
import { listEvidence } from '../store/evidence-repository.js';
import { definitionOwnership } from '../application/definition-ownership.js';

export interface StatusRow {
  id: string;
  title: string;
  stage: string;
  owner: string;
  team: string;
  next_stage: string | null;
  /** Criteria of the next gate with their status; empty when no gate leads on. */
  next_gate: { kind: string; status: string }[];
  next_gate_met: number;
  next_gate_total: number;
  /** Who is the truth for the definition: its file, or the store (made in the browser, not pulled yet). */
  defined_in?: 'files' | 'store';
  /** Changed in the browser and not yet written into its file (`traction pull`). */
  pending_change?: boolean;
}

/** The NPV is asked of `npv` only when the next gate has a business_case_npv criterion. */
export async function statusRow(state: GateState, now: Date, npvOf: NpvSource): Promise<StatusRow> {
  const u = state.useCase;
  const gates = nextGates(state.config, state.stage);
  // With a branching policy (several gates on) status shows the first; `traction gate --to` shows any.
  const gate = gates[0];
  const npv = needsNpv(gate) ? await npvOf(state) : undefined;
  const e = gate ? evaluateTarget(state, { to: gate.to, transition: { kind: 'gate', gate } }, npv, now) : undefined;
  return {
    id: u.id,
    title: u.title,
    stage: state.stage,
    owner: u.owner,
    team: u.team,
    next_stage: gate?.to ?? null,
    next_gate: e?.criteria.map((r) => ({ kind: r.criterion.kind, status: r.status })) ?? [],
    next_gate_met: e?.met ?? 0,
    next_gate_total: e?.total ?? 0,
  };
}

export function sortByStage(config: WorkspaceConfig, rows: StatusRow[]): StatusRow[] {
  const order = new Map([...config.stages, ...config.side_stages].map((s, i) => [s, i]));
  return rows.sort((a, b) => (order.get(a.stage) ?? 99) - (order.get(b.stage) ?? 99) || a.id.localeCompare(b.id));
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
  return m;
}

export const registerStatus: RegisterCommand = (program, context) => {
  program
    .command('status')
    .description('use cases by current stage, with owner and progress through the next gate (from the store)')
    .action(async () => {
      const ctx = context();
      const now = ctx.now();
      const npvCache = await cliNpvCache(ctx);
      const { config, rows, unpulled } = await withStore(ctx, async (store) => {
        const config = await gateCommand(requireConfig(store.db));
        const defs = await listDefinitions(store.db, { kind: 'use_case' });
        const decisions = groupBy<GateDecision>(await listDecisions(store.db), (d) => d.useCaseId);
        const evidence = groupBy<Evidence>(await listEvidence(store.db), (e) => e.useCaseId);
        const owners = new Map((await definitionOwnership({ store })).map((o) => [`${o.kind}:${o.id}`, o]));
        const rows: StatusRow[] = [];
        for (const d of defs) {
          const state = gateState(config, d.body as UseCase, d.archivedAt, decisions.get(d.id) ?? [], evidence.get(d.id) ?? []);
          rows.push({ ...(await statusRow(state, now, npvCache.npv)), defined_in: d.owner, pending_change: d.pending !== null });
        }
        const unpulled = [...owners.values()].filter((o) => o.owner === 'store' || o.pendingChange).length;
        return { config, rows: sortByStage(config, rows), unpulled };
      });
      await npvCache.save();
      if (ctx.out.json) return ctx.out.printJson(rows);
      const { c } = ctx.out;
      ctx.out.line(`${c.bold(config.organisation)}: ${rows.length} use cases`);
      ctx.out.line();
      ctx.out.table(
        [
          { header: 'stage', value: (r) => r.stage, colour: (t) => c.cyan(t) },
          { header: 'use case', value: (r) => r.id },
          { header: 'title', value: (r) => r.title },
          { header: 'owner', value: (r) => r.owner },
          { header: 'defined in', value: (r) => (r.defined_in === 'store' ? 'browser' : r.pending_change ? 'files, edited in browser' : 'files') },
          { header: 'next gate', value: (r) => (r.next_stage ? `-> ${r.next_stage}` : null) },
          {
            header: 'met',
            value: (r) => (r.next_stage ? `${r.next_gate_met}/${r.next_gate_total}` : null),
            colour: (t, r) => (r.next_gate_met === r.next_gate_total ? c.green(t) : t),
            align: 'right',
          },
        ],
        rows,
      );
      if (unpulled > 0) ctx.out.info(`${unpulled} definition${unpulled === 1 ? ' was' : 's were'} made or changed in the browser and not yet written into the files; \`traction pull\` writes them`);
    });
};
