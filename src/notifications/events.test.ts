import { describe, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../domain/workspace-config.js';
import { readinessFailed, SCORE_DROP_POINTS, signoffAsked } from './events.js';

const run = (outcomes: { name: string; status: string; severity: string }[], scores: { subjectId: string; score: number | null }[], error?: string) => ({
  runId: 'run_1',
  datasets: [{ datasetId: 'orders', outcomes, ...(error ? { error } : {}) }],
  scores: scores.map((s) => ({ subjectKind: 'use_case' as const, ...s })),
});

describe('readiness events', () => {
  it('tells of failing fail-severity checks, not of warnings or passes', () => {
    expect(readinessFailed(run([{ name: 'not_null(id)', status: 'pass', severity: 'fail' }, { name: 'unique(id)', status: 'fail', severity: 'warn' }], []), new Map())).toBeUndefined();
    const e = readinessFailed(run([{ name: 'unique(id)', status: 'fail', severity: 'fail' }, { name: 'range(amount)', status: 'error', severity: 'fail' }], []), new Map());
    expect(e).toMatchObject({ kind: 'readiness_failed', title: 'Data readiness run run_1: 2 failing checks', detail: 'orders.unique(id): fail\norders.range(amount): error', audience: { roles: ['technical_lead'] } });
  });

  it(`tells of a use case's score falling by ${SCORE_DROP_POINTS} points or more, not less`, () => {
    const before = new Map<string, number | null>([
      ['churn', 80],
      ['invoices', 70],
      ['new', null],
    ]);
    const e = readinessFailed(run([], [{ subjectId: 'churn', score: 75 }, { subjectId: 'invoices', score: 65.5 }, { subjectId: 'new', score: 10 }]), before);
    expect(e).toMatchObject({ title: 'Readiness score dropped for churn', detail: 'churn: score 80 -> 75', useCaseId: 'churn' });
    expect(readinessFailed(run([], [{ subjectId: 'churn', score: 76 }]), before)).toBeUndefined();
  });

  it('a dataset that could not be read counts as failing', () => {
    expect(readinessFailed(run([], [], 'cannot connect'), new Map())?.detail).toBe('orders: cannot connect');
  });
});

describe('sign-offs asked', () => {
  const config = workspaceConfigSchema.parse({ organisation: 'T', currency: 'EUR', discount_rate: 0.1, horizon_months: 12, start_quarter: '2026-Q1', budget_per_quarter: 1, teams: [{ id: 'a', name: 'A', capacity_person_weeks_per_quarter: 1 }] });
  it('names the roles the next gate asks, and nothing after the last stage', () => {
    expect(signoffAsked(config, 'uc', 'pilot')?.audience.roles).toEqual(['business_owner', 'technical_lead', 'risk_compliance', 'final_approver']);
    expect(signoffAsked(config, 'uc', 'scaled')).toBeUndefined();
  });
});
