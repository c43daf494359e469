// Benchmark results recorded for a use case (`traction bench run --usecase`): latency
// percentiles, throughput, errors, the SLO verdict and cost, newest first.
import { useEffect, useState } from 'react';
import { api, type Page } from '../api';
import type { BenchSummary } from '../api-readiness';
import { ms, percent, when } from '../format';

export function BenchPanel({ id, currency }: { id: string; currency: string }) {
  const [runs, setRuns] = useState<BenchSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Page<BenchSummary>>(`/api/bench-runs?use_case=${encodeURIComponent(id)}&limit=10`).then((p) => setRuns(p.items), (e: Error) => setError(e.message));
  }, [id]);
  const usd = (n: number | null) => (n === null ? '–' : n.toLocaleString('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }));

  return (
    <section className="panel" aria-labelledby="bench">
      <h2 id="bench">Model service benchmarks</h2>
      {error && <p className="error">{error}</p>}
      {runs && runs.length === 0 && <p className="muted">No benchmark recorded: `traction bench run --url … --usecase {id}` records one.</p>}
      {runs && runs.length > 0 && (
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Load</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">p50</th>
              <th scope="col" className="num">p95</th>
              <th scope="col" className="num">p99</th>
              <th scope="col" className="num">TTFT p95</th>
              <th scope="col" className="num">Req/s</th>
              <th scope="col" className="num">Errors</th>
              <th scope="col">SLO</th>
              <th scope="col" className="num">Cost / 1k</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  {when(r.started_at)}
                  <div className="muted small">{r.model ?? r.api}</div>
                </td>
                <td>{r.step?.load ?? '–'}</td>
                <td className="num">{r.step?.requests ?? '–'}</td>
                <td className="num">{ms(r.step?.p50_ms)}</td>
                <td className="num">{ms(r.step?.p95_ms)}</td>
                <td className="num">{ms(r.step?.p99_ms)}</td>
                <td className="num">{ms(r.step?.ttft_p95_ms)}</td>
                <td className="num">{r.step ? r.step.requests_per_s.toFixed(1) : '–'}</td>
                <td className="num">{r.step ? percent(r.step.error_rate, 1) : '–'}</td>
                <td className={r.slo_met === null ? '' : r.slo_met ? 'status-pass' : 'status-fail'} title={r.slo ?? undefined}>
                  {r.slo_met === null ? 'none set' : r.slo_met ? 'met' : 'missed'}
                  {r.slo && <div className="muted small">{r.slo}</div>}
                </td>
                <td className="num">{usd(r.cost_per_1k_requests)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Costs are in USD as priced in the run; the business case is in {currency}.</p>
    </section>
  );
}
