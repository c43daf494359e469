// What the readiness endpoints answer: datasets with their latest scores and failing checks,
// runs with their results and scores, metric history with anomalies. Zod schemas for the
// OpenAPI document and converters from the store's rows; scores are computed by
// src/readiness when a run is made, never here.
import { z } from 'zod';
import type { DatasetState } from '../application/readiness.js';
import { definitionOwnerShape } from './api-schemas.js';
import type { StoredCheckResult, StoredReadinessRun, StoredScore } from '../store/readiness-reads.js';

export const checkResultSchema = z.object({
  dataset: z.string(),
  name: z.string(),
  type: z.string(),
  severity: z.string().describe('fail or warn'),
  dimension: z.string(),
  status: z.string().describe('pass, fail or error'),
  observed: z.unknown(),
  elements: z.number().nullable(),
  unexpected: z.number().nullable(),
  message: z.string(),
});

export function checkResultView(r: StoredCheckResult): z.infer<typeof checkResultSchema> {
  return { dataset: r.datasetId, name: r.name, type: r.type, severity: r.severity, dimension: r.dimension, status: r.status, observed: r.observed, elements: r.elements, unexpected: r.unexpected, message: r.message };
}

const lostSchema = z.object({ dataset: z.string(), check: z.string(), dimension: z.string(), points: z.number(), status: z.string(), hint: z.string() });

/** As src/readiness/scores.ts LostPoints, stored as JSON; renamed to the API's snake_case. */
function lostView(l: unknown): z.infer<typeof lostSchema> {
  const x = l as { datasetId?: string; check?: string; dimension?: string; points?: number; status?: string; hint?: string };
  return { dataset: x.datasetId ?? '', check: x.check ?? '', dimension: x.dimension ?? '', points: x.points ?? 0, status: x.status ?? '', hint: x.hint ?? '' };
}

export const scoreSchema = z.object({
  run_id: z.string(),
  at: z.string().optional(),
  score: z.number().nullable().describe('0-100; null when no check applies'),
  dimensions: z.record(z.string(), z.number()),
  lost: z.array(lostSchema).describe('points lost, by check, biggest first, with a remediation hint'),
});

export function scoreView(s: StoredScore & { finishedAt?: string }): z.infer<typeof scoreSchema> {
  return { run_id: s.runId, ...(s.finishedAt ? { at: s.finishedAt } : {}), score: s.score, dimensions: s.dimensions, lost: s.lost.map(lostView) };
}

export const runSummarySchema = z.object({
  id: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  actor: z.string(),
  datasets: z.array(z.string()),
  summary: z.object({ datasets: z.number(), checks: z.number(), passed: z.number(), failed: z.number(), warned: z.number(), errors: z.number(), failing: z.boolean() }).partial(),
});

export function runView(r: StoredReadinessRun): z.infer<typeof runSummarySchema> {
  return { id: r.id, started_at: r.startedAt, finished_at: r.finishedAt, actor: r.actor, datasets: r.datasets, summary: r.summary as z.infer<typeof runSummarySchema>['summary'] };
}

export const runDetailSchema = z.object({
  run: runSummarySchema,
  results: z.array(checkResultSchema),
  scores: z.object({ datasets: z.record(z.string(), scoreSchema), use_cases: z.record(z.string(), scoreSchema) }),
});

export function runDetailView(d: { run: StoredReadinessRun; results: StoredCheckResult[]; scores: StoredScore[] }): z.infer<typeof runDetailSchema> {
  const of = (kind: StoredScore['subjectKind']) => Object.fromEntries(d.scores.filter((s) => s.subjectKind === kind).map((s) => [s.subjectId, scoreView(s)]));
  return { run: runView(d.run), results: d.results.map(checkResultView), scores: { datasets: of('dataset'), use_cases: of('use_case') } };
}

export const datasetStateSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  source: z.string(),
  system: z.string().nullable(),
  checks_declared: z.number().int(),
  used_by: z.array(z.string()).describe('use cases that declare this dataset'),
  row_count: z.number().nullable().describe('in the latest run'),
  latest: scoreSchema.extend({ checks: z.number().int(), failed: z.number().int(), passed: z.number().int() }).nullable().describe('the newest run that checked it'),
  failing: z.array(checkResultSchema).describe('checks not passing in that run, fail severity first'),
  ...definitionOwnerShape,
});

export function datasetStateView(s: DatasetState): z.infer<typeof datasetStateSchema> {
  const { dataset: d, latest, results } = s;
  const failing = results.filter((r) => r.status !== 'pass').sort((a, b) => Number(b.severity === 'fail') - Number(a.severity === 'fail') || a.name.localeCompare(b.name));
  return {
    id: d.id,
    title: d.title ?? null,
    description: d.description ?? null,
    source: d.source,
    system: d.system ?? null,
    checks_declared: d.checks.length,
    used_by: s.usedBy,
    row_count: s.rowCount ?? null,
    latest: latest ? { ...scoreView(latest), checks: results.length, failed: failing.length, passed: results.length - failing.length } : null,
    failing: failing.map(checkResultView),
    ...s.owner,
  };
}

export const historySchema = z.object({
  dataset: z.string(),
  metric: z.string(),
  metrics: z.array(z.string()).describe('every metric stored for the dataset'),
  points: z.array(
    z.object({
      run_id: z.string(),
      at: z.string(),
      value: z.number(),
      expected: z.number().nullable(),
      z_score: z.number().nullable(),
      rate_of_change: z.number().nullable(),
      anomaly: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
});

export const failingRowsPageSchema = z.object({
  dataset: z.string(),
  check: z.string(),
  columns: z.array(z.string()).describe("the dataset's primary key, then the columns the check reads"),
  rows: z.array(z.array(z.string().nullable())).describe('values as text, in the order of columns'),
  offset: z.number().int(),
  limit: z.number().int(),
  more: z.boolean().describe('whether rows follow this page'),
});
