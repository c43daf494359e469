// The portfolio: every use case, filterable, as a ranked table or a board by stage, with
// the count per stage as a chart.
import { useEffect, useMemo, useState } from 'react';
import { api, type Page, type UseCaseSummary, type Workspace } from '../api';
import { StageBoard } from '../components/stage-board';
import { StageChart } from '../components/stage-chart';
import { UseCaseTable } from '../components/use-case-table';

export function PortfolioPage({ workspace }: { workspace: Workspace | null }) {
  const [items, setItems] = useState<UseCaseSummary[]>();
  const [error, setError] = useState<string>();
  const [view, setView] = useState<'table' | 'board'>('table');
  const [query, setQuery] = useState('');
  const [team, setTeam] = useState('');

  useEffect(() => {
    api<Page<UseCaseSummary>>('/api/use-cases?limit=1000&sort=stage').then(
      (p) => setItems(p.items),
      (e: Error) => setError(e.message),
    );
  }, []);

  const stages = useMemo(() => (workspace ? [...workspace.stages.filter((s) => !workspace.side_stages.includes(s)), ...workspace.side_stages] : []), [workspace]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (items ?? []).filter((u) => (!team || u.team === team) && (!q || `${u.id} ${u.title} ${u.owner} ${u.department}`.toLowerCase().includes(q)));
  }, [items, query, team]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!items) return <p className="loading">Loading the portfolio…</p>;

  return (
    <>
      <div className="page-head">
        <h1>Portfolio</h1>
        <p className="muted">
          {items.length} use cases{workspace ? ` at ${workspace.organisation}` : ''}. Ranked by how far each has come; value rankings appear once business cases are computed.
        </p>
      </div>
      <section className="panel" aria-labelledby="by-stage">
        <h2 id="by-stage">Use cases by stage</h2>
        <StageChart items={items} stages={stages} />
      </section>
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
            Table
          </button>
          <button type="button" aria-pressed={view === 'board'} onClick={() => setView('board')}>
            Board
          </button>
        </div>
      </div>
      {view === 'table' ? <UseCaseTable items={shown} stages={stages} /> : <StageBoard items={shown} stages={stages} />}
    </>
  );
}
