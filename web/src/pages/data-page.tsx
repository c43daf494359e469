// Data readiness: every dataset with its latest score and failing checks, the selected
// dataset in detail with its metric history, the latest runs, and (for approvers) a button
// that runs the checks now, as `traction data check` does.
import { useEffect, useState } from 'react';
import { usePageTitle } from '../page-title';
import { api, can, type Page, type User } from '../api';
import type { DatasetState, RunDetail, RunSummary } from '../api-readiness';
import { DatasetDetailPanel } from '../components/dataset-detail';
import { DatasetTable } from '../components/dataset-table';
import { when } from '../format';
import { Link } from '../router';

const summaryLine = (r: RunSummary) => {
  const s = r.summary;
  return `${s.checks ?? 0} checks on ${s.datasets ?? r.datasets.length} datasets: ${s.passed ?? 0} passed, ${s.failed ?? 0} failed, ${s.warned ?? 0} warnings, ${s.errors ?? 0} errors`;
};

export function DataPage({ id, user }: { id?: string; user: User }) {
  const [datasets, setDatasets] = useState<DatasetState[]>();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  usePageTitle(id ? `${datasets?.find((d) => d.id === id)?.title ?? id} · Data readiness` : 'Data readiness');

  useEffect(() => {
    api<{ items: DatasetState[] }>('/api/datasets').then((r) => setDatasets(r.items), (e: Error) => setError(e.message));
    api<Page<RunSummary>>('/api/readiness/runs?limit=5').then((r) => setRuns(r.items), () => setRuns([]));
  }, [refresh]);

  const run = async () => {
    setRunning(true);
    setNotice(undefined);
    try {
      const r = await api<RunDetail>('/api/readiness/runs', { method: 'POST', body: {} });
      setNotice(`Run ${r.run.id} finished: ${summaryLine(r.run)}.`);
      setRefresh((n) => n + 1);
    } catch (e) {
      setNotice(`The run failed: ${(e as Error).message}`);
    } finally {
      setRunning(false);
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!datasets) return <p className="loading">Loading datasets…</p>;
  const selected = id ?? [...datasets].sort((a, b) => (a.latest?.score ?? 101) - (b.latest?.score ?? 101))[0]?.id;
  if (id && !datasets.some((d) => d.id === id))
    return (
      <p className="error" role="alert">
        No dataset "{id}". <Link href="/data">All datasets</Link>
      </p>
    );
  const latest = runs[0];

  return (
    <>
      <div className="page-head">
        <h1>Data readiness</h1>
        <p className="muted">
          {datasets.length} datasets.{' '}
          {latest ? `Last run ${when(latest.finished_at)} by ${latest.actor}: ${summaryLine(latest)}.` : 'No readiness run yet.'}
        </p>
      </div>
      {can(user, 'approver') && (
        <p className="inline-form">
          <button type="button" onClick={run} disabled={running}>
            {running ? 'Running the checks…' : 'Run the checks now'}
          </button>
          <span className="muted small">Checks every dataset against its source and stores the run, as `traction data check` does.</span>
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <div className="split">
        <div>
          <DatasetTable items={datasets} selected={selected} />
          {runs.length > 0 && (
            <section className="panel" aria-labelledby="runs" style={{ marginTop: '1rem' }}>
              <h2 id="runs">Recent runs</h2>
              <ul className="timeline small">
                {runs.map((r) => (
                  <li key={r.id}>
                    <strong>{when(r.finished_at)}</strong> by {r.actor}: {summaryLine(r)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        {selected && <DatasetDetailPanel id={selected} refresh={refresh} />}
      </div>
    </>
  );
}
