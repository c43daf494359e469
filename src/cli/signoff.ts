// `traction signoff USECASE --role R --as PERSON [--reject] [--note TEXT]`: a sign-off (or
// rejection) for the use case's next transition, by someone who holds the role per
// traction.yaml `roles`. The action is src/application/gates.ts `signOff`.
import { Option } from 'commander';
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { gateCommand } from './gate-report.js';
import { signOff } from '../application/gates.js';
import { cliNpvCache } from './npv.js';
import { SIGNOFF_ROLES, type SignoffRole } from '../domain/stages.js';

interface SignoffOptions {
  role: SignoffRole;
  as: string;
  reject?: boolean;
  to?: string;
  note?: string;
}

export const registerSignoff: RegisterCommand = (program, context) => {
  program
    .command('signoff <useCase>')
    .description("sign off (or reject) a use case's next transition in a role you hold")
    .addOption(new Option('--role <role>', 'the sign-off role').choices(SIGNOFF_ROLES).makeOptionMandatory())
    .requiredOption('--as <person>', 'who signs; must hold the role in traction.yaml roles')
    .option('--reject', 'record a rejection instead of an approval')
    .option('--to <stage>', 'the transition signed off (default: the next gate)')
    .option('--note <text>', 'a comment kept with the sign-off')
    .action(async (useCaseId: string, opts: SignoffOptions) => {
      const ctx = context();
      const input = { useCaseId, role: opts.role, person: opts.as, decision: opts.reject ? ('reject' as const) : ('approve' as const), note: opts.note, to: opts.to };
      const npvCache = await cliNpvCache(ctx);
      const { signoff, evaluation } = await gateCommand(withStore(ctx, (store) => signOff(store, input, { now: ctx.now(), actor: ctx.env.actor, npv: npvCache.npv })));
      await npvCache.save();
      if (ctx.out.json) return ctx.out.printJson({ signoff, gate: { from: evaluation.from, to: evaluation.to, met: evaluation.met, total: evaluation.total, passed: evaluation.passed } });
      const verb = signoff.decision === 'approve' ? ctx.out.c.green('approved') : ctx.out.c.red('rejected');
      ctx.out.line(`${signoff.person} (${signoff.role}) ${verb} ${useCaseId} ${signoff.fromStage} -> ${signoff.toStage} (${signoff.id})`);
      ctx.out.line(`gate ${evaluation.from} -> ${evaluation.to}: ${evaluation.met}/${evaluation.total} criteria met`);
    });
};
