import { describe, expect, it } from 'vitest';
import { dice, jaccard, similarity, SIMILAR_FROM, trigrams } from './triage-similarity.js';

describe('trigrams (as pg_trgm show_trgm)', () => {
  it('pads each word with two spaces in front and one behind', () => {
    // PostgreSQL: select show_trgm('cat') -> {"  c"," ca","at ",cat}
    expect([...trigrams('Cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
    // select show_trgm('a b') -> {"  a","  b"," a "," b "}
    expect([...trigrams('a b')].sort()).toEqual(['  a', '  b', ' a ', ' b ']);
  });
});

describe('dice and jaccard', () => {
  it('match hand-counted overlaps', () => {
    const a = new Set(['x', 'y', 'z']);
    const b = new Set(['y', 'z', 'w', 'v']);
    expect(dice(a, b)).toBeCloseTo((2 * 2) / 7, 12);
    expect(jaccard(a, b)).toBeCloseTo(2 / 5, 12);
    expect(dice(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe('similarity', () => {
  it('is 1 for the same title, whatever the case and accents', () => {
    expect(similarity({ title: 'Münster routes' }, { title: 'MUNSTER Routes' })).toBe(1);
  });

  it('sees a typo as similar and an unrelated title as not', () => {
    // "cat" vs "cut": trigrams {  c, ca, cat, at } and {  c, cu, cut, ut }: one shared of 8, Dice 2/8.
    expect(similarity({ title: 'cat' }, { title: 'cut' })).toBeCloseTo(0.25, 12);
    expect(similarity({ title: 'Supplier risk radar' }, { title: 'Suplier risk radr' })).toBeGreaterThan(SIMILAR_FROM);
    expect(similarity({ title: 'Supplier risk radar' }, { title: 'Payment reminders' })).toBeLessThan(SIMILAR_FROM);
  });

  it('weighs the title 0.7 and the problem words 0.3', () => {
    const a = { title: 'cat', problem: 'late invoices cost money' };
    const b = { title: 'cut', problem: 'late deliveries cost time' };
    // content words {late, invoices, cost, money} and {late, deliveries, cost, time}: 2 shared of 6.
    expect(similarity(a, b)).toBeCloseTo(0.7 * 0.25 + 0.3 * (2 / 6), 12);
  });
});
