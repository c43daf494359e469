// A pilot experiment from the use-case page: upload its per-unit results (CSV: unit, arm, one
// column per metric), pick the KPIs measured, and see the verdict with each lift's confidence
// interval; the result of each primary KPI becomes evidence for the gate.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { gateKey } from '../api-gates';
import { analyseExperiment, kpisKey, type ExperimentMetric, type KpiStatus } from '../api-impact';
import { Problems } from './kpi-entry';

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const VERDICT = {
  positive: { cls: 'status-pass', text: 'It worked: the pilot improved its KPIs' },
  negative: { cls: 'status-fail', text: 'It did not work: a KPI got worse' },
  inconclusive: { cls: 'status-warn', text: 'Inconclusive: no clear effect yet' },
  invalid: { cls: 'status-fail', text: 'Not valid: the groups are not as planned' },
} as const;

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const num = (x: number) => Number(x.toPrecision(4)).toLocaleString('en');

function interval(m: ExperimentMetric): string {
  const rel = m.sequential?.relative_ci ?? m.relative?.ci;
  if (rel) return `${pct(rel[0])} to ${pct(rel[1])}`;
  const abs = m.sequential?.absolute_ci ?? m.absolute?.ci;
  return abs ? `${num(abs[0])} to ${num(abs[1])}` : '–';
}

interface FormValues {
  file: FileList;
  metrics: string[];
}

export function ExperimentUpload({ id, kpis, onChange }: { id: string; kpis: KpiStatus[]; onChange: () => void }) {
  const qc = useQueryClient();
  const { register, handleSubmit } = useForm<FormValues>({ defaultValues: { metrics: kpis.filter((k) => k.role === 'primary').map((k) => k.kpi) } });
  const run = useMutation({
    mutationFn: async (v: FormValues) => {
      const file = v.file[0];
      if (!file) throw new Error('Choose the experiment file.');
      if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; files of at most 2 MB are accepted.`);
      const chosen = kpis.filter((k) => v.metrics.includes(k.kpi));
      if (!chosen.some((k) => k.role === 'primary')) throw new Error('Choose at least one main KPI the pilot set out to improve.');
      return analyseExperiment(id, { csv: await file.text(), name: file.name, metrics: chosen.filter((k) => k.role === 'primary').map((k) => k.kpi), guardrails: chosen.filter((k) => k.role === 'guardrail').map((k) => k.kpi) });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: gateKey(id) });
      void qc.invalidateQueries({ queryKey: kpisKey(id) });
      onChange();
    },
  });
  if (kpis.length === 0) return null;
  const name = (m: string) => kpis.find((k) => k.kpi === m)?.name ?? m;
  const r = run.data;
  return (
    <div className="experiment-upload">
      <h3>Analyse a pilot experiment</h3>
      <form onSubmit={handleSubmit((v) => run.mutate(v))}>
        <label>
          Results per unit (CSV with the columns unit, arm — control or treatment — and one column per KPI)
          <input type="file" accept=".csv,text/csv" {...register('file', { required: true })} />
        </label>
        <fieldset className="choices">
          <legend>KPIs measured</legend>
          {kpis.map((k) => (
            <label key={k.kpi} className="check">
              <input type="checkbox" value={k.kpi} {...register('metrics')} /> {k.name} {k.role === 'guardrail' ? '(must not get worse)' : ''}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={run.isPending}>
          Analyse
        </button>
      </form>
      {run.error && <Problems error={run.error} />}
      {r && (
        <div className="experiment-result" role="status">
          <p className={VERDICT[r.verdict].cls}>
            <strong>{VERDICT[r.verdict].text}.</strong>
          </p>
          <p className="small">
            {r.arms.map((a) => `${a.arm}: ${a.units.toLocaleString('en')} units`).join(', ')}; groups {r.srm.ok ? 'split as planned' : 'not split as planned'}.
          </p>
          <div className="table-scroll">
            <table className="grid compact">
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">Control</th>
                  <th scope="col">Pilot</th>
                  <th scope="col">Change</th>
                  <th scope="col">{Math.round((1 - r.alpha) * 100)}% interval</th>
                </tr>
              </thead>
              <tbody>
                {r.metrics.map((m) => (
                  <tr key={`${m.metric}-${m.arm}`}>
                    <td>{name(m.metric)}</td>
                    <td className="num">{num(m.control.mean)}</td>
                    <td className="num">{num(m.treatment.mean)}</td>
                    <td className="num">{m.relative ? pct(m.relative.lift) : m.absolute ? num(m.absolute.lift) : '–'}</td>
                    <td className="num">{interval(m)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="small">
            {r.reasons.map((x) => (
              <li key={x}>{kpis.reduce((text, k) => text.split(k.kpi).join(k.name), x)}</li>
            ))}
          </ul>
          {r.evidence.some((e) => e.evidence) && <p className="small muted">Kept as evidence for the gate.</p>}
        </div>
      )}
    </div>
  );
}
