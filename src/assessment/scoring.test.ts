// Scoring against values computed by hand for a small questionnaire (weights, medians,
// spreads, levels, disagreement), quantiles against numpy, and properties that hold whatever
// the answers (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { questionnaireSchema, type Questionnaire, type RespondentGroup } from './questionnaire-schema.js';
import { levelOf, median, percentOf, quantile, scoreRound, type ScoredResponse } from './scoring.js';

const levels = ['one', 'two', 'three', 'four', 'five'] as [string, string, string, string, string];
const item = (id: string, weight: number) => ({ id, text: `Question ${id}?`.padEnd(12, '.'), weight, levels });

/** Pillar a (weight 2): a.one (weight 1), a.two (weight 3); pillar b (weight 1): b.one, b.two (weight 1 each). */
export const SMALL: Questionnaire = questionnaireSchema.parse({
  id: 'small',
  title: 'Small questionnaire',
  version: 1,
  maturity_model: {
    source: 'src',
    levels: ['Awareness', 'Active', 'Operational', 'Systemic', 'Transformational'].map((name, i) => ({ level: i + 1, name, description: `level ${i + 1} described` })),
  },
  sources: [{ id: 'src', title: 'A source', publisher: 'Someone', year: 2024 }],
  pillars: [
    { id: 'a', name: 'Pillar A', description: 'The first pillar', weight: 2, items: [item('a.one', 1), item('a.two', 3)] },
    { id: 'b', name: 'Pillar B', description: 'The second pillar', weight: 1, items: [item('b.one', 1), item('b.two', 1)] },
  ],
});

const response = (group: RespondentGroup, answers: Record<string, number>): ScoredResponse => ({ group, answers: new Map(Object.entries(answers)) });

/** Five respondents; the leadership-staff gap on a.one is 2.5 levels, elsewhere at most 1. */
export const SMALL_RESPONSES: ScoredResponse[] = [
  response('leadership', { 'a.one': 5, 'a.two': 4, 'b.one': 2, 'b.two': 3 }),
  response('leadership', { 'a.one': 4, 'a.two': 4, 'b.one': 3 }),
  response('staff', { 'a.one': 2, 'a.two': 3, 'b.one': 2, 'b.two': 1 }),
  response('staff', { 'a.one': 1, 'a.two': 2, 'b.one': 4, 'b.two': 2 }),
  response('staff', { 'a.one': 2, 'a.two': 3, 'b.one': 3, 'b.two': 2 }),
];

describe('scoreRound on a small questionnaire, against values computed by hand', () => {
  const s = scoreRound(SMALL, SMALL_RESPONSES);
  const [a, b] = s.pillars;
  const items = Object.fromEntries(s.pillars.flatMap((p) => p.items.map((i) => [i.id, i])));

  it('per item: count, distribution, median, interquartile range, group medians, disagreement', () => {
    // a.one: 1 2 2 4 5 -> median 2; Q1 at h = 4 x 0.25 = 1 -> 2; Q3 at h = 3 -> 4. Leadership (5, 4) 4.5, staff (2, 1, 2) 2: 2.5 apart.
    expect(items['a.one']).toEqual({ id: 'a.one', weight: 1, answers: 5, distribution: [1, 2, 0, 1, 1], median: 2, spread: { q1: 2, q3: 4, iqr: 2 }, leadershipMedian: 4.5, staffMedian: 2, disagreement: true });
    // a.two: 2 3 3 4 4 -> median 3, Q1 3, Q3 4; leadership 4, staff 3: 1 apart.
    expect(items['a.two']).toMatchObject({ median: 3, spread: { q1: 3, q3: 4, iqr: 1 }, leadershipMedian: 4, staffMedian: 3, disagreement: false });
    // b.one: 2 2 3 3 4 -> median 3, Q1 2, Q3 3; leadership 2.5, staff 3.
    expect(items['b.one']).toMatchObject({ median: 3, spread: { q1: 2, q3: 3, iqr: 1 }, leadershipMedian: 2.5, staffMedian: 3, disagreement: false });
    // b.two (four answers): 1 2 2 3 -> median 2; Q1 at h = 0.75: 1 + 0.75 x 1 = 1.75; Q3 at h = 2.25: 2 + 0.25 x 1 = 2.25.
    expect(items['b.two']).toMatchObject({ answers: 4, distribution: [1, 2, 1, 0, 0], median: 2, spread: { q1: 1.75, q3: 2.25, iqr: 0.5 }, leadershipMedian: 3, staffMedian: 2, disagreement: false });
  });

  it('pillar scores are the item-weighted means of the medians; overall the pillar-weighted mean; levels are floor', () => {
    // a: (1 x 2 + 3 x 3) / 4 = 2.75; leadership (4.5 + 3 x 4) / 4 = 4.125; staff (2 + 3 x 3) / 4 = 2.75.
    expect(a).toMatchObject({ score: 2.75, leadershipScore: 4.125, staffScore: 2.75, level: 2 });
    // b: (3 + 2) / 2 = 2.5; leadership (2.5 + 3) / 2 = 2.75; staff (3 + 2) / 2 = 2.5.
    expect(b).toMatchObject({ score: 2.5, leadershipScore: 2.75, staffScore: 2.5, level: 2 });
    // overall: (2 x 2.75 + 1 x 2.5) / 3 = 8/3; level 2 (Active); percent (8/3 - 1) / 4 x 100 = 41.67.
    expect(s.overall).toBeCloseTo(8 / 3, 12);
    expect(s.level).toBe(2);
    expect(percentOf(s.overall)).toBeCloseTo(125 / 3, 10);
  });

  it('no answers: every score is null, no level, no disagreement', () => {
    const empty = scoreRound(SMALL, []);
    expect(empty.overall).toBeNull();
    expect(empty.level).toBeNull();
    expect(empty.pillars.every((p) => p.score === null && p.items.every((i) => i.median === null && i.spread === null && !i.disagreement))).toBe(true);
  });

  it('a disagreement needs both groups, and a gap of exactly 2 levels is flagged', () => {
    const onlyLeadership = scoreRound(SMALL, [response('leadership', { 'a.one': 5 }), response('leadership', { 'a.one': 1 })]);
    expect(onlyLeadership.pillars[0]!.items[0]).toMatchObject({ staffMedian: null, disagreement: false });
    const exactlyTwo = scoreRound(SMALL, [response('leadership', { 'a.one': 4 }), response('staff', { 'a.one': 2 })]);
    expect(exactlyTwo.pillars[0]!.items[0]).toMatchObject({ leadershipMedian: 4, staffMedian: 2, disagreement: true });
    const belowTwo = scoreRound(SMALL, [response('leadership', { 'a.one': 4 }), response('staff', { 'a.one': 2 }), response('staff', { 'a.one': 3 })]);
    expect(belowTwo.pillars[0]!.items[0]).toMatchObject({ staffMedian: 2.5, disagreement: false });
  });

  it('an item nobody answered drops out and the other weights are renormalised', () => {
    // Only a.one answered (3): pillar a = 3, not (1 x 3) / 4.
    const s2 = scoreRound(SMALL, [response('staff', { 'a.one': 3 })]);
    expect(s2.pillars[0]!.score).toBe(3);
    expect(s2.pillars[1]!.score).toBeNull();
    expect(s2.overall).toBe(3);
    expect(s2.level).toBe(3);
  });
});

describe('levels', () => {
  it('floor of the score, so a level counts once reached; float noise at a boundary does not drop a level', () => {
    expect([1, 1.99, 2, 2.9, 3, 4.5, 5].map(levelOf)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    // (0.1 x 3 + 0.7 x 3) / 0.8 is 2.9999999999999996 in floating point.
    const noisy = (0.1 * 3 + 0.7 * 3) / (0.1 + 0.7);
    expect(noisy).toBeLessThan(3);
    expect(levelOf(noisy)).toBe(3);
  });
});

describe('median and quartiles against numpy', () => {
  const reference = JSON.parse(readFileSync(new URL('./reference/quantiles.json', import.meta.url), 'utf8')) as { cases: { levels: number[]; median: number; q1: number; q3: number }[] };
  it(`agree on ${reference.cases.length} samples (src/assessment/reference/generate_quantiles.py)`, () => {
    expect(reference.cases.length).toBeGreaterThan(50);
    for (const c of reference.cases) {
      const sorted = [...c.levels].sort((x, y) => x - y);
      expect(median(c.levels)).toBeCloseTo(c.median, 12);
      expect(quantile(sorted, 0.25)).toBeCloseTo(c.q1, 12);
      expect(quantile(sorted, 0.75)).toBeCloseTo(c.q3, 12);
    }
  });
});

describe('properties, whatever the answers', () => {
  const shape = fc.array(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });
  const arbitrary = shape.chain((itemWeights) =>
    fc.record({
      itemWeights: fc.constant(itemWeights),
      pillarWeights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: itemWeights.length, maxLength: itemWeights.length }),
      responses: fc.array(
        fc.record({
          group: fc.constantFrom<RespondentGroup>('leadership', 'staff'),
          answers: fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), { minLength: itemWeights.flat().length, maxLength: itemWeights.flat().length }),
        }),
        { maxLength: 25 },
      ),
    }),
  );

  it('scores stay within 1..5, percent within 0..100, levels are floor(score), spreads within 0..4, and between the parts they average', () => {
    fc.assert(
      fc.property(arbitrary, ({ itemWeights, pillarWeights, responses }) => {
        const q: Questionnaire = {
          ...SMALL,
          pillars: itemWeights.map((ws, p) => ({ id: `p${p}`, name: `P${p}`, description: 'a pillar', weight: pillarWeights[p]!, frameworks: [], items: ws.map((w, i) => ({ ...item(`p${p}.i${i}`, w) })) })),
        };
        const ids = q.pillars.flatMap((p) => p.items.map((i) => i.id));
        const scored: ScoredResponse[] = responses.map((r) => ({ group: r.group, answers: new Map(ids.flatMap((id, k) => (r.answers[k] === undefined ? [] : [[id, r.answers[k]!] as [string, number]]))) }));
        const s = scoreRound(q, scored);
        const within = (x: number | null) => x === null || (x >= 1 - 1e-9 && x <= 5 + 1e-9);
        expect(within(s.overall)).toBe(true);
        const pct = percentOf(s.overall);
        expect(pct === null || (pct >= -1e-7 && pct <= 100 + 1e-7)).toBe(true);
        expect(s.level).toBe(s.overall === null ? null : Math.min(5, Math.floor(s.overall + 1e-9)));
        const pillarScores = s.pillars.flatMap((p) => (p.score === null ? [] : [p.score]));
        expect(s.overall === null).toBe(pillarScores.length === 0);
        if (s.overall !== null) {
          expect(s.overall).toBeGreaterThanOrEqual(Math.min(...pillarScores) - 1e-9);
          expect(s.overall).toBeLessThanOrEqual(Math.max(...pillarScores) + 1e-9);
        }
        for (const p of s.pillars) {
          expect(within(p.score) && within(p.leadershipScore) && within(p.staffScore)).toBe(true);
          const medians = p.items.flatMap((i) => (i.median === null ? [] : [i.median]));
          expect(p.score === null).toBe(medians.length === 0);
          if (p.score !== null) expect(p.score).toBeGreaterThanOrEqual(Math.min(...medians) - 1e-9);
          if (p.score !== null) expect(p.score).toBeLessThanOrEqual(Math.max(...medians) + 1e-9);
          for (const i of p.items) {
            expect(i.distribution.reduce((x, y) => x + y, 0)).toBe(i.answers);
            expect(within(i.median) && within(i.leadershipMedian) && within(i.staffMedian)).toBe(true);
            if (i.spread) {
              expect(i.spread.q1).toBeLessThanOrEqual(i.median!);
              expect(i.spread.q3).toBeGreaterThanOrEqual(i.median!);
              expect(i.spread.iqr).toBeGreaterThanOrEqual(0);
              expect(i.spread.iqr).toBeLessThanOrEqual(4);
            }
            if (i.disagreement) expect(Math.abs(i.leadershipMedian! - i.staffMedian!)).toBeGreaterThanOrEqual(2);
            else expect(i.leadershipMedian === null || i.staffMedian === null || Math.abs(i.leadershipMedian - i.staffMedian) < 2).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
