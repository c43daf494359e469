// The AI-readiness assessment: every round (open ones first to answer), the overall score and
// maturity level round after round, and, for administrators, opening a new round.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, can, type User } from '../../api';
import { level1, type Round, type Trend } from '../../api-assessment';
import { when } from '../../format';
import { usePageTitle } from '../../page-title';
import { Link, navigate } from '../../router';
import { TrendChart } from './trend-chart';
import './assessment.css';

function OpenRound({ onOpened }: { onOpened: (r: Round) => void }) {
  const [title, setTitle] = useState(`AI readiness ${new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric' })}`);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onOpened(await api<Round>('/api/assessment/rounds', { method: 'POST', body: { title } }));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="inline-form wrap" onSubmit={submit}>
      <label>
        Title of the new round
        <input value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={120} required />
      </label>
      <button type="submit">Open a round</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function AssessmentPage({ user }: { user: User }) {
  usePageTitle('AI readiness');
  const list = useQuery({ queryKey: ['assessment', 'rounds'], queryFn: () => api<{ items: Round[] }>('/api/assessment/rounds') });
  const trendQuery = useQuery({ queryKey: ['assessment', 'trend'], queryFn: () => api<Trend>('/api/assessment/trend'), retry: false });
  const rounds = list.data?.items;
  const trend = trendQuery.data;
  const error = list.error?.message;

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!rounds) return <p className="loading">Loading the assessment…</p>;
  return (
    <>
      <div className="page-head">
        <h1>AI readiness</h1>
        <p className="muted">
          How ready the organisation is for AI, pillar by pillar, as leadership and staff see it. Each round asks everyone the same questions; the results show where to start.
        </p>
      </div>
      {can(user, 'admin') && (
        <section className="panel" aria-labelledby="new-round">
          <h2 id="new-round">Start a round</h2>
          <OpenRound onOpened={(r) => navigate(`/assessment/rounds/${encodeURIComponent(r.id)}`)} />
        </section>
      )}
      <section className="panel" aria-labelledby="rounds">
        <h2 id="rounds">Rounds</h2>
        {rounds.length === 0 ? (
          <p className="muted">No round yet{can(user, 'admin') ? '' : ': an administrator starts one'}.</p>
        ) : (
          <ul className="round-list">
            {rounds.map((r) => {
              const t = trend?.rounds.find((x) => x.id === r.id);
              return (
                <li key={r.id}>
                  <Link href={`/assessment/rounds/${encodeURIComponent(r.id)}`}>
                    <strong>{r.title}</strong>
                  </Link>{' '}
                  <span className="badge">{r.status}</span>
                  <div className="small muted">
                    Opened {when(r.opened_at)} · {r.respondents.total} answered ({r.respondents.leadership} leadership, {r.respondents.staff} staff)
                    {t?.overall != null && ` · overall ${level1(t.overall)} of 5${t.level ? `, ${t.level.name}` : ''}`}
                  </div>
                  {r.status === 'open' && !r.answered_by_me && (
                    <div className="actions-row">
                      <Link href={`/assessment/rounds/${encodeURIComponent(r.id)}/answer`}>Answer this round</Link>
                    </div>
                  )}
                  {r.answered_by_me && <div className="small">You have answered this round.</div>}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {trend && trend.rounds.filter((r) => r.overall !== null).length > 0 && (
        <section className="panel" aria-labelledby="trend">
          <h2 id="trend">Over the rounds</h2>
          <TrendChart trend={trend} />
        </section>
      )}
    </>
  );
}
