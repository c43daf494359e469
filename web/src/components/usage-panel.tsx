// A use case's usage after go-live, measured from its model service's telemetry: who uses it
// (against the people it is meant for), what it costs (against the running budget), how fast
// it answers (against the limit it was benchmarked to) and the value realised from use.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { FLAG_WORDS, type UseCaseUsage } from '../api-usage';
import { money, percent } from '../format';
import { AdoptionChart, CostChart, LatencyChart, ValueChart } from './usage-charts';

const QUANTILE_WORDS = { p50: 'the typical request', p90: '9 in 10 requests', p99: '99 in 100 requests' } as const;

export function UsageSummary({ u }: { u: UseCaseUsage }) {
  const c = u.currency;
  return (
    <dl className="usage-facts">
      <div>
        <dt>People using it (30 days)</dt>
        <dd>
          {u.active_users_30d}
          {u.audience && u.adoption_rate !== null ? ` · ${percent(u.adoption_rate)} of ${u.audience} last week` : ''}
        </dd>
      </div>
      <div>
        <dt>Requests</dt>
        <dd>{u.requests.toLocaleString('en')}</dd>
      </div>
      <div>
        <dt>Cost this month</dt>
        <dd className={u.flags.includes('over_budget') ? 'status-fail' : undefined}>
          {money(u.cost_this_month, c)} of {money(u.budget_per_month, c)}
        </dd>
      </div>
      <div>
        <dt>Spent so far</dt>
        <dd>{money(u.spend_to_date, c)}</dd>
      </div>
    </dl>
  );
}

function LatencyVerdicts({ u }: { u: UseCaseUsage }) {
  const l = u.latency;
  if (!l.benchmark) return <p className="muted small">No benchmark recorded before go-live, so there is no limit to compare with.</p>;
  return (
    <ul className="plain small">
      {l.slo.map((s) => (
        <li key={s.key}>
          {s.metric === 'latency' ? 'Response time' : 'Time to first word'} limit {s.threshold.toLocaleString('en')} ms (benchmarked {l.benchmark?.at.slice(0, 10)}): in production over the last 7 days, {QUANTILE_WORDS[s.production_quantile]} took at most{' '}
          {s.production_ms === null ? '–' : `${Math.round(s.production_ms).toLocaleString('en')} ms`}{' '}
          <strong className={s.met === null ? '' : s.met ? 'status-pass' : 'status-fail'}>{s.met === null ? 'no data' : s.met ? 'within the limit' : 'over the limit'}</strong>
        </li>
      ))}
    </ul>
  );
}

export function UsagePanel({ id }: { id: string }) {
  const [u, setU] = useState<UseCaseUsage>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<UseCaseUsage>(`/api/use-cases/${encodeURIComponent(id)}/usage`).then(setU, (e: Error) => setError(e.message));
  }, [id]);

  return (
    <section className="panel" aria-labelledby="usage">
      <h2 id="usage">Usage</h2>
      {error && <p className="error">{error}</p>}
      {u && !u.period && <p className="muted">No usage recorded yet. Once the model service sends its OpenTelemetry data to Traction, adoption, cost and response times show here.</p>}
      {u?.period && (
        <>
          <p className="muted small">
            From {u.period.from} to {u.period.to}. {u.flags.map((f) => FLAG_WORDS[f]).join('. ')}
          </p>
          <UsageSummary u={u} />
          {u.spend_alert && <p className="small status-fail">{u.spend_alert}</p>}
          <div className="usage-grid">
            <AdoptionChart u={u} />
            <CostChart u={u} />
            <div>
              <LatencyChart u={u} />
              <LatencyVerdicts u={u} />
            </div>
            <div>
              {u.value ? <ValueChart u={u} /> : <p className="muted small">Value realised from use: none yet, as this use case has no value template.</p>}
              {u.value && (
                <p className="small">
                  Realised so far: {money(u.value.to_date, u.currency)} against costs of {money(u.value.costs_to_date, u.currency)}
                  {u.value.roi_to_date !== null && ` (return on investment to date ${percent(u.value.roi_to_date)})`}
                </p>
              )}
              {u.departments.length > 0 && (
                <p className="small">
                  Departments using it: {u.departments.map((d) => `${d.department} (${d.users} people)`).join(', ')}. Groups of fewer than 5 people are not shown.
                </p>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
