// Production latency against the SLO that `traction bench run` measured before go-live. The
// store keeps p50, p90 and p99 per day (from the day's merged sketch); the SLO may name any of
// p50, p90, p95 or p99 (src/bench/slo.ts). A day's quantiles cannot be merged into a week's, so
// the last 7 days are judged by their worst day, and an SLO percentile the store does not keep
// is judged by the next higher one it does (p95 by p99): both err towards "missed", never
// towards a verdict the data does not support.
import type { UsageDay } from '../domain/usage.js';
import { dayIndex, dayString } from './calendar.js';

type Quantiles = { p50: number; p90: number; p99: number };

/** The newest benchmark_result evidence of the use case, as far as the views need it. */
export interface BenchmarkSlo {
  run_id: string;
  at: string;
  p50_ms: number | null;
  p95_ms: number;
  p99_ms: number | null;
  /** The SLO's latency objectives, e.g. { key: 'p95_ms', threshold: 2000 }. */
  slo: { key: string; threshold: number }[];
}

export interface SloComparison {
  key: string;
  threshold: number;
  /** Which production quantile stands for the SLO's percentile. */
  production_quantile: 'p50' | 'p90' | 'p99';
  metric: 'latency' | 'time_to_first_token';
  production_ms: number | null;
  met: boolean | null;
}

export interface ProductionLatency {
  daily: ({ day: string } & Quantiles)[];
  /** The worst day's quantiles over the 7 days up to today; null without latency data. */
  last_7_days: Quantiles | null;
  last_7_days_ttft: Quantiles | null;
  benchmark: BenchmarkSlo | null;
  slo: SloComparison[];
}

const KEY = /^(?:(e2e|ttft)_)?p(50|90|95|99)_ms$/;

/** The production quantile at or above the SLO's percentile. */
function quantileFor(p: string): 'p50' | 'p90' | 'p99' {
  return p === '50' ? 'p50' : p === '90' ? 'p90' : 'p99';
}

function worst(qs: Quantiles[]): Quantiles | null {
  if (qs.length === 0) return null;
  return { p50: Math.max(...qs.map((q) => q.p50)), p90: Math.max(...qs.map((q) => q.p90)), p99: Math.max(...qs.map((q) => q.p99)) };
}

export function productionLatency(days: readonly UsageDay[], benchmark: BenchmarkSlo | null, today: string): ProductionLatency {
  const daily = days.flatMap((d) => (d.latencyMs ? [{ day: d.day, ...d.latencyMs }] : []));
  const recent = days.filter((d) => d.day >= dayString(dayIndex(today) - 6) && d.day <= today);
  const last7 = worst(recent.flatMap((d) => (d.latencyMs ? [d.latencyMs] : [])));
  const last7Ttft = worst(recent.flatMap((d) => (d.ttftMs ? [d.ttftMs] : [])));
  const slo = (benchmark?.slo ?? []).flatMap((o): SloComparison[] => {
    const m = KEY.exec(o.key);
    if (!m) return []; // error_rate, min_rps, max_ms, tpot and itl have no production counterpart here
    const metric = m[1] === 'ttft' ? 'time_to_first_token' : 'latency';
    const q = quantileFor(m[2]!);
    const source = metric === 'latency' ? last7 : last7Ttft;
    const production = source ? source[q] : null;
    return [{ key: o.key, threshold: o.threshold, production_quantile: q, metric, production_ms: production, met: production === null ? null : production <= o.threshold }];
  });
  return { daily, last_7_days: last7, last_7_days_ttft: last7Ttft, benchmark, slo };
}
