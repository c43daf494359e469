// `traction advance USECASE --to STAGE [--override --reason "..."]`: records the transition
// in the decision log when every criterion is met. An override records it anyway, flagged
// forever, and needs a reason. The action is src/application/gates.ts `advance`.
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { gateCommand, printEvaluation } from './gate-report.js';
import { CliError, EXIT } from './output.js';
import { advance, GateNotPassedError } from '../application/gates.js';
import { cliNpvCache } from './npv.js';

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
      const npvCache = await cliNpvCache(ctx);
      const actor = { now: ctx.now(), actor: ctx.env.actor, npv: npvCache.npv };
      let result;
      try {
        result = await gateCommand(withStore(ctx, (store) => advance(store, { useCaseId, to: opts.to, override: opts.override && reason ? { reason } : undefined, overrideAllowed: true }, actor)));
        await npvCache.save();
      } catch (e) {
        if (!(e instanceof GateNotPassedError)) throw e;
        setExit(EXIT.failed);
        if (ctx.out.json) return ctx.out.printJson({ recorded: false, decision: null, evaluation: e.evaluation });
        printEvaluation(ctx.out, e.evaluation);
        ctx.out.line();
        ctx.out.error(`gate ${e.evaluation.from} -> ${e.evaluation.to} not passed; nothing recorded (use --override --reason "..." to force it, flagged)`);
        return;
      }
      const { evaluation, decision } = result;
      if (ctx.out.json) return ctx.out.printJson({ recorded: true, decision, evaluation });
      printEvaluation(ctx.out, evaluation);
      ctx.out.line();
      if (decision.forced) ctx.out.line(ctx.out.c.red(`OVERRIDE recorded: ${useCaseId} ${decision.from} -> ${decision.to} (${decision.id}); reason: ${decision.reason}`));
      else ctx.out.line(ctx.out.c.green(`recorded: ${useCaseId} ${decision.from} -> ${decision.to} (${decision.id})`));
      if (opts.override && !decision.forced) ctx.out.info('note: every criterion was met, so this is recorded as a regular transition');
    });
};
