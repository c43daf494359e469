// The next gate as a checklist: each criterion met / not met / waiting / no evidence, what was
// found and what is missing. Approvers sign off (or reject) with a note in the roles
// traction.yaml gives them; when every criterion is met the use case advances from here, and
// the final approver or an administrator may override with a reason (flagged forever).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { can, type User } from '../api';
import { advanceUseCase, decisionsKey, fetchGate, fetchSignoffs, gateKey, rubricKey, signOff, signoffsKey, type GateEvaluation, type SignoffRecord } from '../api-gates';
import { fetchKpis, kpisKey } from '../api-impact';
import { stageLabel } from './stage-badge';

export const roleLabel = (r: string) => r.replace(/_/g, ' ');
const ROLE_WORDS = /\b(business_owner|technical_lead|risk_compliance|final_approver)\b/g;
const humanise = (text: string) => text.replace(ROLE_WORDS, (r) => roleLabel(r)).replace(/-> ([a-z_]+)/g, (_m, stage: string) => `→ ${stageLabel(stage)}`);

type Criterion = GateEvaluation['criteria'][number];

/** A criterion as people say it (the API's label is the CLI's terse form). */
export function criterionLabel(c: Criterion): string {
  const x = c.criterion as Record<string, unknown>;
  switch (c.kind) {
    case 'readiness_score':
      return `Data readiness score of at least ${String(x.min)}`;
    case 'kpi_baseline':
      return 'KPI baselines recorded before the pilot';
    case 'experiment_verdict':
      return `Pilot experiment shows an improvement of at least ${Number(x.min_effect) * 100}%`;
    case 'rubric_score':
      return `Production-readiness score of at least ${String(x.min)} (of 7)`;
    case 'benchmark_slo':
      return 'Model service meets its performance objectives';
    case 'signoff':
      return `Sign-off by ${((x.roles as string[] | undefined) ?? []).map(roleLabel).join(', ')}`;
    case 'business_case_npv':
      return `Expected net present value above ${Number(x.min).toLocaleString('en')}`;
    default:
      return c.label;
  }
}

function statusOf(c: Criterion): { cls: string; icon: string; text: string } {
  if (c.status === 'met') return { cls: 'status-pass', icon: '✓', text: 'met' };
  if (c.status === 'not_met') return { cls: 'status-fail', icon: '✗', text: 'not met' };
  if (c.waiting_for.length > 0) return { cls: 'status-warn', icon: '…', text: `waiting for ${c.waiting_for.map(roleLabel).join(' and ')} sign-off` };
  return { cls: 'status-warn', icon: '?', text: 'no evidence yet' };
}

function SignoffForm({ id, role, onDone }: { id: string; role: string; onDone: (message: string) => void }) {
  const { register, handleSubmit, reset } = useForm<{ note: string }>({ defaultValues: { note: '' } });
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  const m = useMutation({
    mutationFn: (v: { note: string; decision: 'approve' | 'reject' }) => signOff(id, { role, decision: v.decision, ...(v.note.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: (_r, v) => {
      reset();
      onDone(`${v.decision === 'approve' ? 'Approved' : 'Rejected'} as ${roleLabel(role)}.`);
    },
  });
  return (
    <form className="signoff-form" onSubmit={handleSubmit((v) => m.mutate({ ...v, decision }))}>
      <label>
        Note with your {roleLabel(role)} sign-off (optional)
        <textarea rows={2} maxLength={2000} {...register('note')} />
      </label>
      <p className="inline-form">
        <button type="submit" disabled={m.isPending} onClick={() => setDecision('approve')}>
          Approve as {roleLabel(role)}
        </button>
        <button type="submit" className="secondary" disabled={m.isPending} onClick={() => setDecision('reject')}>
          Reject as {roleLabel(role)}
        </button>
      </p>
      {m.error && <p className="error" role="alert">{m.error.message}</p>}
    </form>
  );
}

function OverrideForm({ id, to, onDone }: { id: string; to: string; onDone: (message: string) => void }) {
  const { register, handleSubmit, formState } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const m = useMutation({ mutationFn: (reason: string) => advanceUseCase(id, { to, override: { reason } }), onSuccess: () => onDone(`Moved on to ${stageLabel(to)} by override; the decision log keeps it flagged with your reason.`) });
  return (
    <details className="override">
      <summary>Override…</summary>
      <form onSubmit={handleSubmit((v) => m.mutate(v.reason.trim()))}>
        <p className="small muted">An override moves the use case on although criteria are not met. It stays flagged in the decision log with your reason.</p>
        <label>
          Why the gate is overridden
          <textarea rows={2} maxLength={2000} {...register('reason', { validate: (v) => v.trim().length > 0 || 'Give a reason for the override.' })} aria-invalid={formState.errors.reason ? true : undefined} />
        </label>
        {formState.errors.reason && <p className="error">{formState.errors.reason.message}</p>}
        <button type="submit" className="danger" disabled={m.isPending}>
          Override and move to {stageLabel(to)}
        </button>
        {m.error && <p className="error" role="alert">{m.error.message}</p>}
      </form>
    </details>
  );
}

/** The sign-offs of this transition, newest first, with their notes. */
function SignoffNotes({ signoffs }: { signoffs: SignoffRecord[] }) {
  if (signoffs.length === 0) return null;
  return (
    <ul className="timeline small signoff-notes" aria-label="Sign-offs of this gate">
      {[...signoffs].reverse().map((s) => (
        <li key={s.id}>
          <strong>
            {roleLabel(s.role)} {s.decision === 'approve' ? 'approved' : 'rejected'}
          </strong>{' '}
          <span className="muted">
            by {s.person}, {new Date(s.at).toLocaleString()}
          </span>
          {s.note && <div>“{s.note}”</div>}
        </li>
      ))}
    </ul>
  );
}

export function GatePanel({ id, user, onChange }: { id: string; user: User; onChange: () => void }) {
  const qc = useQueryClient();
  const gate = useQuery({ queryKey: gateKey(id), queryFn: () => fetchGate(id) });
  // The KPI panel's query (the same key, one request): criteria name KPIs by their names.
  const kpis = useQuery({ queryKey: kpisKey(id), queryFn: () => fetchKpis(id) }).data?.kpis ?? [];
  const words = (text: string) => humanise(kpis.reduce((t, k) => t.replace(new RegExp(`\\b${k.kpi.replace(/[-.]/g, '\\$&')}\\b`, 'g'), k.name), text));
  const [notice, setNotice] = useState<string>();
  const done = (message: string) => {
    setNotice(message);
    for (const key of [gateKey(id), decisionsKey(id), rubricKey(id), kpisKey(id), signoffsKey(id)]) void qc.invalidateQueries({ queryKey: key });
    onChange();
  };
  const signoffs = useQuery({ queryKey: signoffsKey(id), queryFn: () => fetchSignoffs(id) }).data?.items ?? [];
  const advance = useMutation({ mutationFn: (to: string) => advanceUseCase(id, { to }), onSuccess: (r) => done(`Moved on to ${stageLabel(r.decision.to)}.`) });

  if (gate.error) return <section className="panel"><h2>Next gate</h2><p className="error">{gate.error.message}</p></section>;
  if (!gate.data) return <section className="panel"><h2>Next gate</h2><p className="muted">Evaluating…</p></section>;
  const g = gate.data;
  const e = g.evaluation;
  if (!e)
    return (
      <section className="panel" aria-labelledby="gate">
        <h2 id="gate">Next gate</h2>
        {notice && <p role="status" className="notice">{notice}</p>}
        <p className="muted">{g.next_stages.length === 0 ? `No gate leads on from ${stageLabel(g.stage)}.` : `Gates lead on to ${g.next_stages.map(stageLabel).join(', ')}.`}</p>
      </section>
    );
  const asked = e.criteria.flatMap((c) => (c.kind === 'signoff' ? (c.criterion.roles ?? []) : []));
  const mine = asked.filter((r) => g.your_roles.includes(r));
  const mayAct = can(user, 'approver') && !g.archived;
  return (
    <section className="panel" aria-labelledby="gate">
      <h2 id="gate">
        Gate {stageLabel(e.from)} → {stageLabel(e.to)}:{' '}
        <span className={e.passed ? 'status-pass' : 'status-warn'}>
          {e.met} of {e.total} criteria met{e.passed ? ', ready to move on' : ''}
        </span>
      </h2>
      <table className="grid compact checklist">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Criterion</th>
            <th scope="col">Found</th>
            <th scope="col">What is missing</th>
          </tr>
        </thead>
        <tbody>
          {e.criteria.map((c) => {
            const s = statusOf(c);
            return (
              <tr key={c.label}>
                <td className={s.cls}>
                  <span aria-hidden="true">{s.icon}</span> {s.text}
                </td>
                <td>{criterionLabel(c)}</td>
                <td className="small">{words(c.detail)}</td>
                <td className="small">{c.next ? humanise(c.next.replace(/ \((business_owner|technical_lead|risk_compliance|final_approver)\)/g, '')) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SignoffNotes signoffs={signoffs.filter((x) => x.from === e.from && x.to === e.to)} />
      {mayAct && e.transition === 'gate' && (
        <div className="gate-actions">
          {g.may_advance && (
            <button type="button" disabled={advance.isPending} onClick={() => advance.mutate(e.to)}>
              Advance to {stageLabel(e.to)}
            </button>
          )}
          {!e.passed && g.may_override && <OverrideForm id={id} to={e.to} onDone={done} />}
          {advance.error && <p className="error" role="alert">{advance.error.message}</p>}
        </div>
      )}
      {asked.length > 0 && mayAct && (
        <div className="signoff">
          {mine.length === 0 ? (
            <p className="muted small">This gate asks for sign-off by {asked.map(roleLabel).join(', ')}; you hold none of these roles.</p>
          ) : (
            mine.map((role) => <SignoffForm key={role} id={id} role={role} onDone={done} />)
          )}
        </div>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </section>
  );
}
