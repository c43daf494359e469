// Turns `traction experiment analyze` options into the analysis' settings: the planned
// split and covariates (metric specs are src/application/impact.ts `metricSpecs`). Every bad option is a usage error naming the option.
import type { Correction } from '../impact/multiple-testing.js';
import type { Method } from '../impact/metric-analysis.js';
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
