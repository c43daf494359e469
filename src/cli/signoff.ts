// `traction signoff USECASE --role R --as PERSON [--reject]`: a sign-off (or rejection) for the
// use case's next transition, by someone who holds the role per traction.yaml `roles`.
// Recorded as a sign-off row and `signoff` evidence in one transaction.
import { Option } from 'commander';
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';
import { evaluateTarget, loadGateState, requireActive, resolveTarget } from './gate-context.js';
import { CliError } from './output.js';
import { SIGNOFF_ROLES, type SignoffRole } from '../domain/stages.js';
import { listEvidence } from '../store/evidence-repository.js';
import { recordSignoff } from '../store/signoff-repository.js';

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
      const now = ctx.now();
      const { signoff, evaluation } = await withStore(ctx, (store) =>
        store.transaction(async (tx) => {
          const state = await loadGateState(tx, useCaseId);
          requireActive(state);
          const holders = state.config.roles[opts.role] ?? [];
          if (!holders.includes(opts.as))
            throw new CliError(
              `${opts.as} does not hold the role ${opts.role} (${holders.length > 0 ? `holders: ${holders.join(', ')}` : 'nobody holds it'}; see roles in traction.yaml); nothing recorded`,
            );
          const target = resolveTarget(state, opts.to);
          const asked = target.transition.kind === 'gate' ? target.transition.gate.criteria.flatMap((c) => (c.kind === 'signoff' ? c.roles : [])) : [];
          if (!asked.includes(opts.role))
            throw new CliError(
              `the transition ${state.stage} -> ${target.to} asks for ${asked.length > 0 ? `sign-offs by ${asked.join(', ')}` : 'no sign-off'}, not ${opts.role}; nothing recorded`,
            );
          const signoff = await recordSignoff(tx, {
            useCaseId,
            role: opts.role,
            person: opts.as,
            decision: opts.reject ? 'reject' : 'approve',
            fromStage: state.stage,
            toStage: target.to,
            note: opts.note?.trim() || null,
            at: now,
            by: ctx.env.actor,
          });
          const after = { ...state, evidence: await listEvidence(tx, { useCaseId }) };
          return { signoff, evaluation: evaluateTarget(after, target, now) };
        }),
      );
      if (ctx.out.json) return ctx.out.printJson({ signoff, gate: { from: evaluation.from, to: evaluation.to, met: evaluation.met, total: evaluation.total, passed: evaluation.passed } });
      const verb = signoff.decision === 'approve' ? ctx.out.c.green('approved') : ctx.out.c.red('rejected');
      ctx.out.line(`${signoff.person} (${signoff.role}) ${verb} ${useCaseId} ${signoff.fromStage} -> ${signoff.toStage} (${signoff.id})`);
      ctx.out.line(`gate ${evaluation.from} -> ${evaluation.to}: ${evaluation.met}/${evaluation.total} criteria met`);
    });
};
