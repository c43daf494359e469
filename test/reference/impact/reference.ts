// Typed access to the scipy/statsmodels reference values (generate.py writes reference.json).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

type Pair = [number, number];

export interface WelchCase {
  name: string;
  alpha: number;
  margin: number;
  control: number[];
  treatment: number[];
  df: number;
  absolute: number;
  ci: Pair;
  p_value: number;
  statistic: number;
  p_less: number;
  p_greater: number;
  relative: number;
  relative_se: number;
  relative_ci: Pair;
  relative_p_value: number;
  p_non_inferiority_up: number;
  p_non_inferiority_down: number;
}

export interface Reference {
  welch: WelchCase[];
  proportions: { control: Pair; treatment: Pair; alpha: number; absolute: number; ci: Pair; p_value: number; relative: number; relative_ci: Pair; relative_p_value: number }[];
  cuped: {
    name: string;
    control_x: number[];
    control_y: number[];
    treatment_x: number[];
    treatment_y: number[];
    theta: number;
    absolute: number;
    ci: Pair;
    p_value: number;
    df: number;
    relative: number;
    relative_ci: Pair;
    relative_p_value: number;
    variance_reduction: number;
  }[];
  srm: { observed: number[]; weights: number[]; chi_square: number; p_value: number }[];
  multiple_testing: { p: number[]; holm: number[]; bh: number[] }[];
  power: { effect_size: number; ratio: number; alpha: number; power: number; alternative: string; nobs1: number; 'power_at_0.1'?: number }[];
  sequential: { variance: number; n: number; alpha: number; tuning_n: number; half_width: number }[];
  distributions: { t_cdf: [number, number, number][]; t_ppf: [number, number, number][]; norm_ppf: Pair[]; chi2_cdf: [number, number, number][] };
  trend: { days: number[]; values: number[]; slope_per_day: number; intercept: number };
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const REFERENCE = JSON.parse(readFileSync(path.join(here, 'reference.json'), 'utf8')) as Reference;

/** Asserts |actual - expected| <= 1e-6 · max(1, |expected|): absolute near zero, relative for large values. */
export function expectClose(actual: number | null | undefined, expected: number, label: string, tolerance = 1e-6): void {
  expect(actual, label).toBeTypeOf('number');
  const error = Math.abs((actual as number) - expected) / Math.max(1, Math.abs(expected));
  expect(error, `${label}: ${actual} vs reference ${expected}`).toBeLessThanOrEqual(tolerance);
}

export function expectCloseAll(actual: readonly number[] | null | undefined, expected: readonly number[], label: string, tolerance = 1e-6): void {
  expect(actual?.length, `${label}: length`).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual?.[i], e, `${label}[${i}]`, tolerance));
}
