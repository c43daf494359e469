// Reads an experiment from text: per-unit CSV rows (unit id, arm, metric columns, optional
// pre-period covariate columns) or sufficient statistics per arm as JSON. Pure: the caller
// reads the file. Every problem is located (file:line and column, or the JSON field) and
// the analysis refuses to run on bad data: a half-read experiment would give a wrong verdict.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { addUnit, emptySums } from './arm-statistics.js';
import { ExperimentInputError, type ArmData, type ExperimentData, type MetricData } from './experiment-data.js';

export interface CsvLayout {
  armColumn: string;
  /** Column with the unit id; duplicates are rejected. Optional: ignored when absent from the header. */
  unitColumn: string;
  metrics: string[];
  /** Metric -> its pre-period covariate column, for CUPED. */
  covariates: Record<string, string>;
}

const MAX_REPORTED = 20;

export function experimentFromCsv(text: string, file: string, layout: CsvLayout): ExperimentData {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ExperimentInputError(`${file}${line ? `:${line}` : ''}: not a valid CSV file: ${(e as Error).message}`);
  }
  if (rows.length === 0) throw new ExperimentInputError(`${file}: no data rows`);
  checkHeader(Object.keys(rows[0]!.record), file, layout);
  const arms = new Map<string, ArmData>();
  const seenUnits = new Map<string, number>();
  const problems: string[] = [];
  for (const { record, info } of rows) {
    const at = `${file}:${info.lines}`;
    const rowProblems = readRow(record, at, layout, seenUnits, info.lines);
    if (rowProblems.problems.length) {
      problems.push(...rowProblems.problems);
      continue;
    }
    const armName = record[layout.armColumn] as string;
    let arm = arms.get(armName);
    if (!arm) {
      arm = { arm: armName, units: 0, metrics: Object.fromEntries(layout.metrics.map((m) => [m, newMetric(m in layout.covariates)])) };
      arms.set(armName, arm);
    }
    arm.units += 1;
    for (const m of layout.metrics) {
      const y = rowProblems.values.get(m) as number;
      const metric = arm.metrics[m] as MetricData;
      addUnit(metric, y, rowProblems.values.get(`covariate:${m}`));
      if (y !== 0 && y !== 1) metric.binary = false;
    }
  }
  if (problems.length)
    throw new ExperimentInputError(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the data; nothing was analysed`,
      problems.length > MAX_REPORTED ? [...problems.slice(0, MAX_REPORTED), `... and ${problems.length - MAX_REPORTED} more`] : problems,
    );
  return { arms: [...arms.values()] };
}

function newMetric(withCovariate: boolean): MetricData {
  return { ...emptySums(withCovariate), binary: true };
}

function checkHeader(header: string[], file: string, layout: CsvLayout): void {
  const needed = [layout.armColumn, ...layout.metrics, ...Object.values(layout.covariates)];
  const missing = needed.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ExperimentInputError(`${file}:1: missing column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')}; the header has ${header.join(', ')}`);
}

function readRow(record: Record<string, string>, at: string, layout: CsvLayout, seenUnits: Map<string, number>, line: number) {
  const problems: string[] = [];
  const values = new Map<string, number>();
  const arm = record[layout.armColumn] ?? '';
  if (arm === '') problems.push(`${at}: column "${layout.armColumn}" is empty; every unit needs an arm`);
  const unit = record[layout.unitColumn];
  if (unit !== undefined && unit !== '') {
    const first = seenUnits.get(unit);
    if (first !== undefined) problems.push(`${at}: unit "${unit}" appears again (first at line ${first}); a unit belongs to one arm once`);
    else seenUnits.set(unit, line);
  }
  const number = (column: string, key: string) => {
    const raw = record[column] ?? '';
    const v = raw === '' ? NaN : Number(raw);
    if (Number.isFinite(v)) values.set(key, v);
    else problems.push(`${at}: column "${column}": ${raw === '' ? 'empty' : `"${raw}" is not a number`}`);
  };
  for (const m of layout.metrics) {
    number(m, m);
    const cov = layout.covariates[m];
    if (cov) number(cov, `covariate:${m}`);
  }
  return { problems, values };
}

const covariateSumsSchema = z.strictObject({ sum: z.number(), sum_squares: z.number().nonnegative(), sum_products: z.number() });
const metricSumsSchema = z.strictObject({
  n: z.number().int().nonnegative().optional().describe('units with a value; default: the arm\'s units'),
  sum: z.number(),
  sum_squares: z.number().nonnegative(),
  binary: z.boolean().default(false).describe('a 0/1 metric: analysed as a proportion'),
  covariate: covariateSumsSchema.optional().describe('pre-period covariate sums, for CUPED'),
});
export const sufficientStatisticsSchema = z.strictObject({
  arms: z
    .array(z.strictObject({ arm: z.string().min(1), units: z.number().int().nonnegative(), metrics: z.record(z.string(), metricSumsSchema) }))
    .min(1),
});

export function experimentFromJson(text: string, file: string): ExperimentData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ExperimentInputError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = sufficientStatisticsSchema.safeParse(raw);
  if (!parsed.success)
    throw new ExperimentInputError(
      `${file}: not a sufficient-statistics document (see docs/impact.md)`,
      parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`),
    );
  const problems: string[] = [];
  const seen = new Set<string>();
  const arms = parsed.data.arms.map((a, i): ArmData => {
    if (seen.has(a.arm)) problems.push(`${file}: arms.${i}.arm: arm "${a.arm}" appears twice`);
    seen.add(a.arm);
    const metrics = Object.fromEntries(
      Object.entries(a.metrics).map(([name, m]) => {
        const n = m.n ?? a.units;
        // Σy² >= (Σy)²/n holds for any real data (Cauchy-Schwarz); allow for rounding.
        if (n > 0 && m.sum_squares * n < m.sum * m.sum * (1 - 1e-9)) problems.push(`${file}: arms.${i}.metrics.${name}: sum_squares is smaller than sum²/n; these cannot come from real data`);
        const covariate = m.covariate ? { sum: m.covariate.sum, sumSquares: m.covariate.sum_squares, sumProducts: m.covariate.sum_products } : undefined;
        return [name, { n, sum: m.sum, sumSquares: m.sum_squares, binary: m.binary, ...(covariate ? { covariate } : {}) }];
      }),
    );
    return { arm: a.arm, units: a.units, metrics };
  });
  if (problems.length) throw new ExperimentInputError(`${file}: inconsistent sufficient statistics`, problems);
  return { arms };
}
