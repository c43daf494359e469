// One dataset: what it is, its readiness by dimension, the checks that do not pass (fail
// severity first) and a metric's history with anomalies.
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { DatasetDetail, MetricHistory } from '../api-readiness';
import { count, when } from '../format';
import { Link } from '../router';
import { DimensionChart, scoreClass } from './dimension-chart';
import { MetricHistoryChart } from './metric-history-chart';
import { checkKind } from '../check-kinds';
import { OwnerBadge } from './owner-badge';

export function DatasetDetailPanel({ id, refresh }: { id: string; refresh: number }) {
  const [d, setD] = useState<DatasetDetail>();
  const [metric, setMetric] = useState('row_count');
  const [history, setHistory] = useState<MetricHistory>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setError(undefined);
    api<DatasetDetail>(`/api/datasets/${encodeURIComponent(id)}`).then(setD, (e: Error) => setError(e.message));
  }, [id, refresh]);
  useEffect(() => {
    api<MetricHistory>(`/api/datasets/${encodeURIComponent(id)}/history?metric=${encodeURIComponent(metric)}`).then(setHistory, () => setHistory(undefined));
  }, [id, metric, refresh]);

  if (error) return <p className="error">{error}</p>;
  if (!d) return <p className="muted">Loading…</p>;
  return (
    <section className="panel" aria-labelledby="dataset">
      <h2 id="dataset">
        {d.title ?? d.id} {d.latest?.score != null && <span className={`score ${scoreClass(d.latest.score)}`}>{d.latest.score.toFixed(0)}</span>}
      </h2>
      {d.description && <p className="small">{d.description}</p>}
      <p className="small"><OwnerBadge of={d} /></p>
      <p className="muted small">
        {d.system ? `${d.system} · ` : ''}source {d.source} · {count(d.row_count)} rows · {d.checks_declared} checks
        {d.latest?.at ? ` · checked ${when(d.latest.at)}` : ' · never checked'}
        {d.used_by.length > 0 && (
          <>
            {' · used by '}
            {d.used_by.map((u, i) => (
              <span key={u}>
                {i > 0 && ', '}
                <Link href={`/use-cases/${u}`}>{u}</Link>
              </span>
            ))}
          </>
        )}
      </p>
      {d.latest && <DimensionChart dimensions={d.latest.dimensions} />}
      <h3 className="small muted">Checks not passing ({d.failing.length})</h3>
      {d.failing.length === 0 ? (
        <p className="muted small">{d.latest ? 'Every check passes.' : 'Run the checks to see.'}</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col">What was found</th>
            </tr>
          </thead>
          <tbody>
            {d.failing.map((f) => (
              <tr key={f.name}>
                <td>
                  {f.name}
                  <div className="muted small">
                    {checkKind(f.type)} · {f.dimension}
                  </div>
                </td>
                <td className={f.status === 'error' ? 'status-error' : f.severity === 'fail' ? 'status-fail' : 'status-warn'}>{f.status === 'error' ? 'error' : f.severity === 'fail' ? 'fail' : 'warning'}</td>
                <td className="small">{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline-form" style={{ marginTop: '0.75rem' }}>
        <label>
          Metric history
          <select value={metric} onChange={(e) => setMetric(e.target.value)}>
            {(d.metrics.length ? d.metrics : ['row_count']).map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      {history && history.points.length > 0 ? <MetricHistoryChart history={history} /> : <p className="muted small">No history yet.</p>}
    </section>
  );
}
