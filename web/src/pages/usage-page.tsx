// Usage across the portfolio: one card per deployed use case with the people using it against
// the people it is meant for, the month's model cost against its running budget, the value
// realised from use and what needs a look (no use, falling use, over budget). Cards, not a
// wide table, so a phone never scrolls sideways.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { FLAG_WORDS, type PortfolioUsage } from '../api-usage';
import { money, percent } from '../format';
import { usePageTitle } from '../page-title';
import { Link } from '../router';
import { periodWords, type PulseSurvey } from '../api-pulse';

type Row = PortfolioUsage['use_cases'][number];

function Meter({ share, over, label }: { share: number; over?: boolean; label: string }) {
  const width = `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
  return (
    <div className={over ? 'meter over' : 'meter'} role="img" aria-label={label}>
      <span style={{ width }} />
    </div>
  );
}

function UsageCard({ r, currency, pulse }: { r: Row; currency: string; pulse: PulseSurvey | undefined }) {
  const over = r.flags.includes('over_budget');
  return (
    <article className="panel usage-card" aria-labelledby={`uc-${r.use_case}`}>
      <h2 id={`uc-${r.use_case}`}>
        <Link href={`/use-cases/${encodeURIComponent(r.use_case)}`}>{r.title}</Link>
      </h2>
      <p className="muted small">
        Stage: {r.stage} · {r.requests_30d.toLocaleString('en')} requests in the last 30 days
      </p>
      <p className="small">
        People using it: {r.active_users_30d} in 30 days
        {r.audience ? (r.adoption_rate === null ? ` · meant for ${r.audience}` : ` · ${percent(r.adoption_rate)} of ${r.audience} last week`) : ' (no target group set)'}
      </p>
      {r.audience && <Meter share={r.adoption_rate ?? 0} label={`${percent(r.adoption_rate)} of the people it is meant for, last week`} />}
      <p className="small">
        Model cost this month: {money(r.cost_this_month, currency)} of {money(r.budget_per_month, currency)}
      </p>
      <Meter share={r.budget_per_month > 0 ? r.cost_this_month / r.budget_per_month : 0} over={over} label={`${percent(r.budget_per_month > 0 ? r.cost_this_month / r.budget_per_month : null)} of the monthly budget`} />
      <p className={r.cost_last_month > r.budget_per_month ? 'small status-fail' : 'small muted'}>
        Last month: {money(r.cost_last_month, currency)}
        {r.cost_last_month > r.budget_per_month ? ', over budget' : ''}
      </p>
      {r.value_to_date !== null && <p className="small">Value realised from use so far: {money(r.value_to_date, currency)}</p>}
      {pulse && (
        <p className="small">
          What its users say ({periodWords(pulse.period)}):{' '}
          {pulse.scores ? `${pulse.scores.overall.toFixed(0)} out of 100 from ${pulse.respondents} people` : 'too few answers yet to show'}
        </p>
      )}
      {r.flags.length > 0 && (
        <p>
          {r.flags.map((f) => (
            <span key={f} className="flag">
              {FLAG_WORDS[f]}
            </span>
          ))}
        </p>
      )}
    </article>
  );
}

export function UsagePage() {
  usePageTitle('Usage');
  const usage = useQuery({ queryKey: ['usage'], queryFn: () => api<PortfolioUsage>('/api/usage') });
  // The pulse is a second read: the usage cards show without it if it fails.
  const pulse = useQuery({ queryKey: ['pulse'], queryFn: () => api<{ surveys: PulseSurvey[] }>('/api/pulse'), retry: false });
  const p = usage.data;
  const error = usage.error?.message;
  const pulses = pulse.data?.surveys ?? [];

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!p) return <p className="loading">Loading usage…</p>;
  const attention = p.use_cases.filter((r) => r.flags.some((f) => f !== 'unpriced_models')).length;
  return (
    <>
      <div className="page-head">
        <h1>Usage</h1>
        <p className="muted">
          The AI services in use, measured from their own telemetry up to {p.today}: {p.use_cases.length} use cases
          {attention > 0 ? `, ${attention} needing a look` : ''}. Open one for its adoption curve, cost per month and response times.
        </p>
      </div>
      {p.use_cases.length === 0 ? (
        <p className="muted">No use case is in production yet, and none sends usage data.</p>
      ) : (
        <div className="usage-cards">
          {p.use_cases.map((r) => (
            <UsageCard key={r.use_case} r={r} currency={p.currency} pulse={pulses.find((x) => x.use_case === r.use_case)} />
          ))}
        </div>
      )}
      {p.unattributed.length > 0 && (
        <p className="muted small">
          Not claimed by any use case in the last 30 days: {p.unattributed.map((u) => `${u.service} (${u.requests.toLocaleString('en')} requests)`).join(', ')}. A use case claims a service with the
          telemetry block in its YAML file.
        </p>
      )}
      {p.rejected.length > 0 && (
        <p className="muted small">Refused at the door in the last 30 days: {p.rejected.map((r) => `${r.spans.toLocaleString('en')} spans (${r.reason})`).join(', ')}.</p>
      )}
    </>
  );
}
