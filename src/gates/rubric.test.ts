import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RubricAnswer, RubricItemScore } from '../domain/decision.js';
import { interpretScore, RUBRIC_ITEMS, scoreRubric } from './rubric.js';

const answer = (itemId: string, score: RubricItemScore, n = 0): RubricAnswer => ({
  id: `rb_${itemId}_${n}`,
  useCaseId: 'u',
  itemId,
  score,
  note: null,
  link: null,
  at: '2026-01-01T00:00:00.000Z',
  recordedBy: 't',
});

describe('ML Test Score (Breck et al., 2017)', () => {
  it('has the 28 tests of the paper, seven per section, in its order', () => {
    expect(RUBRIC_ITEMS).toHaveLength(28);
    for (const s of ['data', 'model', 'infra', 'monitor']) expect(RUBRIC_ITEMS.filter((i) => i.section === s).map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${s}-${n}`));
    expect(RUBRIC_ITEMS[0]?.text).toBe('Feature expectations are captured in a schema.');
    expect(RUBRIC_ITEMS[27]?.text).toBe('Prediction quality has not regressed.');
  });

  it('scores the minimum of the four section sums (worked example)', () => {
    // data: 4 x 1 = 4; model: 7 x 0.5 = 3.5; infra: 2 x 1 + 1 x 0.5 = 2.5; monitor: 3 x 1 = 3.
    const answers = [
      ...[1, 2, 3, 4].map((n) => answer(`data-${n}`, 1)),
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => answer(`model-${n}`, 0.5)),
      answer('infra-1', 1),
      answer('infra-2', 1),
      answer('infra-3', 0.5),
      ...[1, 2, 3].map((n) => answer(`monitor-${n}`, 1)),
    ];
    const sheet = scoreRubric(answers);
    expect(sheet.sections).toEqual({ data: 4, model: 3.5, infra: 2.5, monitor: 3 });
    expect(sheet.score).toBe(2.5);
    expect(sheet.answered).toBe(17);
    expect(sheet.interpretation).toBe('reasonably tested; more of the tests and procedures may be automated');
  });

  it('counts the latest answer per item, and an unanswered section as 0', () => {
    const sheet = scoreRubric([answer('data-1', 1, 1), answer('data-1', 0, 2), answer('model-1', 0.5, 1)]);
    expect(sheet.sections).toEqual({ data: 0, model: 0.5, infra: 0, monitor: 0 });
    expect(sheet.score).toBe(0);
    expect(sheet.items.find((i) => i.id === 'data-1')?.answer?.id).toBe('rb_data-1_2');
  });

  it('interprets the score by the bands of the paper', () => {
    expect([0, 1, 1.5, 3, 5, 6].map(interpretScore).map((s) => s.split(' ')[0])).toEqual(['more', 'not', 'a', 'reasonably', 'strong', 'exceptional']);
  });

  it('is never above any section sum and equals the smallest (property)', () => {
    const anAnswer = fc.record({ item: fc.constantFrom(...RUBRIC_ITEMS.map((i) => i.id)), score: fc.constantFrom<RubricItemScore>(0, 0.5, 1) });
    fc.assert(
      fc.property(fc.array(anAnswer, { maxLength: 60 }), (raw) => {
        const answers = raw.map((a, n) => answer(a.item, a.score, n));
        const latest = new Map(answers.map((a) => [a.itemId, a.score]));
        const sums = ['data', 'model', 'infra', 'monitor'].map((s) => [...latest].filter(([id]) => id.startsWith(`${s}-`)).reduce((t, [, v]) => t + v, 0));
        const sheet = scoreRubric(answers);
        expect(sheet.score).toBe(Math.min(...sums));
        expect(sheet.score).toBeGreaterThanOrEqual(0);
        expect(sheet.score).toBeLessThanOrEqual(7);
      }),
    );
  });
});

describe('rubric help', () => {
  it('explains every one of the 28 tests, and nothing else', async () => {
    const { RUBRIC_HELP } = await import('./rubric-help.js');
    expect(Object.keys(RUBRIC_HELP).sort()).toEqual(RUBRIC_ITEMS.map((i) => i.id).sort());
    expect(Object.values(RUBRIC_HELP).every((h) => h.length > 20)).toBe(true);
  });
});
