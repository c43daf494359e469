// Triage for portfolio owners: each open proposal with what it says and the use cases it
// reads like side by side; accept it, ask its author for changes, reject it with a reason,
// or merge it into the use case it duplicates. Anyone else is told who triages.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../api';
import { STATUS_LABEL, useDecide, useProposalsToReview, type Decision, type Proposal } from '../../api-triage';
import { usePageTitle } from '../../page-title';
import { Link } from '../../router';
import './proposals.css';

const date = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function ProposalsPage() {
  usePageTitle('Proposals');
  const q = useProposalsToReview();
  const refused = q.error instanceof ApiError && q.error.status === 403;
  // Said at the page: a decided proposal leaves the list of open ones.
  const [done, setDone] = useState<string>();
  return (
    <>
      <div className="page-head">
        <h1>Proposals</h1>
        <p className="muted">New ideas from the intake form. They are not ranked or planned until you accept them.</p>
      </div>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {q.isPending && <p className="loading">Loading…</p>}
      {refused && <p className="notice">Only portfolio owners review proposals. Ask an administrator if you should be one.</p>}
      {q.error && !refused && <p className="error">The proposals could not be loaded: {q.error.message}</p>}
      {q.data && q.data.items.length === 0 && <p className="notice">Nothing waiting for review.</p>}
      {q.data && q.data.items.length > 0 && (
        <ul className="proposal-list">
          {q.data.items.map((p) => (
            <li key={p.use_case_id}>
              <ProposalCard p={p} onDone={setDone} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface DecisionForm {
  note: string;
  into: string;
}

function ProposalCard({ p, onDone }: { p: Proposal; onDone: (said: string) => void }) {
  const decide = useDecide();
  const { register, handleSubmit, setError, formState } = useForm<DecisionForm>({ defaultValues: { note: '', into: p.similar[0]?.id ?? '' } });
  const send = (kind: Decision['decision']) =>
    handleSubmit(async (v) => {
      const note = v.note.trim();
      if ((kind === 'request_changes' || kind === 'reject') && note.length < 3) return setError('note', { message: kind === 'reject' ? 'Say in a few words why it is rejected' : 'Say in a few words what should change' });
      if (kind === 'merge' && !v.into) return setError('into', { message: 'Pick the use case it duplicates' });
      const decision: Decision = kind === 'accept' ? { decision: 'accept' } : kind === 'request_changes' ? { decision: kind, comment: note } : kind === 'reject' ? { decision: kind, reason: note } : { decision: 'merge', into: v.into, ...(note.length >= 3 ? { comment: note } : {}) };
      try {
        await decide.mutateAsync({ id: p.use_case_id, decision });
        const into = p.similar.find((s) => s.id === v.into)?.title ?? v.into;
        onDone(
          kind === 'accept'
            ? `Accepted “${p.title}”: it now counts in the ranking and the roadmap.`
            : kind === 'merge'
              ? `Merged “${p.title}” into “${into}”.`
              : kind === 'reject'
                ? `Rejected “${p.title}”; ${p.author} sees your reason.`
                : `Asked ${p.author} for changes to “${p.title}”.`,
        );
      } catch (e) {
        setError('root', { message: e instanceof Error ? e.message : 'The server did not answer' });
      }
    });
  const id = `p-${p.use_case_id}`;
  return (
    <article className="proposal" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <Link href={`/use-cases/${encodeURIComponent(p.use_case_id)}`}>{p.title}</Link> <span className={`status ${p.status}`}>{STATUS_LABEL[p.status]}</span>
      </h2>
      <p className="meta">
        Proposed by {p.author} on {date(p.proposed_at)} · {p.department} · owner {p.owner}
      </p>
      <div className="side-by-side">
        <div>
          <strong>This proposal</strong>
          <p>{p.problem}</p>
          <p className="muted">{p.objective}</p>
          {p.comment && <p className="muted">Asked before: “{p.comment}”</p>}
        </div>
        <div>
          <strong>Reads like</strong>
          {p.similar.length === 0 ? (
            <p className="muted">No other use case reads like this one.</p>
          ) : (
            <ul>
              {p.similar.map((s) => (
                <li key={s.id}>
                  <Link href={`/use-cases/${encodeURIComponent(s.id)}`}>{s.title}</Link> <span className="muted small">({Math.round(s.score * 100)}% alike)</span>
                  {s.problem && <p className="small">{s.problem}</p>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {p.status === 'proposed' || p.status === 'changes_requested' ? (
        <form className="actions" onSubmit={(e) => e.preventDefault()} noValidate>
          <label className={formState.errors.note ? 'invalid' : undefined}>
            Comment for the author (needed to ask for changes or reject)
            <textarea rows={2} {...register('note')} aria-invalid={formState.errors.note ? true : undefined} />
            {formState.errors.note && <small className="error">{formState.errors.note.message}</small>}
          </label>
          <button type="button" onClick={send('accept')} disabled={decide.isPending}>
            Accept
          </button>
          <button type="button" className="secondary" onClick={send('request_changes')} disabled={decide.isPending}>
            Ask for changes
          </button>
          <button type="button" className="danger" onClick={send('reject')} disabled={decide.isPending}>
            Reject
          </button>
          {p.similar.length > 0 && (
            <>
              <label className={formState.errors.into ? 'invalid' : undefined}>
                Duplicate of
                <select {...register('into')}>
                  {p.similar.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="secondary" onClick={send('merge')} disabled={decide.isPending}>
                Merge into it
              </button>
            </>
          )}
          {formState.errors.root && (
            <p className="error" role="alert">
              {formState.errors.root.message}
            </p>
          )}
        </form>
      ) : null}
    </article>
  );
}
