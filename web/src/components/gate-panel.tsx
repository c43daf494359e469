// The next gate as a checklist: each criterion met / not met / no evidence, what was found
// and what is missing; approvers sign off (or reject) in the roles traction.yaml gives them.
import { useEffect, useState } from 'react';
import { api, can, type User } from '../api';
import type { CriterionStatus, GateView } from '../api-gates';
import { stageLabel } from './stage-badge';

const MARK: Record<CriterionStatus, { icon: string; text: string }> = {
  met: { icon: '✓', text: 'met' },
  not_met: { icon: '✗', text: 'not met' },
  no_evidence: { icon: '?', text: 'no evidence' },
};
const roleLabel = (r: string) => r.replace(/_/g, ' ');

export function GatePanel({ id, user, onChange }: { id: string; user: User; onChange: () => void }) {
  const [gate, setGate] = useState<GateView>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = () => api<GateView>(`/api/use-cases/${encodeURIComponent(id)}/gate`).then(setGate, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [id]);

  const sign = async (role: string, decision: 'approve' | 'reject') => {
    setBusy(true);
    setNotice(undefined);
    try {
      await api(`/api/use-cases/${encodeURIComponent(id)}/signoffs`, { method: 'POST', body: { role, decision } });
      setNotice(`${decision === 'approve' ? 'Approved' : 'Rejected'} as ${roleLabel(role)}.`);
      await load();
      onChange();
    } catch (e) {
      setNotice((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <section className="panel"><h2>Next gate</h2><p className="error">{error}</p></section>;
  if (!gate) return <section className="panel"><h2>Next gate</h2><p className="muted">Evaluating…</p></section>;
  const e = gate.evaluation;
  if (!e)
    return (
      <section className="panel" aria-labelledby="gate">
        <h2 id="gate">Next gate</h2>
        <p className="muted">{gate.next_stages.length === 0 ? `No gate leads on from ${stageLabel(gate.stage)}.` : `Gates lead on to ${gate.next_stages.map(stageLabel).join(', ')}.`}</p>
      </section>
    );
  const asked = e.criteria.flatMap((c) => (c.kind === 'signoff' ? (c.criterion.roles ?? []) : []));
  const mine = asked.filter((r) => gate.your_roles.includes(r));
  return (
    <section className="panel" aria-labelledby="gate">
      <h2 id="gate">
        Gate {stageLabel(e.from)} → {stageLabel(e.to)}:{' '}
        <span className={e.passed ? 'status-pass' : 'status-fail'}>
          {e.met}/{e.total} criteria met{e.passed ? ', ready to advance' : ''}
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
          {e.criteria.map((c) => (
            <tr key={c.label}>
              <td className={`status-${c.status === 'met' ? 'pass' : c.status === 'not_met' ? 'fail' : 'warn'}`}>
                <span aria-hidden="true">{MARK[c.status].icon}</span> {MARK[c.status].text}
              </td>
              <td>{c.label}</td>
              <td className="small">{c.detail}</td>
              <td className="small">{c.next || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {asked.length > 0 && can(user, 'approver') && !gate.archived && (
        <div className="signoff">
          {mine.length === 0 ? (
            <p className="muted small">This gate asks for sign-offs by {asked.map(roleLabel).join(', ')}; traction.yaml gives you none of these roles.</p>
          ) : (
            mine.map((role) => (
              <p key={role} className="inline-form">
                <button type="button" disabled={busy} onClick={() => sign(role, 'approve')}>
                  Approve as {roleLabel(role)}
                </button>
                <button type="button" className="secondary" disabled={busy} onClick={() => sign(role, 'reject')}>
                  Reject as {roleLabel(role)}
                </button>
              </p>
            ))
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
