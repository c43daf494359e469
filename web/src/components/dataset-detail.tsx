// One dataset: what it is, its readiness by dimension, every check of the latest run (those
// not passing first, fail severity before warnings, then those passing), the failing rows of
// a check on demand (paged, downloadable as CSV), and a metric's history with anomalies.
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api } from '../api';
import type { CheckResult, DatasetDetail, MetricHistory } from '../api-readiness';
import { checkKind } from '../check-kinds';
import { count, when } from '../format';
import { Link } from '../router';
import { DimensionChart, scoreClass } from './dimension-chart';
import { FailingRows } from './failing-rows';
import { MetricHistoryChart } from './metric-history-chart';
import { OwnerBadge } from './owner-badge';

/** Checks about the whole table: they fail without failing rows to show. */
const TABLE_LEVEL = new Set(['row_count', 'freshness', 'schema', 'aggregate', 'column_count', 'columns_match', 'distinct_values']);

const verdict = (r: CheckResult) => (r.status === 'pass' ? 'passes' : r.status === 'error' ? 'could not run' : r.severity === 'fail' ? 'fails' : 'warning');
const verdictClass = (r: CheckResult) => (r.status === 'pass' ? 'status-pass' : r.status === 'error' ? 'status-error' : r.severity === 'fail' ? 'status-fail' : 'status-warn');
const order = (r: CheckResult) => (r.status === 'error' ? 0 : r.status === 'fail' && r.severity === 'fail' ? 1 : r.status === 'fail' ? 2 : 3);

export function DatasetDetailPanel({ id }: { id: string }) {
  const [metric, setMetric] = useState('row_count');
  const [rowsOf, setRowsOf] = useState<string>();
  const detail = useQuery({ queryKey: ['dataset', id], queryFn: () => api<DatasetDetail>(`/api/datasets/${encodeURIComponent(id)}`) });
  const history = useQuery({
    queryKey: ['dataset-history', id, metric],
    queryFn: () => api<MetricHistory>(`/api/datasets/${encodeURIComponent(id)}/history?metric=${encodeURIComponent(metric)}`),
  });

  if (detail.isError) return <p className="error">{detail.error.message}</p>;
  const d = detail.data;
  if (!d) return <p className="muted">Loading…</p>;
  const results = [...d.results].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  const notPassing = results.filter((r) => r.status !== 'pass');
  const passing = results.filter((r) => r.status === 'pass');
  const metrics = d.metrics.length ? d.metrics : ['row_count'];

  const rowsFor = (r: CheckResult) => (
    <>
      <tr key={r.name}>
        <td style={{ overflowWrap: 'anywhere' }}>
          {r.name}
          <div className="muted small">
            {checkKind(r.type)} · {r.dimension}
          </div>
        </td>
        <td className={verdictClass(r)}>{verdict(r)}</td>
        <td className="small" style={{ overflowWrap: 'anywhere' }}>
          {r.message}
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.35rem', marginTop: '0.25rem' }}>
            {r.status === 'fail' && !TABLE_LEVEL.has(r.type) && (
              <button type="button" className="secondary small" style={{ whiteSpace: 'nowrap' }} aria-expanded={rowsOf === r.name} onClick={() => setRowsOf(rowsOf === r.name ? undefined : r.name)}>
                {rowsOf === r.name ? 'Hide failing rows' : 'Show failing rows'}
              </button>
            )}
            {d.metrics.includes(r.name) && (
              <button type="button" className="secondary small" style={{ whiteSpace: 'nowrap' }} aria-pressed={metric === r.name} onClick={() => setMetric(r.name)}>
                History
              </button>
            )}
          </div>
        </td>
      </tr>
      {rowsOf === r.name && (
        <tr key={`${r.name}-rows`}>
          <td colSpan={3}>
            <FailingRows dataset={d.id} check={r.name} label={r.name} />
          </td>
        </tr>
      )}
    </>
  );

  const table = (caption: string, items: CheckResult[]) => (
    <table className="grid compact" style={{ tableLayout: 'fixed' }}>
      <caption className="small muted" style={{ textAlign: 'left', captionSide: 'top' }}>
        {caption}
      </caption>
      <thead>
        <tr>
          <th scope="col" style={{ width: '36%' }}>
            Check
          </th>
          <th scope="col" style={{ width: '5.8rem' }}>
            Result
          </th>
          <th scope="col">What was found</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <Fragment key={r.name}>{rowsFor(r)}</Fragment>
        ))}
      </tbody>
    </table>
  );

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
      <h3 className="small muted">Checks in the latest run</h3>
      {!d.latest ? (
        <p className="muted small">Not checked yet: run the checks to see how this data holds up.</p>
      ) : (
        <>
          {notPassing.length > 0 ? table(`Not passing (${notPassing.length})`, notPassing) : <p className="small status-pass">Every check passes.</p>}
          {passing.length > 0 && table(`Passing (${passing.length})`, passing)}
        </>
      )}
      <div className="inline-form" style={{ marginTop: '0.75rem' }}>
        <label>
          History of
          <select value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m === 'row_count' ? 'row count' : m}
              </option>
            ))}
          </select>
        </label>
      </div>
      {history.data && history.data.points.length > 0 ? <MetricHistoryChart history={history.data} /> : <p className="muted small">No history yet.</p>}
    </section>
  );
}
