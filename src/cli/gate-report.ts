// How a gate evaluation is printed by `gate`, `advance` and `signoff`: one row per criterion
// with its status, the evidence and its date, and what to do next.
import type { CriterionResult, CriterionStatus, GateEvaluation } from '../domain/decision.js';
import { describeCriterion } from '../gates/describe-criterion.js';
import { ActionError } from '../application/errors.js';
import { CliError, type Output } from './output.js';

const LABEL: Record<CriterionStatus, string> = { met: 'met', not_met: 'not met', no_evidence: 'no evidence' };

export function printEvaluation(out: Output, e: GateEvaluation): void {
  const { c } = out;
  const paint: Record<CriterionStatus, (s: string) => string> = { met: c.green, not_met: c.red, no_evidence: c.yellow };
  const verdict = e.passed ? c.green('passed') : c.red('not passed');
  const kind = e.transition === 'gate' ? '' : e.transition === 'side' ? ' (side stage: no criteria)' : ' (return from a side stage: no criteria)';
  out.line(`${c.bold(e.useCaseId)}: ${e.from} -> ${e.to}${kind}: ${e.met}/${e.total} criteria met, ${verdict}`);
  if (e.criteria.length === 0) return;
  out.line();
  out.table<CriterionResult>(
    [
      { header: 'criterion', value: (r) => describeCriterion(r.criterion) },
      { header: 'status', value: (r) => LABEL[r.status], colour: (t, r) => paint[r.status](t) },
      { header: 'evidence', value: (r) => r.evidence.map((x) => `${x.kind} ${x.recordedAt.slice(0, 10)}`).join(', ') || null },
      { header: 'detail', value: (r) => r.detail },
    ],
    e.criteria,
  );
  const todo = e.criteria.filter((r) => r.status !== 'met');
  if (todo.length === 0) return;
  out.line();
  out.line(c.bold('next:'));
  for (const r of todo) out.line(`  - ${describeCriterion(r.criterion)}: ${r.next}`);
}

/**
 * The CLI's exit codes for gate refusals stay as documented: an archived use case, a stage
 * with no gate on and an unapplied workspace are usage errors (2) here, while the API answers
 * them 409; an unknown use case adds where to look.
 */
export async function gateCommand<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof ActionError && ['archived', 'no_gate', 'no_workspace'].includes(e.code)) throw new CliError(e.code === 'no_workspace' ? 'the store holds no workspace; run `traction apply` first' : e.message);
    if (e instanceof ActionError && e.kind === 'not_found') throw new CliError(`${e.message}; is the workspace applied (\`traction apply\`)?`);
    if (e instanceof ActionError && e.code === 'ambiguous') throw new CliError(e.message.replace(': choose the stage to move to', ': choose one with --to'));
    throw e;
  }
}
