// The gates' tables on SQLite and PostgreSQL: decisions, sign-offs and rubric answers are
// appended and listed in order, and the database refuses to alter or remove any of them.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/store-suite.js';
import type { GateEvaluation } from '../domain/decision.js';
import { listAudit } from './audit-repository.js';
import { appendDecision, listDecisions } from './decision-repository.js';
import { listEvidence } from './evidence-repository.js';
import { appendRubricAnswer, listRubricAnswers } from './rubric-repository.js';
import { listSignoffs, recordSignoff } from './signoff-repository.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const evaluation = (from: string, to: string, passed: boolean): GateEvaluation => ({
  useCaseId: 'u1',
  from,
  to,
  transition: 'gate',
  criteria: [{ criterion: { kind: 'readiness_score', min: 60 }, status: passed ? 'met' : 'no_evidence', detail: 'd', evidence: [], next: '' }],
  met: passed ? 1 : 0,
  total: 1,
  passed,
  evaluatedAt: T0.toISOString(),
});

describeEachStore('gates store', (open) => {

  it('appends decisions numbered per use case, with an override flagged and its reason', async ({ skip }) => {
    const store = await open(skip);
    const d1 = await appendDecision(store.db, { useCaseId: 'u1', at: T0, actor: 'ann', from: 'idea', to: 'qualified', forced: false, reason: null, evaluation: evaluation('idea', 'qualified', true) });
    await appendDecision(store.db, { useCaseId: 'u2', at: T0, actor: 'ann', from: 'idea', to: 'qualified', forced: false, reason: null, evaluation: evaluation('idea', 'qualified', true) });
    const d2 = await appendDecision(store.db, { useCaseId: 'u1', at: T0, actor: 'bob', from: 'qualified', to: 'poc', forced: true, reason: 'board decision', evaluation: evaluation('qualified', 'poc', false) });
    expect([d1.number, d2.number]).toEqual([1, 2]);
    const log = await listDecisions(store.db, { useCaseId: 'u1' });
    expect(log.map((d) => [d.number, d.from, d.to, d.forced, d.reason])).toEqual([
      [1, 'idea', 'qualified', false, null],
      [2, 'qualified', 'poc', true, 'board decision'],
    ]);
    expect(log[1]?.evaluation).toEqual(evaluation('qualified', 'poc', false));
    expect((await listDecisions(store.db)).length).toBe(3);
    expect((await listAudit(store.db, { objectId: 'u1' })).map((a) => a.action)).toEqual(['gate.advance', 'gate.override']);
  });

  it('lets only one of two decisions with the same number land', async ({ skip }) => {
    const store = await open(skip);
    const row = { id: 'dec_a', use_case_id: 'u1', number: 1, at: T0.toISOString(), actor: 'a', from_stage: 'idea', to_stage: 'qualified', forced: 0, reason: null, evaluation: '{}' };
    await store.db.insertInto('gate_decisions').values(row).execute();
    // PostgreSQL reports the unique constraint; SQLite's append-only trigger (migration 0008) refuses the key first.
    await expect(store.db.insertInto('gate_decisions').values({ ...row, id: 'dec_b' }).execute()).rejects.toThrow(/unique|append-only: a row with this key exists/i);
    expect((await store.db.selectFrom('gate_decisions').select('id').execute()).map((r) => r.id)).toEqual(['dec_a']);
  });

  it('records a sign-off with its evidence, and rubric answers in order', async ({ skip }) => {
    const store = await open(skip);
    const s = await store.transaction((tx) =>
      recordSignoff(tx, { useCaseId: 'u1', role: 'business_owner', person: 'ann', decision: 'approve', fromStage: 'poc', toStage: 'pilot', note: 'ok', at: T0, by: 'cli' }),
    );
    const [ev] = await listEvidence(store.db, { useCaseId: 'u1', kind: 'signoff' });
    expect(ev?.id).toBe(s.evidenceId);
    expect(ev?.payload).toEqual({ role: 'business_owner', person: 'ann', decision: 'approve', to_stage: 'pilot', from_stage: 'poc', note: 'ok' });
    expect(await listSignoffs(store.db, { useCaseId: 'u1' })).toEqual([s]);

    await appendRubricAnswer(store.db, { useCaseId: 'u1', itemId: 'data-1', score: 0.5, note: 'manual', link: 'https://x.test/', at: T0, by: 'cli' });
    await appendRubricAnswer(store.db, { useCaseId: 'u1', itemId: 'data-1', score: 1, note: null, link: null, at: T0, by: 'cli' });
    expect((await listRubricAnswers(store.db, 'u1')).map((a) => [a.itemId, a.score, a.link])).toEqual([
      ['data-1', 0.5, 'https://x.test/'],
      ['data-1', 1, null],
    ]);
  });

  it('refuses UPDATE and DELETE on the decision log, sign-offs and rubric answers', async ({ skip }) => {
    const store = await open(skip);
    await appendDecision(store.db, { useCaseId: 'u1', at: T0, actor: 'ann', from: 'idea', to: 'qualified', forced: true, reason: 'r', evaluation: evaluation('idea', 'qualified', false) });
    await recordSignoff(store.db, { useCaseId: 'u1', role: 'business_owner', person: 'ann', decision: 'approve', fromStage: 'qualified', toStage: 'poc', note: null, at: T0, by: 'cli' });
    await appendRubricAnswer(store.db, { useCaseId: 'u1', itemId: 'data-1', score: 1, note: null, link: null, at: T0, by: 'cli' });
    const column = { gate_decisions: 'forced', signoffs: 'decision', rubric_answers: 'score' };
    const value = { gate_decisions: 0, signoffs: 'reject', rubric_answers: 0 };
    for (const table of ['gate_decisions', 'signoffs', 'rubric_answers'] as const) {
      await expect(sql`update ${sql.table(table)} set ${sql.ref(column[table])} = ${value[table]}`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from ${sql.table(table)}`.execute(store.db)).rejects.toThrow(/append-only/);
    }
    if (store.dialect === 'postgres') await expect(sql`truncate gate_decisions`.execute(store.db)).rejects.toThrow(/append-only/);
    const [d] = await listDecisions(store.db);
    expect([d?.forced, d?.reason]).toEqual([true, 'r']);
    expect((await listSignoffs(store.db))[0]?.decision).toBe('approve');
    expect((await listRubricAnswers(store.db, 'u1'))[0]?.score).toBe(1);
  });
});
