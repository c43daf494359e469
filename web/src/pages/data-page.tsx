// Data readiness: every dataset with its latest score and failing checks, the selected
// dataset in detail (every check, failing rows, metric history), the latest runs, and (for
// approvers) a button that runs the checks now and stores the run.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, can, type Page, type User } from '../api';
import type { DatasetState, RunDetail, RunSummary } from '../api-readiness';
import { DatasetDetailPanel } from '../components/dataset-detail';
import { DatasetTable } from '../components/dataset-table';
import { when } from '../format';
import { usePageTitle } from '../page-title';
import { Link } from '../router';

const summaryLine = (r: RunSummary) => {
  const s = r.summary;
  return `${s.checks ?? 0} checks on ${s.datasets ?? r.datasets.length} datasets: ${s.passed ?? 0} passed, ${s.failed ?? 0} failed, ${s.warned ?? 0} warnings, ${s.errors ?? 0} could not run`;
};

export function DataPage({ id, user }: { id?: string; user: User }) {

  const client = useQueryClient();
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: () => api<{ items: DatasetState[] }>('/api/datasets').then((r) => r.items) });
  usePageTitle(id ? `${datasets.data?.find((d) => d.id === id)?.title ?? id} · Data readiness` : 'Data readiness');
  const runs = useQuery({ queryKey: ['readiness-runs'], queryFn: () => api<Page<RunSummary>>('/api/readiness/runs?limit=5').then((r) => r.items) });
  const run = useMutation({
    mutationFn: () => api<RunDetail>('/api/readiness/runs', { method: 'POST', body: {} }),
    onSuccess: () => Promise.all(['datasets', 'dataset', 'dataset-history', 'readiness-runs', 'failing-rows'].map((k) => client.invalidateQueries({ queryKey: [k] }))),
  });

  if (datasets.isError) return <p className="error" role="alert">{datasets.error.message}</p>;
  if (!datasets.data) return <p className="loading">Loading datasets…</p>;
  const items = datasets.data;
  const selected = id ?? [...items].sort((a, b) => (a.latest?.score ?? 101) - (b.latest?.score ?? 101))[0]?.id;
  if (id && !items.some((d) => d.id === id))
    return (
      <p className="error" role="alert">
        No dataset "{id}". <Link href="/data">All datasets</Link>
      </p>
    );
  const recent = runs.data ?? [];
  const latest = recent[0];

  return (
    <>
      <div className="page-head">
        <h1>Data readiness</h1>
        <p className="muted">
          {items.length} datasets. {latest ? `Last run ${when(latest.finished_at)} by ${latest.actor}: ${summaryLine(latest)}.` : 'No readiness run yet.'}
        </p>
      </div>
      {can(user, 'approver') && (
        <p className="inline-form">
          <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
            {run.isPending ? 'Running the checks…' : 'Run checks'}
          </button>
          <span className="muted small">Checks every dataset against its source now and keeps the results.</span>
        </p>
      )}
      {run.isSuccess && (
        <p role="status" className="notice">
          The run finished: {summaryLine(run.data.run)}.
        </p>
      )}
      {run.isError && (
        <p role="alert" className="error">
          The run failed: {run.error.message}
        </p>
      )}
      <div className="split">
        <div>
          <DatasetTable items={items} selected={selected} />
          {recent.length > 0 && (
            <section className="panel" aria-labelledby="runs" style={{ marginTop: '1rem' }}>
              <h2 id="runs">Recent runs</h2>
              <ul className="timeline small">
                {recent.map((r) => (
                  <li key={r.id}>
                    <strong>{when(r.finished_at)}</strong> by {r.actor}: {summaryLine(r)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        {selected && <DatasetDetailPanel id={selected} />}
      </div>
    </>
  );
}
