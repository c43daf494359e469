// `traction advance USECASE --to STAGE [--override --reason "..."]`: records the transition
// in the decision log when every criterion is met. An override records it anyway, flagged
// forever, and needs a reason. Evaluation and write happen in one transaction.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { evaluateTarget, loadGateState, requireActive, resolveTarget } from './gate-context.js';
import { printEvaluation } from './gate-report.js';
import { CliError, EXIT } from './output.js';
import { appendDecision } from '../store/decision-repository.js';

interface AdvanceOptions {
  to: string;
  override?: boolean;
  reason?: string;
}

export const registerAdvance: RegisterCommand = (program, context, setExit) => {
  program
    .command('advance <useCase>')
    .description('move a use case one stage on when its gate is passed (records the decision)')
    .requiredOption('--to <stage>', 'the next stage')
    .option('--override', 'record the transition although the gate is not passed (flagged; needs --reason)')
    .option('--reason <text>', 'why; required with --override')
    .action(async (useCaseId: string, opts: AdvanceOptions) => {
      const ctx = context();
      const reason = opts.reason?.trim() ? opts.reason.trim() : null;
      if (opts.override && reason === null) throw new CliError('--override needs --reason "..." saying why the gate is overridden; nothing recorded');
      const now = ctx.now();
      const result = await withStore(ctx, (store) =>
        store.transaction(async (tx) => {
          const state = await loadGateState(tx, useCaseId);
          requireActive(state);
          const target = resolveTarget(state, opts.to);
          const evaluation = evaluateTarget(state, target, now);
          if (!evaluation.passed && !opts.override) return { evaluation, decision: undefined };
          const decision = await appendDecision(tx, {
            useCaseId,
            at: now,
            actor: ctx.env.actor,
            from: state.stage,
            to: target.to,
            forced: !evaluation.passed,
            reason,
            evaluation,
          });
          return { evaluation, decision };
        }),
      );
      const { evaluation, decision } = result;
      if (!decision) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ recorded: decision !== undefined, decision: decision ?? null, evaluation });
      printEvaluation(ctx.out, evaluation);
      ctx.out.line();
      if (!decision) {
        ctx.out.error(`gate ${evaluation.from} -> ${evaluation.to} not passed; nothing recorded (use --override --reason "..." to force it, flagged)`);
        return;
      }
      if (decision.forced) ctx.out.line(ctx.out.c.red(`OVERRIDE recorded: ${useCaseId} ${decision.from} -> ${decision.to} (${decision.id}); reason: ${decision.reason}`));
      else ctx.out.line(ctx.out.c.green(`recorded: ${useCaseId} ${decision.from} -> ${decision.to} (${decision.id})`));
      if (opts.override && !decision.forced) ctx.out.info('note: every criterion was met, so this is recorded as a regular transition');
    });
};
