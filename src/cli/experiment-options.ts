// Turns `traction experiment analyze` options into the analysis' settings: metric specs
// (with direction and role from the use case's KPIs when --usecase is given), the planned
// split and covariates. Every bad option is a usage error naming the option.
import type { UseCase } from '../domain/use-case.js';
import type { Correction } from '../impact/multiple-testing.js';
import type { MetricSpec, Method } from '../impact/metric-analysis.js';
import { CliError } from './output.js';

export interface AnalyzeOptions {
  input: string;
  metric: string[];
  guardrail: string[];
  covariate: string[];
  armColumn: string;
  unitColumn: string;
  control: string;
  alpha: string;
  split?: string;
  correction: Correction;
  sequential?: boolean;
  tuningN: string;
  margin: string;
  lowerIsBetter: string[];
  method: Method | 'auto';
  srmThreshold: string;
  usecase?: string;
}

export function fraction(name: string, raw: string, { open = true } = {}): number {
  const x = Number(raw);
  if (!Number.isFinite(x) || x < 0 || x >= 1 || (open && x === 0)) throw new CliError(`${name}: "${raw}" must be a number ${open ? 'between 0 and 1 (exclusive)' : 'from 0 to below 1'}`);
  return x;
}

export function positive(name: string, raw: string): number {
  const x = Number(raw);
  if (!Number.isFinite(x) || x <= 0) throw new CliError(`${name}: "${raw}" must be a positive number`);
  return x;
}

/** "control=20,treatment=80" -> weights per arm. */
export function parseSplit(raw: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [arm, w] = part.split('=').map((s) => s.trim());
    if (!arm || w === undefined) throw new CliError(`--split: "${part}" is not ARM=SHARE (e.g. --split control=50,treatment=50)`);
    out[arm] = positive(`--split ${arm}`, w);
  }
  return out;
}

/** "--covariate COLUMN" for a single metric, or "--covariate METRIC=COLUMN" (repeatable). */
export function parseCovariates(raw: string[], metrics: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of raw) {
    const eq = c.indexOf('=');
    if (eq < 0) {
      if (metrics.length !== 1) throw new CliError(`--covariate ${c}: with several metrics, say which one: --covariate METRIC=COLUMN`);
      out[metrics[0] as string] = c;
    } else {
      const metric = c.slice(0, eq);
      if (!metrics.includes(metric)) throw new CliError(`--covariate ${c}: "${metric}" is not one of the metrics (${metrics.join(', ')})`);
      out[metric] = c.slice(eq + 1);
    }
  }
  return out;
}

export function metricSpecs(o: AnalyzeOptions, useCase: UseCase | null): MetricSpec[] {
  if (o.metric.length === 0) throw new CliError('give at least one --metric COLUMN');
  const listed = [...o.metric.map((m) => ({ m, role: 'primary' as const })), ...o.guardrail.map((m) => ({ m, role: 'guardrail' as const }))];
  const seen = new Set<string>();
  return listed.map(({ m, role }) => {
    if (seen.has(m)) throw new CliError(`metric "${m}" is listed twice`);
    seen.add(m);
    const kpi = useCase?.kpis.find((k) => k.id === m) ?? null;
    return {
      metric: m,
      // A guardrail KPI stays a guardrail even when listed with --metric.
      role: kpi?.role === 'guardrail' ? 'guardrail' : role,
      direction: o.lowerIsBetter.includes(m) ? 'down' : (kpi?.direction ?? 'up'),
      kpi: kpi?.id ?? null,
      method: o.method,
    };
  });
}
