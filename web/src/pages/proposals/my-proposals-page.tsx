// The caller's own proposals with their status and what the portfolio owner said; while one
// is not yet accepted its author may change what it says (an edit after changes were asked
// sends it back for review).
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import { STATUS_LABEL, useMyProposals, type Proposal } from '../../api-triage';
import { SimilarList } from '../../components/similar-list';
import { usePageTitle } from '../../page-title';
import { Link } from '../../router';
import './proposals.css';

const OPEN = new Set(['proposed', 'changes_requested']);

export function MyProposalsPage() {
  usePageTitle('My proposals');
  const q = useMyProposals();
  const fresh = new URLSearchParams(window.location.search).get('new');
  return (
    <>
      <div className="page-head">
        <h1>My proposals</h1>
        <p className="muted">
          What you proposed and where it stands. <Link href="/intake">Propose another</Link>
        </p>
      </div>
      {fresh && (
        <p className="notice" role="status">
          Thank you: your proposal was sent. A portfolio owner will review it.
        </p>
      )}
      {q.isPending && <p className="loading">Loading…</p>}
      {q.error && <p className="error">Your proposals could not be loaded: {q.error.message}</p>}
      {q.data && q.data.items.length === 0 && <p className="notice">You have not proposed anything yet.</p>}
      {q.data && q.data.items.length > 0 && (
        <ul className="proposal-list">
          {[...q.data.items].reverse().map((p) => (
            <li key={p.use_case_id}>
              <MyProposal p={p} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface EditForm {
  title: string;
  problem: string;
  objective: string;
}

function MyProposal({ p }: { p: Proposal }) {
  const [editing, setEditing] = useState(false);
  const client = useQueryClient();
  const { register, handleSubmit, setError, formState } = useForm<EditForm>({ defaultValues: { title: p.title, problem: p.problem, objective: p.objective } });
  const save = useMutation({
    mutationFn: (v: EditForm) => api(`/api/use-cases/${encodeURIComponent(p.use_case_id)}`, { method: 'PATCH', body: v }),
    onSuccess: async () => {
      setEditing(false);
      await client.invalidateQueries({ queryKey: ['proposals'] });
    },
    onError: (e) => {
      const problems = e instanceof ApiError ? (e.body.problems ?? []) : [];
      for (const x of problems) if (x.field === 'title' || x.field === 'problem' || x.field === 'objective') setError(x.field, { message: x.message });
      if (problems.length === 0) setError('root', { message: e.message });
    },
  });
  const said =
    p.status === 'merged' && p.merged_into ? (
      <>
        Merged into <Link href={`/use-cases/${encodeURIComponent(p.merged_into)}`}>{p.merged_into_title ?? p.merged_into}</Link>
        {p.comment ? `: “${p.comment}”` : ''}
      </>
    ) : p.comment ? (
      <>
        {p.status === 'rejected' ? 'Reason' : 'The portfolio owner asks'}: “{p.comment}”
      </>
    ) : null;
  const field = (name: keyof EditForm, label: string, rows?: number) => (
    <label className={formState.errors[name] ? 'invalid' : undefined}>
      {label}
      {rows ? <textarea rows={rows} {...register(name)} /> : <input {...register(name)} />}
      {formState.errors[name] && <small className="error">{formState.errors[name]?.message}</small>}
    </label>
  );
  return (
    <article className="proposal" aria-label={p.title}>
      <h2>
        <Link href={`/use-cases/${encodeURIComponent(p.use_case_id)}`}>{p.title}</Link> <span className={`status ${p.status}`}>{STATUS_LABEL[p.status]}</span>
      </h2>
      {said && <p>{said}</p>}
      {editing ? (
        <form className="intake" onSubmit={handleSubmit((v) => save.mutate(v))} noValidate>
          {field('title', 'Title')}
          {field('problem', 'What goes wrong today, and for whom?', 3)}
          {field('objective', 'What should be true afterwards?', 2)}
          {formState.errors.root && <p className="error">{formState.errors.root.message}</p>}
          <div className="actions">
            <button type="submit" disabled={save.isPending}>
              Save changes
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="meta">{p.problem}</p>
          {OPEN.has(p.status) && p.similar.length > 0 && <SimilarList items={p.similar} heading="Reads like these; if it is the same idea, add to that one instead:" />}
          {OPEN.has(p.status) && (
            <div>
              <button type="button" className="secondary" onClick={() => setEditing(true)}>
                Change it
              </button>
            </div>
          )}
        </>
      )}
    </article>
  );
}
