// A use case's business case as the portfolio values it: headline figures, the NPV
// distribution, the tornado of its uncertain inputs and the cash flows.
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { BusinessCase } from '../api-portfolio';
import { money, percent } from '../format';
import { CashFlowChart } from './cash-flow-chart';
import { NpvHistogram } from './npv-histogram';
import { TornadoChart } from './tornado-chart';

export function BusinessCasePanel({ id, version }: { id: string; version: number }) {
  const [bc, setBc] = useState<BusinessCase>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<BusinessCase>(`/api/use-cases/${encodeURIComponent(id)}/business-case?bins=24`).then(setBc, (e: Error) => setError(e.message));
  }, [id, version]);

  if (error) return <section className="panel"><h2>Business case</h2><p className="error">{error}</p></section>;
  if (!bc) return <section className="panel"><h2>Business case</h2><p className="muted">Valuing…</p></section>;
  const s = bc.simulation;
  const fig = (label: string, value: string) => (
    <div className="figure">
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  );
  return (
    <section className="panel" aria-labelledby="bc">
      <h2 id="bc">Business case</h2>
      <div className="figures">
        {fig('Risk-adjusted NPV', money(s.expected_npv, bc.currency))}
        {fig('NPV at likely values', money(bc.likely.npv, bc.currency))}
        {fig('P10 / P90 if it works', `${money(s.p10, bc.currency)} / ${money(s.p90, bc.currency)}`)}
        {fig('P(NPV > 0)', percent(s.probability_npv_positive))}
        {fig('Payback', bc.likely.payback_month === null ? 'never' : `month ${bc.likely.payback_month}`)}
        {fig('ROI / IRR a year', `${percent(bc.likely.roi)} / ${percent(bc.likely.irr_annual)}`)}
      </div>
      <div className="columns">
        <div>
          <h3 className="small muted">NPV if it works, {s.draws.toLocaleString('en')} draws</h3>
          <NpvHistogram bc={bc} />
        </div>
        <div>
          <h3 className="small muted">What moves the NPV most (tornado)</h3>
          <TornadoChart bc={bc} />
        </div>
      </div>
      <h3 className="small muted">Cash flows at likely values</h3>
      <CashFlowChart bc={bc} />
    </section>
  );
}
