// The page a pulse link opens, without a login: four statements about a use case the person
// uses, each with five answers from "Strongly disagree" to "Strongly agree", and one button.
// The token is the part of the address after #, which the browser never sends to a server; it
// goes to the API in a header. Built for a phone first: one column, large touch targets.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { periodWords, withInvitation, type PulseItem, type PulseQuestionnaire } from '../../api-pulse';
import { usePageTitle } from '../../page-title';
import './pulse.css';

type State = { kind: 'loading' } | { kind: 'refused'; message: string } | { kind: 'ready'; q: PulseQuestionnaire } | { kind: 'done'; q: PulseQuestionnaire };

export function PulseRespondPage() {
  const token = window.location.hash.slice(1);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [answers, setAnswers] = useState<Partial<Record<PulseItem, number>>>({});
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  usePageTitle('A short survey');

  // Another link pasted into the same tab changes only the part after #, which loads nothing:
  // start over with the new link.
  useEffect(() => {
    const reload = () => window.location.reload();
    window.addEventListener('hashchange', reload);
    return () => window.removeEventListener('hashchange', reload);
  }, []);
  useEffect(() => {
    if (!token) {
      setState({ kind: 'refused', message: 'This address has no invitation in it: open the whole link you were sent.' });
      return;
    }
    withInvitation<PulseQuestionnaire>('/api/pulse/respond', token).then(
      (q) => setState({ kind: 'ready', q }),
      (e: Error) => setState({ kind: 'refused', message: e.message }),
    );
  }, [token]);

  if (state.kind === 'loading') return <p className="loading">Loading…</p>;
  if (state.kind === 'refused')
    return (
      <main id="main" className="respond">
        <h1>This link cannot be used</h1>
        <p className="error" role="alert">
          {state.message}
        </p>
      </main>
    );
  const q = state.q;
  if (state.kind === 'done')
    return (
      <main id="main" className="respond">
        <h1>Thank you</h1>
        <p role="status">Your answer about {q.use_case.title} is recorded. It is counted only together with at least four other people&apos;s answers, never on its own.</p>
      </main>
    );

  const missing = q.statements.filter((s) => answers[s.item] === undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (missing.length > 0) {
      setError(`Please answer every statement (${missing.length} left).`);
      document.getElementById(`st-${missing[0]!.item}`)?.focus();
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      await withInvitation('/api/pulse/respond', token, answers);
      setState({ kind: 'done', q });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The answer could not be sent; try again.');
    } finally {
      setSending(false);
    }
  };

  return (
    <main id="main" className="respond">
      <h1>How is {q.use_case.title} working for you?</h1>
      <p className="muted">
        Four statements about {periodWords(q.period)}. It takes a minute. Your answer is anonymous: results are only ever shown for groups of five people or more.
      </p>
      <form onSubmit={submit} noValidate>
        {q.statements.map((s, i) => (
          <fieldset key={s.item} className="statement" id={`st-${s.item}`} tabIndex={-1} aria-describedby={error && answers[s.item] === undefined ? 'respond-error' : undefined}>
            <legend>
              <span className="muted">{i + 1} of {q.statements.length}.</span> {s.statement}
            </legend>
            <div className="levels">
              {q.levels.map((l) => (
                <label key={l.level} className={answers[s.item] === l.level ? 'level chosen' : 'level'}>
                  <input type="radio" name={s.item} value={l.level} checked={answers[s.item] === l.level} onChange={() => setAnswers({ ...answers, [s.item]: l.level })} />
                  <span>{l.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        {error && (
          <p className="error" role="alert" id="respond-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {sending ? 'Sending…' : 'Send my answer'}
        </button>
      </form>
    </main>
  );
}
