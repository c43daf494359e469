// `traction gate USECASE [--to STAGE]`: each criterion of the next gate as met / not met /
// no evidence, with the evidence, its date and what to do next. Exit 1 unless all are met.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { gateCommand, printEvaluation } from './gate-report.js';
import { EXIT } from './output.js';
import { evaluate, loadGateState, resolveTarget } from '../application/gates.js';
import { cliNpvCache } from './npv.js';

export const registerGate: RegisterCommand = (program, context, setExit) => {
  program
    .command('gate <useCase>')
    .description('evaluate the next gate of a use case against its recorded evidence (exit 1 if not all met)')
    .option('--to <stage>', 'the transition to evaluate (default: the next gate)')
    .action(async (useCaseId: string, opts: { to?: string }) => {
      const ctx = context();
      const npvCache = await cliNpvCache(ctx);
      const { state, evaluation } = await gateCommand(
        withStore(ctx, async (store) => {
          const state = await loadGateState(store.db, useCaseId);
          return { state, evaluation: await evaluate(state, resolveTarget(state, opts.to), { now: ctx.now(), npv: npvCache.npv }) };
        }),
      );
      await npvCache.save();
      if (!evaluation.passed) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ ...evaluation, archived: state.archivedAt !== null });
      if (state.archivedAt !== null) ctx.out.info(`note: ${useCaseId} is archived; it cannot advance`);
      printEvaluation(ctx.out, evaluation);
    });
};
