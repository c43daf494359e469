// A use case's KPIs against baseline and target, each with its measured history, and the
// value realised to date beside what the business case planned; those who may record values
// enter them here, upload a file of them, or analyse a pilot experiment.
import { useQuery } from '@tanstack/react-query';
import { fetchKpis, kpisKey } from '../api-impact';
import { money, percent } from '../format';
import { ExperimentUpload } from './experiment-upload';
import { KpiChart } from './kpi-chart';
import { KpiEntry } from './kpi-entry';

const PAYBACK = { paid_back: 'paid back', forecast: 'forecast', not_on_track: 'not on track', not_started: 'not started' } as const;

export function KpiPanel({ id, canRecord = false, onChange = () => {} }: { id: string; canRecord?: boolean; onChange?: () => void }) {
  const { data, error } = useQuery({ queryKey: kpisKey(id), queryFn: () => fetchKpis(id) });
  if (error) return <section className="panel"><h2>KPIs</h2><p className="error">{error.message}</p></section>;
  if (!data) return <section className="panel"><h2>KPIs</h2><p className="muted">Loading…</p></section>;
  const r = data.realised_value;
  const u = data.realised_from_usage;
  const c = data.currency ?? 'EUR';
  const measured = data.kpis.some((k) => k.measurements > 0);
  const fig = (label: string, value: string) => (
    <div className="figure">
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  );
  return (
    <section className="panel" aria-labelledby="kpis">
      <h2 id="kpis">KPIs and value realised</h2>
      {data.kpis.length === 0 && <p className="muted">No KPI defined yet.</p>}
      {u && <p className="small muted">Value realised from use is worked out from the service&apos;s own activity as it arrives, by the use case&apos;s value formula.</p>}
      {measured && (
        <div className="figures">
          {fig('Realised to date', money(r.realised_to_date, c))}
          {fig('Costs to date', money(r.costs_to_date, c))}
          {fig('ROI to date', percent(r.roi_to_date))}
          {fig('Value a month now', money(r.monthly_value_now, c))}
          {fig('Planned a month', r.planned_monthly_value === null ? '–' : money(r.planned_monthly_value, c))}
          {fig('Payback', `${PAYBACK[r.payback.status]}${r.payback.month ? ` ${r.payback.month}` : ''}`)}
        </div>
      )}
      {u && (
        <div className="figures" aria-label="Value realised from use">
          {fig('Realised from use to date', money(u.realised_to_date, c))}
          {fig('Costs to date', money(u.costs_to_date, c))}
          {fig('ROI to date (from use)', percent(u.roi_to_date))}
          {fig('Last full month (from use)', u.monthly_value_now === null ? '–' : money(u.monthly_value_now, c))}
        </div>
      )}
      <div className="kpi-grid">
        {data.kpis.map((k) => (
          <div key={k.kpi} className="kpi">
            <h3>
              {k.name} <span className="muted small">({k.role === 'guardrail' ? 'must not get worse' : 'main KPI'}, {k.direction === 'down' ? 'lower' : 'higher'} is better)</span>
            </h3>
            <p className="small">
              baseline {k.baseline ? `${k.baseline.value} ${k.unit}${k.baseline.source === 'declared' ? ' (declared)' : ''}` : '–'} · target {k.target} {k.unit} · latest{' '}
              <strong>{k.latest ? `${k.latest.value} ${k.unit}` : '–'}</strong>
              {k.progress !== null && <> · {percent(k.progress)} of the way{k.target_met ? ', target met' : ''}</>}
            </p>
            {k.series.length > 0 ? <KpiChart k={k} /> : <p className="muted small">No value recorded yet.</p>}
          </div>
        ))}
      </div>
      {canRecord && <KpiEntry id={id} kpis={data.kpis} onChange={onChange} />}
      {canRecord && <ExperimentUpload id={id} kpis={data.kpis} onChange={onChange} />}
    </section>
  );
}
