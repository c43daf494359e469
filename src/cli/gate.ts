// `traction gate USECASE [--to STAGE]`: each criterion of the next gate as met / not met /
// no evidence, with the evidence, its date and what to do next. Exit 1 unless all are met.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { evaluateTarget, loadGateState, resolveTarget } from './gate-context.js';
import { printEvaluation } from './gate-report.js';
import { EXIT } from './output.js';

export const registerGate: RegisterCommand = (program, context, setExit) => {
  program
    .command('gate <useCase>')
    .description('evaluate the next gate of a use case against its recorded evidence (exit 1 if not all met)')
    .option('--to <stage>', 'the transition to evaluate (default: the next gate)')
    .action(async (useCaseId: string, opts: { to?: string }) => {
      const ctx = context();
      const { state, evaluation } = await withStore(ctx, async (store) => {
        const state = await loadGateState(store.db, useCaseId);
        const target = resolveTarget(state, opts.to);
        return { state, evaluation: evaluateTarget(state, target, ctx.now()) };
      });
      if (!evaluation.passed) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ ...evaluation, archived: state.archivedAt !== null });
      if (state.archivedAt !== null) ctx.out.info(`note: ${useCaseId} is archived; it cannot advance`);
      printEvaluation(ctx.out, evaluation);
    });
};
