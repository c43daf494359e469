// Readiness scores (pure): 0-100 per dataset or use case, by dimension. Each check scores
// the share of its judged values that pass (row-level checks; custom SQL: 1 - failing rows /
// dataset rows) or 1/0 (table-level checks; an error scores 0); a dimension is the mean of its checks, the score the mean of the
// dimensions that have checks. Every lost point is attributed to one check, with a hint.
import type { CheckOutcome, Dimension } from './check-evaluation.js';

export interface ScoredOutcome {
  datasetId: string;
  outcome: CheckOutcome;
}

export interface LostPoints {
  datasetId: string;
  check: string;
  dimension: Dimension;
  points: number;
  status: CheckOutcome['status'];
  hint: string;
}

export interface ReadinessScore {
  /** null when no check applies. */
  score: number | null;
  dimensions: Partial<Record<Dimension, number>>;
  checks: number;
  failed: number;
  lost: LostPoints[];
}

export function quality(o: CheckOutcome): number {
  if (o.status === 'error') return 0;
  // Clamped: custom SQL may return more rows than the dataset has (e.g. pairs of duplicates).
  if (o.elements !== undefined && o.unexpected !== undefined && o.elements > 0) return Math.max(0, 1 - o.unexpected / o.elements);
  return o.status === 'pass' ? 1 : 0;
}

export function scoreOutcomes(items: ScoredOutcome[]): ReadinessScore {
  const byDimension = new Map<Dimension, ScoredOutcome[]>();
  for (const item of items) {
    const list = byDimension.get(item.outcome.dimension) ?? [];
    list.push(item);
    byDimension.set(item.outcome.dimension, list);
  }
  const dimensions: Partial<Record<Dimension, number>> = {};
  const lost: LostPoints[] = [];
  const weight = byDimension.size === 0 ? 0 : 100 / byDimension.size;
  for (const [dimension, list] of byDimension) {
    dimensions[dimension] = round((100 * list.reduce((s, i) => s + quality(i.outcome), 0)) / list.length);
    for (const i of list) {
      const points = ((1 - quality(i.outcome)) * weight) / list.length;
      if (points > 0) lost.push({ datasetId: i.datasetId, check: i.outcome.name, dimension, points: round(points), status: i.outcome.status, hint: remediationHint(i.outcome) });
    }
  }
  const values = Object.values(dimensions);
  return {
    score: values.length === 0 ? null : round(values.reduce((s, v) => s + v, 0) / values.length),
    dimensions,
    checks: items.length,
    failed: items.filter((i) => i.outcome.status !== 'pass').length,
    lost: lost.sort((a, b) => b.points - a.points),
  };
}

/** The outcomes a use case depends on: checks over the columns it declares (all when none). */
export function outcomesForColumns(outcomes: CheckOutcome[], columns: string[]): CheckOutcome[] {
  if (columns.length === 0) return outcomes;
  return outcomes.filter((o) => o.columns.every((c) => columns.includes(c)));
}

const round = (x: number) => Math.round(x * 100) / 100;

export function remediationHint(o: CheckOutcome): string {
  const cols = o.columns.join(', ');
  if (o.status === 'error') return `fix the check or the source so it can run: ${o.message}`;
  switch (o.type) {
    case 'not_null':
      return `fill missing ${cols} at the source system, or make the field required where it is entered`;
    case 'row_count':
      return 'the row count is outside the expected range: check the extract or sync for truncation or duplication';
    case 'unique':
    case 'duplicate_rows':
      return `deduplicate on ${cols}: merge duplicate records and enforce a unique key in the system of record`;
    case 'accepted_values':
    case 'not_in_set':
      return `map invalid ${cols} values to the reference list and add a validation rule at entry`;
    case 'range':
      return `investigate out-of-range ${cols} (unit mix-ups, typos, placeholder values)`;
    case 'regex':
    case 'like':
    case 'length':
    case 'parseable_date':
      return `standardise the format of ${cols} (a cleansing step in the pipeline, validation at entry)`;
    case 'schema':
      return "align the table's columns and types with the declared schema, or update the declaration";
    case 'freshness':
      return 'the data is stale: check the schedule and failures of the job that loads it';
    case 'referential_integrity':
      return `keys in ${cols} are missing from the referenced system: reconcile master data (a shared id between the systems)`;
    default:
      return `investigate the rows that break this rule (${o.name}); run with --failing-rows to see them`;
  }
}
