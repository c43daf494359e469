// Anomaly detection over a metric's history (pure): each point is compared with a trailing
// window of earlier points by z-score (optionally only the same weekday, for weekly
// seasonality), and by its rate of change against the previous point. A 40% overnight drop
// in a row count that is otherwise steady is flagged without any hand-set threshold.

export interface MetricPoint {
  at: string; // ISO 8601
  value: number;
}

export interface AnomalyOptions {
  /** How many earlier points (or earlier same-weekday points) form the baseline. */
  window?: number;
  /** |z| above this is an anomaly. */
  zThreshold?: number;
  /** Compare only with the same weekday (UTC) of earlier weeks. */
  weekly?: boolean;
  /** Also flag |relative change| against the previous point above this, when given. */
  maxRateOfChange?: number;
  /** Fewer baseline points than this: no z-score. */
  minPoints?: number;
}

export interface AnomalyPoint extends MetricPoint {
  expected: number | null;
  zScore: number | null;
  rateOfChange: number | null;
  anomaly: boolean;
  reason: string | null;
}

/** Mean and sample standard deviation (n - 1 denominator). */
export function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const ss = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, std: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0 };
}

export function detectAnomalies(history: MetricPoint[], options: AnomalyOptions = {}): AnomalyPoint[] {
  const window = options.window ?? 14;
  const zThreshold = options.zThreshold ?? 3;
  const minPoints = options.minPoints ?? (options.weekly ? 3 : 5);
  const points = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const weekday = (p: MetricPoint) => new Date(p.at).getUTCDay();
  return points.map((p, i) => {
    const earlier = points.slice(0, i).filter((q) => !options.weekly || weekday(q) === weekday(p));
    const baseline = earlier.slice(-window).map((q) => q.value);
    const previous = i > 0 ? (points[i - 1] as MetricPoint).value : undefined;
    const rateOfChange = previous === undefined || previous === 0 ? null : (p.value - previous) / Math.abs(previous);
    let zScore: number | null = null;
    let expected: number | null = null;
    if (baseline.length >= minPoints) {
      const { mean, std } = meanStd(baseline);
      expected = mean;
      // A perfectly flat history: any change at all is infinitely unusual.
      zScore = std === 0 ? (p.value === mean ? 0 : Math.sign(p.value - mean) * Infinity) : (p.value - mean) / std;
    }
    const reasons: string[] = [];
    if (zScore !== null && Math.abs(zScore) > zThreshold) reasons.push(`z-score ${Number.isFinite(zScore) ? zScore.toFixed(1) : zScore > 0 ? '+inf' : '-inf'} vs ${options.weekly ? 'same weekday' : 'trailing'} mean ${expected?.toPrecision(6)}`);
    if (options.maxRateOfChange !== undefined && rateOfChange !== null && Math.abs(rateOfChange) > options.maxRateOfChange)
      reasons.push(`changed ${(rateOfChange * 100).toFixed(1)}% since the previous point`);
    return { ...p, expected, zScore, rateOfChange, anomaly: reasons.length > 0, reason: reasons.length ? reasons.join('; ') : null };
  });
}
