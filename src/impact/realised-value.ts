// Realised value: what the use case's KPI movements are worth to date, against its costs.
// Each value stream mapped to a KPI (`kpi`) turns the KPI's improvement over its baseline
// into monthly value, either through the formula (the `kpi_input` input is replaced by the
// improvement, the other inputs stay at their likely values) or linearly (`value_per_unit`).
// A month's KPI value is the mean of its measurements; a month without one carries the
// last value forward. Value is counted from the first month measured after the baseline
// through the month of the latest measurement; costs over the same months, plus the build.
import { compileFormula } from '../domain/formula.js';
import { likelyValue } from '../domain/common.js';
import type { UseCase, ValueStream } from '../domain/use-case.js';
import { improvement, type KpiBaseline, type KpiPoint } from './kpi-series.js';

export interface MonthValue {
  month: string; // YYYY-MM
  kpi_value: number;
  improvement: number;
  value: number;
}

export interface StreamRealisation {
  stream: string;
  kpi: string | null;
  /** Monthly value the business case expects at likely inputs. */
  planned_monthly: number | null;
  months: MonthValue[];
  realised_to_date: number;
  monthly_now: number | null;
  /** Why this stream has no realised value (not mapped, no baseline, no measurement). */
  missing: string | null;
}

export interface RealisedValue {
  streams: StreamRealisation[];
  start_month: string | null;
  through_month: string | null;
  months_live: number;
  realised_to_date: number;
  costs_to_date: number;
  roi_to_date: number | null;
  monthly_value_now: number;
  monthly_cost: number;
  planned_monthly_value: number | null;
  payback: { status: 'paid_back' | 'forecast' | 'not_on_track' | 'not_started'; month: string | null };
}

export const monthOf = (isoDate: string) => isoDate.slice(0, 7);
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthName = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Monthly value of a stream with the KPI input set to `gain` (null input: all likely values). */
export function streamMonthlyValue(v: ValueStream, gain: number | null): number {
  if (gain !== null && v.value_per_unit !== undefined) return gain * v.value_per_unit;
  const names = Object.keys(v.inputs);
  const values = names.map((k) => (gain !== null && k === v.kpi_input ? gain : likelyValue(v.inputs[k]!)));
  // The same checked compiler as the business case: only arithmetic on the declared inputs.
  const out = compileFormula(v.formula, names).evaluate(values);
  if (!Number.isFinite(out)) throw new Error(`formula "${v.formula}" did not give a number`);
  return out;
}

function realiseStream(u: UseCase, v: ValueStream, series: ReadonlyMap<string, readonly KpiPoint[]>, baselines: ReadonlyMap<string, KpiBaseline | null>): StreamRealisation {
  let planned: number | null = null;
  try {
    planned = streamMonthlyValue(v, null);
  } catch {
    planned = null;
  }
  const base = { stream: v.id, kpi: v.kpi ?? null, planned_monthly: planned, months: [], realised_to_date: 0, monthly_now: null };
  const kpi = u.kpis.find((k) => k.id === v.kpi);
  if (!kpi || (v.kpi_input === undefined && v.value_per_unit === undefined))
    return { ...base, missing: 'not mapped to a KPI (set kpi and kpi_input or value_per_unit)' };
  const baseline = baselines.get(kpi.id);
  if (!baseline) return { ...base, missing: `KPI "${kpi.id}" has no baseline` };
  const after = (series.get(kpi.id) ?? []).filter((p) => baseline.at === null || p.at > baseline.at);
  if (after.length === 0) return { ...base, missing: `KPI "${kpi.id}" has no measurement after its baseline` };
  const byMonth = new Map<number, number[]>();
  for (const p of after) byMonth.set(monthIndex(monthOf(p.at)), [...(byMonth.get(monthIndex(monthOf(p.at))) ?? []), p.value]);
  const first = Math.min(...byMonth.keys());
  const last = Math.max(...byMonth.keys());
  const months: MonthValue[] = [];
  let carried = 0;
  for (let m = first; m <= last; m++) {
    const values = byMonth.get(m);
    if (values) carried = values.reduce((a, b) => a + b, 0) / values.length;
    const gain = improvement(kpi, baseline.value, carried);
    months.push({ month: monthName(m), kpi_value: carried, improvement: gain, value: streamMonthlyValue(v, gain) });
  }
  return {
    ...base,
    months,
    realised_to_date: months.reduce((a, b) => a + b.value, 0),
    monthly_now: months.at(-1)?.value ?? null,
    missing: null,
  };
}

export function realisedValue(
  u: UseCase,
  series: ReadonlyMap<string, readonly KpiPoint[]>,
  baselines: ReadonlyMap<string, KpiBaseline | null>,
): RealisedValue {
  const streams = u.value_streams.map((v) => realiseStream(u, v, series, baselines));
  const live = streams.filter((s) => s.months.length > 0);
  const start = live.length ? Math.min(...live.map((s) => monthIndex(s.months[0]!.month))) : null;
  const through = live.length ? Math.max(...live.map((s) => monthIndex(s.months.at(-1)!.month))) : null;
  const monthsLive = start === null || through === null ? 0 : through - start + 1;
  const c = u.costs;
  const monthlyCost = likelyValue(c.run_monthly) + (c.per_prediction && c.predictions_per_month ? likelyValue(c.per_prediction) * likelyValue(c.predictions_per_month) : 0);
  const build = likelyValue(c.build);
  const realised = streams.reduce((a, s) => a + s.realised_to_date, 0);
  const costs = build + monthlyCost * monthsLive;
  const monthlyNow = live.reduce((a, s) => a + (s.monthly_now ?? 0), 0);
  const planned = streams.every((s) => s.planned_monthly === null) ? null : streams.reduce((a, s) => a + (s.planned_monthly ?? 0), 0);
  return {
    streams,
    start_month: start === null ? null : monthName(start),
    through_month: through === null ? null : monthName(through),
    months_live: monthsLive,
    realised_to_date: realised,
    costs_to_date: costs,
    roi_to_date: costs > 0 ? (realised - costs) / costs : null,
    monthly_value_now: monthlyNow,
    monthly_cost: monthlyCost,
    planned_monthly_value: planned,
    payback: payback(streams, start, through, build, monthlyCost, monthlyNow),
  };
}

/**
 * Cumulative net value (value - build - run costs) month by month; paid back in the first
 * month it reaches 0; otherwise forecast at the current monthly net, if that is positive.
 */
function payback(streams: StreamRealisation[], start: number | null, through: number | null, build: number, monthlyCost: number, monthlyNow: number): RealisedValue['payback'] {
  if (start === null || through === null) return { status: 'not_started', month: null };
  let cumulative = -build;
  for (let m = start; m <= through; m++) {
    for (const s of streams) cumulative += s.months.find((x) => monthIndex(x.month) === m)?.value ?? 0;
    cumulative -= monthlyCost;
    if (cumulative >= 0) return { status: 'paid_back', month: monthName(m) };
  }
  const net = monthlyNow - monthlyCost;
  if (net <= 0) return { status: 'not_on_track', month: null };
  return { status: 'forecast', month: monthName(through + Math.ceil(-cumulative / net)) };
}
