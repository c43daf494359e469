// Running a round, for administrators: one-time links for people without an account (shown
// once, to copy and send), the links made so far and whether they were used, and closing the
// round, after which no answer is accepted and unused links stop working.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import type { CreatedInvitation, InvitationView, Round } from '../../api-assessment';
import { when } from '../../format';

const STATE_WORDS = { open: 'not used yet', used: 'answered', expired: 'expired', revoked: 'withdrawn' } as const;

export function RoundAdmin({ round, onChange }: { round: Round; onChange: () => void }) {
  const [count, setCount] = useState('5');
  const [days, setDays] = useState('14');
  const [note, setNote] = useState('');
  const [made, setMade] = useState<string[]>();
  const [list, setList] = useState<InvitationView[]>([]);
  const [error, setError] = useState<string>();
  const base = `/api/assessment/rounds/${encodeURIComponent(round.id)}`;
  const load = () => api<{ items: InvitationView[] }>(`${base}/invitations`).then((r) => setList(r.items), (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [round.id]);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const body = { count: Number(count), expires_in_days: Number(days), ...(note.trim() ? { note: note.trim() } : {}) };
      const r = await api<{ items: CreatedInvitation[] }>(`${base}/invitations`, { method: 'POST', body, idempotent: false });
      setMade(r.items.map((i) => window.location.origin + i.path));
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const close = async () => {
    if (!window.confirm(`Close “${round.title}”? Nobody can answer it afterwards, and unused links stop working.`)) return;
    try {
      await api(`${base}/close`, { method: 'POST' });
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const counts = list.reduce<Record<string, number>>((m, i) => ({ ...m, [i.state]: (m[i.state] ?? 0) + 1 }), {});
  return (
    <section className="panel" aria-labelledby="admin">
      <h2 id="admin">Run this round</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {round.status === 'open' ? (
        <>
          <form className="inline-form wrap" onSubmit={invite}>
            <label>
              Links to make
              <input type="number" min={1} max={200} value={count} onChange={(e) => setCount(e.target.value)} required />
            </label>
            <label>
              Valid for (days)
              <input type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} required />
            </label>
            <label>
              For whom <small className="muted">(optional, e.g. “warehouse staff”)</small>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
            </label>
            <button type="submit">Make invitation links</button>
          </form>
          {made && (
            <label className="invite-links">
              {made.length} links for people without an account; each answers once. Copy them now: they are not shown again.
              <textarea readOnly value={made.join('\n')} onFocus={(e) => e.currentTarget.select()} />
            </label>
          )}
        </>
      ) : (
        <p className="muted">This round is closed{round.closed_at ? ` since ${when(round.closed_at)}` : ''}.</p>
      )}
      {list.length > 0 && (
        <p className="small">
          Invitation links: {list.length} made ·{' '}
          {Object.entries(counts)
            .map(([s, n]) => `${n} ${STATE_WORDS[s as keyof typeof STATE_WORDS]}`)
            .join(' · ')}
        </p>
      )}
      {round.status === 'open' && (
        <button type="button" className="danger" onClick={() => void close()}>
          Close the round
        </button>
      )}
    </section>
  );
}
