// A KPI's time series and where it stands: baseline (recorded, else declared), target,
// latest value, trend and progress from baseline to target.
import type { KpiMeasurement } from '../domain/kpi-measurement.js';
import type { Kpi } from '../domain/use-case.js';

export interface KpiPoint {
  at: string;
  value: number;
}

export interface KpiBaseline {
  value: number;
  at: string | null;
  /** Recorded as evidence (a dated fact) or only declared in the use case file. */
  source: 'recorded' | 'declared';
}

export interface KpiStatus {
  kpi: string;
  name: string;
  unit: string;
  direction: 'up' | 'down';
  role: 'primary' | 'guardrail';
  baseline: KpiBaseline | null;
  target: number;
  latest: KpiPoint | null;
  measurements: number;
  /** Least-squares slope over the last TREND_POINTS measurements, per average month. */
  trend: { slope_per_month: number; points: number; improving: boolean } | null;
  /** (latest - baseline) / (target - baseline): 0 at baseline, 1 at target. */
  progress: number | null;
  target_met: boolean | null;
}

export const TREND_POINTS = 12;
const DAY_MS = 86_400_000;
const DAYS_PER_MONTH = 365.25 / 12;

/** The current series: one value per date (the most recently recorded wins), in date order. */
export function currentSeries(measurements: readonly KpiMeasurement[]): KpiPoint[] {
  const byDate = new Map<string, KpiMeasurement>();
  for (const m of measurements) {
    const seen = byDate.get(m.at);
    if (!seen || seen.recordedAt < m.recordedAt || (seen.recordedAt === m.recordedAt && seen.id < m.id)) byDate.set(m.at, m);
  }
  return [...byDate.values()].sort((a, b) => a.at.localeCompare(b.at)).map((m) => ({ at: m.at, value: m.value }));
}

export function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** Ordinary least squares y = a + b·x (as scipy.stats.linregress); null for fewer than 2 distinct x. */
export function linearTrend(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * ((ys[i] as number) - my);
  });
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export function kpiStatus(kpi: Kpi, series: readonly KpiPoint[], recorded: { value: number; at: string } | null): KpiStatus {
  const baseline: KpiBaseline | null = recorded
    ? { value: recorded.value, at: recorded.at, source: 'recorded' }
    : kpi.baseline !== undefined
      ? { value: kpi.baseline, at: null, source: 'declared' }
      : null;
  const latest = series.at(-1) ?? null;
  const recent = series.slice(-TREND_POINTS);
  const fit = linearTrend(recent.map((p) => dayNumber(p.at)), recent.map((p) => p.value));
  const better = (delta: number) => (kpi.direction === 'up' ? delta > 0 : delta < 0);
  return {
    kpi: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    direction: kpi.direction,
    role: kpi.role,
    baseline,
    target: kpi.target,
    latest,
    measurements: series.length,
    trend: fit ? { slope_per_month: fit.slope * DAYS_PER_MONTH, points: recent.length, improving: better(fit.slope) } : null,
    progress: latest && baseline && kpi.target !== baseline.value ? (latest.value - baseline.value) / (kpi.target - baseline.value) : null,
    target_met: latest ? (kpi.direction === 'up' ? latest.value >= kpi.target : latest.value <= kpi.target) : null,
  };
}

/** Improvement of a value over the baseline, positive when better (KPI units). */
export function improvement(kpi: Pick<Kpi, 'direction'>, baseline: number, value: number): number {
  return kpi.direction === 'up' ? value - baseline : baseline - value;
}
