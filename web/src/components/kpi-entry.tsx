// Recording KPI values from the use-case page: one value at a time through a form (marked as
// the baseline before a pilot starts), or a CSV file of many. A file with any bad row is
// refused whole, and each bad row is listed with its line and column.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../api';
import { gateKey } from '../api-gates';
import { kpisKey, recordKpiValues, uploadKpiCsv, type KpiStatus } from '../api-impact';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface ValueForm {
  kpi: string;
  at: string;
  value: string;
  baseline: boolean;
}

/** The API's located problems (line and column) as a list, or just its message. */
export function Problems({ error }: { error: Error }) {
  const problems = error instanceof ApiError ? (error.body.problems ?? []) : [];
  return (
    <div className="error" role="alert">
      <p>{error.message}</p>
      {problems.length > 1 && (
        <ul className="problems">
          {problems.map((p) => (
            <li key={`${p.field}:${p.message}`}>
              {p.field && <strong>{p.field}: </strong>}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function KpiEntry({ id, kpis, onChange }: { id: string; kpis: KpiStatus[]; onChange: () => void }) {
  const qc = useQueryClient();
  const today = new Date().toISOString().slice(0, 10);
  const { register, handleSubmit, reset, formState } = useForm<ValueForm>({ defaultValues: { kpi: kpis[0]?.kpi ?? '', at: today, value: '', baseline: false } });
  const [notice, setNotice] = useState<string>();
  const refresh = (message: string) => {
    setNotice(message);
    void qc.invalidateQueries({ queryKey: kpisKey(id) });
    void qc.invalidateQueries({ queryKey: gateKey(id) });
    onChange();
  };
  const record = useMutation({
    mutationFn: (v: ValueForm) => recordKpiValues(id, [{ kpi: v.kpi, at: v.at, value: Number(v.value.replace(',', '.')), baseline: v.baseline }]),
    onSuccess: (r, v) => {
      reset({ ...v, value: '', baseline: false });
      refresh(`Recorded ${kpis.find((k) => k.kpi === v.kpi)?.name ?? v.kpi} = ${v.value}${r.baselines > 0 ? ' as the baseline' : ''}.`);
    },
  });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; files of at most 2 MB are accepted.`);
      return uploadKpiCsv(id, await file.text(), file.name);
    },
    onSuccess: (r) => refresh(`Imported ${r.imported} value${r.imported === 1 ? '' : 's'}${r.baselines > 0 ? ` (${r.baselines} baseline${r.baselines === 1 ? '' : 's'})` : ''}.`),
  });
  if (kpis.length === 0) return null;
  return (
    <div className="kpi-entry">
      <h3>Record KPI values</h3>
      <form className="inline-form wrap" onSubmit={handleSubmit((v) => record.mutate(v))}>
        <label>
          KPI
          <select {...register('kpi', { required: true })}>
            {kpis.map((k) => (
              <option key={k.kpi} value={k.kpi}>
                {k.name} ({k.unit})
              </option>
            ))}
          </select>
        </label>
        <label>
          Day
          <input type="date" {...register('at', { required: 'Give the day the value refers to.' })} />
        </label>
        <label>
          Value
          <input
            type="text"
            inputMode="decimal"
            aria-invalid={formState.errors.value ? true : undefined}
            {...register('value', { validate: (v) => (v.trim() !== '' && Number.isFinite(Number(v.replace(',', '.')))) || 'Enter a number, such as 12.5.' })}
          />
        </label>
        <label className="check">
          <input type="checkbox" {...register('baseline')} /> Baseline (before the pilot)
        </label>
        <button type="submit" disabled={record.isPending}>
          Record value
        </button>
      </form>
      {formState.errors.value && <p className="error">{formState.errors.value.message}</p>}
      {record.error && <Problems error={record.error} />}
      <form
        className="upload"
        onSubmit={(ev) => {
          ev.preventDefault();
          const file = (ev.currentTarget.elements.namedItem('kpi-file') as HTMLInputElement).files?.[0];
          if (file) upload.mutate(file);
        }}
      >
        <label>
          Or upload a CSV file with the columns use_case, kpi, at (YYYY-MM-DD), value and optionally baseline (true/false)
          <input type="file" name="kpi-file" accept=".csv,text/csv" required />
        </label>
        <button type="submit" className="secondary" disabled={upload.isPending}>
          Upload values
        </button>
      </form>
      {upload.error && <Problems error={upload.error} />}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </div>
  );
}
