// Turns the dataset runs of one `data check` into what is stored (pure): scores per dataset
// and per affected use case (only the columns it declares), and the `readiness_run`
// evidence gates read, validated against the shared payload schema.
import { readinessRunPayloadSchema } from '../domain/evidence.js';
import type { UseCase } from '../domain/use-case.js';
import type { ReadinessRunRecord } from '../store/readiness-repository.js';
import type { DatasetRun } from './run-dataset.js';
import { outcomesForColumns, scoreOutcomes, type ReadinessScore } from './scores.js';

export interface RunSummary {
  datasets: number;
  checks: number;
  passed: number;
  failed: number;
  warned: number;
  errors: number;
  /** Whether a fail-severity check failed or could not run (exit code 1). */
  failing: boolean;
}

export function summarise(runs: DatasetRun[]): RunSummary {
  const all = runs.flatMap((r) => r.outcomes);
  return {
    datasets: runs.length,
    checks: all.length,
    passed: all.filter((o) => o.status === 'pass').length,
    failed: all.filter((o) => o.status === 'fail' && o.severity === 'fail').length,
    warned: all.filter((o) => o.status === 'fail' && o.severity === 'warn').length,
    errors: all.filter((o) => o.status === 'error').length,
    failing: all.some((o) => o.status !== 'pass' && o.severity === 'fail'),
  };
}

export interface UseCaseScore extends ReadinessScore {
  useCaseId: string;
  datasets: string[];
  /** Datasets the use case needs that this run did not check. */
  notChecked: string[];
}

export function useCaseScores(runs: DatasetRun[], useCases: UseCase[]): UseCaseScore[] {
  const byDataset = new Map(runs.map((r) => [r.datasetId, r]));
  return useCases
    .filter((u) => u.datasets.some((d) => byDataset.has(d.dataset)))
    .map((u) => {
      const checked = u.datasets.filter((d) => byDataset.has(d.dataset));
      const items = checked.flatMap((d) => outcomesForColumns((byDataset.get(d.dataset) as DatasetRun).outcomes, d.columns).map((outcome) => ({ datasetId: d.dataset, outcome })));
      return { useCaseId: u.id, datasets: checked.map((d) => d.dataset), notChecked: u.datasets.filter((d) => !byDataset.has(d.dataset)).map((d) => d.dataset), ...scoreOutcomes(items) };
    });
}

export function datasetScores(runs: DatasetRun[]): (ReadinessScore & { datasetId: string })[] {
  return runs.map((r) => ({ datasetId: r.datasetId, ...scoreOutcomes(r.outcomes.map((outcome) => ({ datasetId: r.datasetId, outcome }))) }));
}

export function buildRunRecord(input: { id: string; startedAt: Date; finishedAt: Date; actor: string; runs: DatasetRun[]; useCases: UseCase[] }): {
  record: ReadinessRunRecord;
  datasets: ReturnType<typeof datasetScores>;
  useCases: UseCaseScore[];
  summary: RunSummary;
} {
  const summary = summarise(input.runs);
  const ds = datasetScores(input.runs);
  const uc = useCaseScores(input.runs, input.useCases);
  const evidence = uc
    .filter((u) => u.score !== null)
    .map((u) => ({
      useCaseId: u.useCaseId,
      payload: readinessRunPayloadSchema.parse({
        run_id: input.id,
        score: u.score,
        dimensions: u.dimensions,
        failed_checks: u.failed,
        checks: u.checks,
        datasets: u.datasets,
        datasets_not_checked: u.notChecked,
        lost: u.lost.slice(0, 10),
      }),
    }));
  const record: ReadinessRunRecord = {
    id: input.id,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    actor: input.actor,
    datasets: input.runs.map((r) => ({ datasetId: r.datasetId, rowCount: r.rowCount, ...(r.error ? { error: r.error } : {}), outcomes: r.outcomes, metrics: r.metrics })),
    scores: [
      ...ds.map((s) => ({ subjectKind: 'dataset' as const, subjectId: s.datasetId, score: s.score, dimensions: s.dimensions, lost: s.lost })),
      ...uc.map((s) => ({ subjectKind: 'use_case' as const, subjectId: s.useCaseId, score: s.score, dimensions: s.dimensions, lost: s.lost })),
    ],
    evidence,
    summary,
  };
  return { record, datasets: ds, useCases: uc, summary };
}
