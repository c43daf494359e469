// One round of the assessment: who answered, the results (radar, every question, published
// figures for context), the gap report with its actions, and for administrators the round's
// links and closing it.
import { useQuery } from '@tanstack/react-query';
import { api, can, type User, type Workspace } from '../../api';
import type { Gap, Results } from '../../api-assessment';
import { when } from '../../format';
import { usePageTitle } from '../../page-title';
import { Link } from '../../router';
import { GapReport } from './gap-report';
import { ResultsPanel } from './results-panel';
import { RoundAdmin } from './round-admin';
import './assessment.css';

export function AssessmentRoundPage({ id, user, workspace }: { id: string; user: User; workspace: Workspace | null }) {
  const base = `/api/assessment/rounds/${encodeURIComponent(id)}`;
  const query = useQuery({
    queryKey: ['assessment', 'round', id],
    queryFn: async () => {
      const [results, gap] = await Promise.all([api<Results>(`${base}/results`), api<Gap>(`${base}/gap`)]);
      return { results, gap };
    },
  });
  const data = query.data;
  const error = query.error?.message;
  const load = () => query.refetch();
  usePageTitle(data?.results.round.title ?? 'AI readiness');

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">Loading the round…</p>;
  const round = data.results.round;
  return (
    <article>
      <p className="crumbs">
        <Link href="/assessment">AI readiness</Link> / {round.title}
      </p>
      <div className="page-head">
        <h1>{round.title}</h1>
        <p className="muted">
          {round.status === 'open' ? 'Open' : 'Closed'} · opened {when(round.opened_at)} · {round.respondents.total} answered ({round.respondents.leadership} leadership, {round.respondents.staff} staff)
          {data.results.overall.level && (
            <>
              {' '}
              · overall <strong>{data.results.overall.score?.toFixed(1)} of 5, {data.results.overall.level.name}</strong>
            </>
          )}
        </p>
        {round.status === 'open' && !round.answered_by_me && (
          <p>
            <Link href={`/assessment/rounds/${encodeURIComponent(round.id)}/answer`} className="button-link">
              Answer this round
            </Link>
          </p>
        )}
      </div>
      <ResultsPanel r={data.results} />
      <GapReport gap={data.gap} user={user} workspace={workspace} onChange={() => void load()} />
      {can(user, 'admin') && <RoundAdmin round={round} onChange={() => void load()} />}
    </article>
  );
}
