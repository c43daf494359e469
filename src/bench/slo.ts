// Service level objectives for a run (`--slo p95_ms=800,ttft_p99_ms=1500,error_rate=0.01`)
// and their verdicts. Latency keys are `[metric_]pNN_ms` with metric e2e (the default),
// ttft, tpot or itl and NN one of 50, 90, 95, 99; `max_ms` is e2e's maximum; `error_rate` is a
// fraction; `min_rps` a floor on successful requests per second.
import { BenchInputError } from './bench-input-error.js';
import type { LatencyMetric, Percentiles, RequestLimits } from './metrics.js';

export type SloKey = string;

export interface SloCriterion {
  key: SloKey;
  threshold: number;
  /** What is compared: a latency percentile, the error rate or the throughput floor. */
  target: { kind: 'latency'; metric: LatencyMetric; stat: 'p50' | 'p90' | 'p95' | 'p99' | 'max' } | { kind: 'error_rate' } | { kind: 'min_rps' };
}

export interface SloVerdict {
  key: SloKey;
  threshold: number;
  observed: number | null;
  met: boolean;
}

/** The figures an SLO is judged on. */
export interface SloInputs {
  percentiles: Partial<Record<LatencyMetric, Percentiles | null>>;
  errorRate: number;
  requestsPerSecond: number;
}

const LATENCY_KEY = /^(?:(e2e|ttft|tpot|itl)_)?(p50|p90|p95|p99|max)_ms$/;

export function parseSlo(spec: string): SloCriterion[] {
  const problems: string[] = [];
  const criteria: SloCriterion[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key = '', raw, ...rest] = part.split('=');
    const threshold = Number(raw);
    if (raw === undefined || rest.length > 0 || raw.trim() === '' || !Number.isFinite(threshold) || threshold < 0) {
      problems.push(`"${part}": expected key=number (a non-negative number)`);
      continue;
    }
    const m = LATENCY_KEY.exec(key);
    if (m) criteria.push({ key, threshold, target: { kind: 'latency', metric: (m[1] ?? 'e2e') as LatencyMetric, stat: m[2] as 'p50' } });
    else if (key === 'error_rate') {
      if (threshold > 1) problems.push(`"${part}": error_rate is a fraction between 0 and 1`);
      else criteria.push({ key, threshold, target: { kind: 'error_rate' } });
    } else if (key === 'min_rps') criteria.push({ key, threshold, target: { kind: 'min_rps' } });
    else problems.push(`"${key}": unknown SLO key; use [e2e_|ttft_|tpot_|itl_]p50|p90|p95|p99|max_ms, error_rate or min_rps`);
  }
  if (problems.length > 0) throw new BenchInputError('--slo: invalid objective', problems);
  if (criteria.length === 0) throw new BenchInputError('--slo: no objectives given', ['e.g. --slo p95_ms=800,error_rate=0.01']);
  return criteria;
}

export function evaluateSlo(criteria: SloCriterion[], x: SloInputs): { verdicts: SloVerdict[]; met: boolean } {
  const verdicts = criteria.map((c): SloVerdict => {
    if (c.target.kind === 'error_rate') return { key: c.key, threshold: c.threshold, observed: x.errorRate, met: x.errorRate <= c.threshold };
    if (c.target.kind === 'min_rps') return { key: c.key, threshold: c.threshold, observed: x.requestsPerSecond, met: x.requestsPerSecond >= c.threshold };
    const p = x.percentiles[c.target.metric];
    // No sample (e.g. TTFT of a run where nothing succeeded) cannot meet an objective.
    const observed = p ? p[c.target.stat] : null;
    return { key: c.key, threshold: c.threshold, observed, met: observed !== null && observed <= c.threshold };
  });
  return { verdicts, met: verdicts.every((v) => v.met) };
}

/**
 * Per-request limits for goodput: for each metric, the threshold of its highest percentile
 * objective (the tail bound), e.g. p50_ms=300,p95_ms=800 -> each request within 800 ms.
 * TTFT and TPOT limits apply per request; ITL (a per-gap metric) does not.
 */
export function requestLimits(criteria: SloCriterion[]): RequestLimits {
  const rank = { p50: 1, p90: 2, p95: 3, p99: 4, max: 5 } as const;
  const best: Partial<Record<LatencyMetric, { rank: number; threshold: number }>> = {};
  for (const c of criteria) {
    if (c.target.kind !== 'latency') continue;
    const r = rank[c.target.stat];
    const cur = best[c.target.metric];
    if (!cur || r > cur.rank) best[c.target.metric] = { rank: r, threshold: c.threshold };
  }
  return {
    ...(best.e2e ? { e2eMs: best.e2e.threshold } : {}),
    ...(best.ttft ? { ttftMs: best.ttft.threshold } : {}),
    ...(best.tpot ? { tpotMs: best.tpot.threshold } : {}),
  };
}
