// `traction decisions [USECASE]`: the append-only decision log, overrides flagged.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { CliError } from './output.js';
import type { GateDecision } from '../domain/decision.js';
import { listDecisions } from '../store/decision-repository.js';
import { getDefinition } from '../store/definition-repository.js';

export const registerDecisions: RegisterCommand = (program, context) => {
  program
    .command('decisions [useCase]')
    .description('list the decision log (who, when, from, to, evidence, reason); overrides are flagged')
    .action(async (useCaseId: string | undefined) => {
      const ctx = context();
      const decisions = await withStore(ctx, async (store) => {
        if (useCaseId !== undefined && !(await getDefinition(store.db, 'use_case', useCaseId)))
          throw new CliError(`unknown use case "${useCaseId}"; is the workspace applied (\`traction apply\`)?`);
        return listDecisions(store.db, useCaseId !== undefined ? { useCaseId } : {});
      });
      if (ctx.out.json) return ctx.out.printJson(decisions);
      if (decisions.length === 0) return ctx.out.line(`no decisions recorded${useCaseId ? ` for ${useCaseId}` : ''}`);
      const { c } = ctx.out;
      ctx.out.table<GateDecision>(
        [
          { header: 'at', value: (d) => d.at.slice(0, 19).replace('T', ' ') },
          { header: 'use case', value: (d) => d.useCaseId },
          { header: 'transition', value: (d) => `${d.from} -> ${d.to}` },
          { header: 'criteria', value: (d) => (d.evaluation.total > 0 ? `${d.evaluation.met}/${d.evaluation.total} met` : '-') },
          { header: 'by', value: (d) => d.actor },
          { header: 'flag', value: (d) => (d.forced ? 'OVERRIDE' : null), colour: (t) => c.red(t) },
          { header: 'reason', value: (d) => d.reason },
        ],
        decisions,
      );
      const forced = decisions.filter((d) => d.forced).length;
      if (forced > 0) ctx.out.line(`\n${c.red(`${forced} override(s)`)}: transitions recorded without a passed gate`);
    });
};
