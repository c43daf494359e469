// The compiler's promises: one scan per filter, one GROUP BY per column set, identical
// expressions once, identifiers always quoted, a bad check isolated at compile time.
import { describe, expect, it } from 'vitest';
import { checkSchema } from '../domain/checks.js';
import { compileChecks } from './check-compiler.js';
import { duckdbDialect } from './connectors/duckdb/dialect.js';
import { mysqlDialect } from './connectors/mysql/dialect.js';
import { scoreOutcomes } from './scores.js';
import type { CheckOutcome } from './check-evaluation.js';

const checks = (raw: unknown[]) => raw.map((r) => checkSchema.parse(r));

describe('check compiler', () => {
  const plan = compileChecks({
    relation: '"t"',
    dialect: duckdbDialect,
    checks: checks([
      { type: 'not_null', column: 'a' },
      { type: 'not_null', column: 'a' },
      { type: 'range', column: 'b', min: 0 },
      { type: 'aggregate', column: 'b', metric: 'mean', min: 0 },
      { type: 'aggregate', column: 'b', metric: 'median', min: 0 },
      { type: 'unique', column: 'a' },
      { type: 'aggregate', column: 'a', metric: 'most_common_value', values: ['x'] },
      { type: 'duplicate_rows', columns: ['a', 'b'] },
      { type: 'unique', columns: ['a', 'b'] },
      { type: 'not_null', column: 'a', where: 'b > 1' },
    ]),
  });

  it('puts every aggregate of one filter in one scan', () => {
    expect(plan.scans.map((s) => s.key)).toEqual(['', 'b > 1']);
    // count(*) (also not_null's element), not_null's unexpected (shared by the duplicate),
    // range's element and unexpected, mean, median, unique's distinct and non-null counts.
    expect((plan.scans[0]?.sql.match(/ as m\d+/g) ?? []).length).toBe(1 + 1 + 2 + 1 + 1 + 2);
  });

  it('shares one GROUP BY per column set', () => {
    expect(plan.groups.map((g) => g.columns)).toEqual([['a'], ['a', 'b']]);
    expect(plan.groups[0]?.modes).toBe(true); // unique and most_common_value share it
    // most_common_value needs the group-by whatever the distinct count says: never skipped.
    expect(plan.groups[0]?.skipUnlessDuplicates).toBeUndefined();
  });

  it('lets a group-by only single-column unique checks need wait for the distinct count', () => {
    const p = compileChecks({ relation: '"t"', dialect: duckdbDialect, checks: checks([{ type: 'unique', column: 'a' }, { type: 'unique', columns: ['a', 'b'] }]) });
    expect(p.groups[0]?.skipUnlessDuplicates).toEqual({ scanKey: '', distinct: 'm1', nonNull: 'm2' });
    expect(p.scans[0]?.sql).toContain('count(distinct "a") as m1');
    expect(p.groups[1]?.skipUnlessDuplicates).toBeUndefined(); // compound: always grouped
    // Dialects without the flag keep the plain group-by.
    const my = compileChecks({ relation: '`t`', dialect: mysqlDialect, checks: checks([{ type: 'unique', column: 'a' }]) });
    expect(my.groups[0]?.skipUnlessDuplicates).toBeUndefined();
  });

  it('names duplicate checks apart and isolates a check that cannot compile', () => {
    expect(plan.checks.map((c) => c.name).slice(0, 2)).toEqual(['not_null(a)', 'not_null(a) #2']);
    // MySQL checks dates with a regular expression built from the format, at compile time.
    const bad = compileChecks({ relation: '`t`', dialect: mysqlDialect, checks: checks([{ type: 'parseable_date', column: 'd', format: '%Q' }, { type: 'not_null', column: 'd' }]) });
    expect(bad.checks[0]?.error).toMatch(/unknown strftime directive %Q/);
    expect(bad.scans[0]?.sql).not.toContain('regexp');
    expect(bad.checks[1]?.error).toBeUndefined();
  });

  it('quotes identifiers and escapes literals per dialect', () => {
    const p = compileChecks({ relation: '`t`', dialect: mysqlDialect, checks: checks([{ type: 'accepted_values', column: 'we`ird', values: ["O'Neil", 'back\\slash'] }]) });
    expect(p.scans[0]?.sql).toContain('`we``ird`');
    expect(p.scans[0]?.sql).toContain("'O''Neil'");
    expect(p.scans[0]?.sql).toContain("'back\\\\slash'");
    expect(duckdbDialect.quote('a"b')).toBe('"a""b"');
  });
});

describe('readiness score', () => {
  const o = (dimension: CheckOutcome['dimension'], status: CheckOutcome['status'], elements?: number, unexpected?: number): CheckOutcome => ({
    name: `${dimension}-${status}-${unexpected ?? ''}`,
    type: dimension === 'freshness' ? 'freshness' : 'not_null',
    severity: 'fail',
    dimension,
    columns: [],
    status,
    observed: null,
    message: '',
    ...(elements !== undefined ? { elements, unexpected } : {}),
  });

  it('averages dimensions and attributes every lost point to a check', () => {
    const s = scoreOutcomes([
      { datasetId: 'd', outcome: o('completeness', 'fail', 10, 2) }, // 0.8
      { datasetId: 'd', outcome: o('completeness', 'pass', 10, 0) }, // 1.0 -> completeness 90
      { datasetId: 'd', outcome: o('freshness', 'fail') }, // 0 -> freshness 0
    ]);
    expect(s.dimensions).toEqual({ completeness: 90, freshness: 0 });
    expect(s.score).toBe(45);
    expect(s.lost.reduce((sum, l) => sum + l.points, 0)).toBeCloseTo(100 - 45, 6);
    expect(s.lost[0]).toMatchObject({ dimension: 'freshness', points: 50 });
    expect(s.lost[0]?.hint).toMatch(/stale/);
  });
});
