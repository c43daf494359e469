// `traction decisions [USECASE]`: the append-only decision log (application/decision-log.ts):
// stage transitions, overrides flagged, and funding decisions (committed roadmap scenarios).
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { CliError } from './output.js';
import { decisionLog, type DecisionLogEntry } from '../application/decision-log.js';
import { quarterSpan } from '../application/roadmap.js';
import { getDefinition } from '../store/definition-repository.js';

/** What the entry decided, in a line: a transition, or what a committed plan funded and left out. */
function decided(d: DecisionLogEntry): string {
  if (d.kind === 'stage') return `${d.from} -> ${d.to}`;
  const funded = d.funded.map((f) => `${f.useCaseId} ${quarterSpan(f.quarters)}`);
  const parts = [`funding: scenario "${d.scenarioName}"`];
  if (funded.length > 0) parts.push(`funded ${funded.join(', ')}`);
  if (d.leftOut.length > 0) parts.push(`left out ${d.leftOut.map((l) => l.useCaseId).join(', ')}`);
  return parts.join('; ');
}

export const registerDecisions: RegisterCommand = (program, context) => {
  program
    .command('decisions [useCase]')
    .description('list the decision log (who, when, from, to, evidence, reason); overrides are flagged')
    .action(async (useCaseId: string | undefined) => {
      const ctx = context();
      const decisions = await withStore(ctx, async (store) => {
        if (useCaseId !== undefined && !(await getDefinition(store.db, 'use_case', useCaseId)))
          throw new CliError(`unknown use case "${useCaseId}"; is the workspace applied (\`traction apply\`)?`);
        return decisionLog(store.db, useCaseId !== undefined ? { useCaseId } : {});
      });
      if (ctx.out.json) return ctx.out.printJson(decisions);
      if (decisions.length === 0) return ctx.out.line(`no decisions recorded${useCaseId ? ` for ${useCaseId}` : ''}`);
      const { c } = ctx.out;
      ctx.out.table<DecisionLogEntry>(
        [
          { header: 'at', value: (d) => d.at.slice(0, 19).replace('T', ' ') },
          { header: 'use case', value: (d) => (d.kind === 'stage' ? d.useCaseId : null) },
          { header: 'decision', value: decided },
          { header: 'criteria', value: (d) => (d.kind === 'stage' && d.evaluation.total > 0 ? `${d.evaluation.met}/${d.evaluation.total} met` : '-') },
          { header: 'by', value: (d) => d.actor },
          { header: 'flag', value: (d) => (d.kind === 'stage' && d.forced ? 'OVERRIDE' : null), colour: (t) => c.red(t) },
          { header: 'reason', value: (d) => (d.kind === 'stage' ? d.reason : (d.leftOut.length === 1 && useCaseId !== undefined ? d.leftOut[0]!.reason : null)) },
        ],
        decisions,
      );
      const forced = decisions.filter((d) => d.kind === 'stage' && d.forced).length;
      if (forced > 0) ctx.out.line(`\n${c.red(`${forced} override(s)`)}: transitions recorded without a passed gate`);
    });
};
