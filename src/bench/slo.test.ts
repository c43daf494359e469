import { describe, expect, it } from 'vitest';
import { BenchInputError } from './bench-input-error.js';
import type { Percentiles } from './metrics.js';
import { evaluateSlo, parseSlo, requestLimits } from './slo.js';

const pct = (p95: number, p99 = p95 * 1.5): Percentiles => ({ count: 100, mean: p95 / 2, p50: p95 / 2, p90: p95 * 0.9, p95, p99, max: p99 * 2 });

describe('SLO', () => {
  it('parses latency keys per metric, error rate and throughput floor', () => {
    const c = parseSlo('p95_ms=800, ttft_p99_ms=1500,tpot_p50_ms=40,itl_p99_ms=90,max_ms=5000,error_rate=0.01,min_rps=20');
    expect(c.map((x) => [x.key, x.threshold, x.target])).toEqual([
      ['p95_ms', 800, { kind: 'latency', metric: 'e2e', stat: 'p95' }],
      ['ttft_p99_ms', 1500, { kind: 'latency', metric: 'ttft', stat: 'p99' }],
      ['tpot_p50_ms', 40, { kind: 'latency', metric: 'tpot', stat: 'p50' }],
      ['itl_p99_ms', 90, { kind: 'latency', metric: 'itl', stat: 'p99' }],
      ['max_ms', 5000, { kind: 'latency', metric: 'e2e', stat: 'max' }],
      ['error_rate', 0.01, { kind: 'error_rate' }],
      ['min_rps', 20, { kind: 'min_rps' }],
    ]);
  });

  it('names every bad objective', () => {
    try {
      parseSlo('p95_ms=fast,p42_ms=1,error_rate=5,latency');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BenchInputError);
      expect((e as BenchInputError).details).toEqual([
        '"p95_ms=fast": expected key=number (a non-negative number)',
        '"p42_ms": unknown SLO key; use [e2e_|ttft_|tpot_|itl_]p50|p90|p95|p99|max_ms, error_rate or min_rps',
        '"error_rate=5": error_rate is a fraction between 0 and 1',
        '"latency": expected key=number (a non-negative number)',
      ]);
    }
  });

  it('judges each objective, a threshold equal to the observation meets it, a missing metric does not', () => {
    const c = parseSlo('p95_ms=800,ttft_p95_ms=100,error_rate=0.01,min_rps=10');
    const v = evaluateSlo(c, { percentiles: { e2e: pct(800), ttft: null }, errorRate: 0.02, requestsPerSecond: 12 });
    expect(v.verdicts.map((x) => [x.key, x.observed, x.met])).toEqual([
      ['p95_ms', 800, true],
      ['ttft_p95_ms', null, false],
      ['error_rate', 0.02, false],
      ['min_rps', 12, true],
    ]);
    expect(v.met).toBe(false);
    expect(evaluateSlo(parseSlo('p95_ms=800'), { percentiles: { e2e: pct(799) }, errorRate: 0, requestsPerSecond: 1 }).met).toBe(true);
  });

  it('derives per-request goodput limits from the highest percentile per metric', () => {
    expect(requestLimits(parseSlo('p50_ms=300,p95_ms=800,ttft_p90_ms=200,ttft_p50_ms=100,tpot_p99_ms=50,itl_p99_ms=10,error_rate=0.1'))).toEqual({
      e2eMs: 800,
      ttftMs: 200,
      tpotMs: 50,
    });
  });
});
