// What a run measured: HdrHistograms (microsecond resolution, 3 significant digits, so a
// reported percentile is within 0.1% of the recorded value) per metric, counters per error
// class and per token-counting method, and the summary computed from them.
// Definitions of each metric: docs/bench.md.
import * as hdr from 'hdr-histogram-js';
import type { ErrorClass } from './error-class.js';
import type { ProbeOutcome } from './request-probe.js';

export const LATENCY_METRICS = ['e2e', 'ttft', 'tpot', 'itl', 'dispatch_delay'] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Per-request limits a request must meet to count toward goodput (from the SLO). */
export interface RequestLimits {
  e2eMs?: number;
  ttftMs?: number;
  tpotMs?: number;
}

export type TokenCounting = 'usage' | 'stream_chunks' | 'estimate' | 'none';

/** Whether a value meets an optional limit. Module-level: a closure made per request costs time under load. */
function meets(v: number | undefined, limit: number | undefined): boolean {
  return limit === undefined || (v !== undefined && v <= limit);
}

const newHistogram = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });

export class MetricsRecorder {
  readonly histograms = Object.fromEntries(LATENCY_METRICS.map((m) => [m, newHistogram()])) as Record<LatencyMetric, hdr.Histogram>;
  sent = 0;
  ok = 0;
  good = 0;
  cancelled = 0;
  errors = new Map<ErrorClass, { count: number; example: string }>();
  outputTokens = 0;
  inputTokens = 0;
  outputCounting: Record<TokenCounting, number> = { usage: 0, stream_chunks: 0, estimate: 0, none: 0 };
  inputFromUsage = 0;

  constructor(
    private readonly limits: RequestLimits = {},
    private readonly generates = true,
  ) {}

  /** Records a finished request whose latency counts from `intendedAt` (see docs: coordinated omission). */
  record(o: ProbeOutcome, intendedAt: number, inputTokensKnown: number | null, recordDispatch: boolean): void {
    if (recordDispatch) this.add('dispatch_delay', o.sentAt - intendedAt);
    if (!o.ok) {
      const cls = o.errorClass ?? 'client';
      const entry = this.errors.get(cls);
      if (entry) entry.count += 1;
      else this.errors.set(cls, { count: 1, example: o.errorDetail ?? '' });
      return;
    }
    this.ok += 1;
    const e2e = o.endAt - intendedAt;
    this.add('e2e', e2e);
    const out = this.countOutput(o);
    const inTokens = o.usagePrompt ?? inputTokensKnown ?? 0;
    if (o.usagePrompt !== undefined) this.inputFromUsage += 1;
    this.inputTokens += inTokens;
    let ttft: number | undefined;
    let tpot: number | undefined;
    if (o.streamed && o.firstTokenAt !== undefined) {
      ttft = o.firstTokenAt - intendedAt;
      this.add('ttft', ttft);
      for (const g of o.gaps) this.add('itl', g);
      // TPOT as vLLM's benchmark defines it: decode time over the tokens after the first.
      if (out > 1) {
        tpot = (o.endAt - o.firstTokenAt) / (out - 1);
        this.add('tpot', tpot);
      }
    }
    const l = this.limits;
    if (meets(e2e, l.e2eMs) && meets(ttft, l.ttftMs) && meets(tpot, l.tpotMs)) this.good += 1;
  }

  private countOutput(o: ProbeOutcome): number {
    let n: number;
    let how: TokenCounting;
    if (o.usageCompletion !== undefined) [n, how] = [o.usageCompletion, 'usage'];
    else if (o.streamed) [n, how] = [o.contentEvents, 'stream_chunks'];
    else if (this.generates && o.textChars > 0) [n, how] = [Math.ceil(o.textChars / 4), 'estimate'];
    else [n, how] = [0, 'none'];
    this.outputCounting[how] += 1;
    this.outputTokens += n;
    return n;
  }

  private add(metric: LatencyMetric, ms: number): void {
    this.histograms[metric].recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get failed(): number {
    let n = 0;
    for (const e of this.errors.values()) n += e.count;
    return n;
  }

  percentiles(metric: LatencyMetric): Percentiles | null {
    const h = this.histograms[metric];
    if (h.totalCount === 0) return null;
    const ms = (us: number) => us / 1000;
    return {
      count: h.totalCount,
      mean: ms(h.mean),
      p50: ms(h.getValueAtPercentile(50)),
      p90: ms(h.getValueAtPercentile(90)),
      p95: ms(h.getValueAtPercentile(95)),
      p99: ms(h.getValueAtPercentile(99)),
      max: ms(h.maxValue),
    };
  }

  destroy(): void {
    for (const h of Object.values(this.histograms)) h.destroy();
  }
}
