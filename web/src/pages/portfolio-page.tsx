// The portfolio: every use case ranked by risk-adjusted value, feasibility, alignment and
// risk (with the NPV percentiles), the value-vs-feasibility matrix, use cases per stage, and
// a board by stage. When the portfolio cannot be valued (a definition the server rejects),
// the list still shows, with the reason; use cases the server could not value are listed
// under the ranking with their problems.
import { CommittedPlan } from '../components/funding-scenarios';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type Page, type UseCaseSummary, type Workspace } from '../api';
import type { Portfolio } from '../api-portfolio';
import { RankingTable } from '../components/ranking-table';
import { StageBoard } from '../components/stage-board';
import { StageChart } from '../components/stage-chart';
import { UseCaseTable } from '../components/use-case-table';
import { ValueMatrix } from '../components/value-matrix';
import { percent } from '../format';
import { usePageTitle } from '../page-title';
import { ReportDownload } from '../components/report-download';

export function PortfolioPage({ workspace }: { workspace: Workspace | null }) {
  usePageTitle('Portfolio');
  const list = useQuery({ queryKey: ['use-cases', 'all'], queryFn: () => api<Page<UseCaseSummary>>('/api/use-cases?limit=1000&sort=stage') });
  const valued = useQuery({ queryKey: ['portfolio'], queryFn: () => api<Portfolio>('/api/portfolio') });
  const items = list.data?.items;
  const portfolio = valued.data;
  const error = list.error?.message;
  const valueError = valued.error?.message;
  const [view, setView] = useState<'table' | 'board'>('table');
  const [query, setQuery] = useState('');
  const [team, setTeam] = useState('');

  const stages = useMemo(() => (workspace ? [...workspace.stages.filter((s) => !workspace.side_stages.includes(s)), ...workspace.side_stages] : []), [workspace]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const byId = new Map(items?.map((x) => [x.id, x]));
    return (u: { id: string; title: string; team: string }) => {
      const s = byId.get(u.id);
      return (!team || u.team === team) && (!q || `${u.id} ${u.title} ${s?.owner ?? ''} ${s?.department ?? ''}`.toLowerCase().includes(q));
    };
  }, [items, query, team]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!items) return <p className="loading">Loading the portfolio…</p>;
  const shownItems = items.filter(matches);

  return (
    <>
      <div className="page-head">
        <h1>Portfolio</h1>
        <p className="muted">
          {items.length} use cases{workspace ? ` at ${workspace.organisation}` : ''}.{' '}
          {portfolio
            ? `Ranked by total score; NPV over ${portfolio.horizon_months} months at ${percent(portfolio.discount_rate, 1)}, ${portfolio.draws.toLocaleString('en')} Monte Carlo draws. P10/P50/P90: NPV if it works; risk-adjusted NPV includes the probability of success.`
            : 'Computing business cases…'}
        </p>
        <ReportDownload />
      </div>
      <CommittedPlan elsewhere />
      {valueError && (
        <p className="error" role="alert">
          The portfolio cannot be valued: {valueError}
        </p>
      )}
      <div className="columns">
        <section className="panel" aria-labelledby="matrix">
          <h2 id="matrix">Value vs feasibility</h2>
          {portfolio ? <ValueMatrix portfolio={portfolio} height={280} /> : <p className="muted">…</p>}
        </section>
        <section className="panel" aria-labelledby="by-stage">
          <h2 id="by-stage">Use cases by stage</h2>
          <StageChart items={items} stages={stages} height={280} />
        </section>
      </div>
      <div className="toolbar">
        <label>
          Search
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="title, owner, department" />
        </label>
        <label>
          Team
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {workspace?.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
            Ranking
          </button>
          <button type="button" aria-pressed={view === 'board'} onClick={() => setView('board')}>
            Board
          </button>
        </div>
      </div>
      {view === 'board' ? (
        <StageBoard items={shownItems} stages={stages} />
      ) : portfolio ? (
        <RankingTable items={portfolio.use_cases.filter(matches)} currency={portfolio.currency} />
      ) : (
        <UseCaseTable items={shownItems} stages={stages} />
      )}
      {portfolio && portfolio.unvalued.length > 0 && (
        <section className="panel" aria-labelledby="unvalued">
          <h2 id="unvalued">Not valued ({portfolio.unvalued.length})</h2>
          <p>These use cases are left out of the ranking and the roadmap until their definition is fixed.</p>
          <ul>
            {portfolio.unvalued.map((u) => (
              <li key={u.id}>
                <strong>{u.id}</strong>: {u.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
