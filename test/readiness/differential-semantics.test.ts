// One meaning per check on every engine: the portable regular expressions, strict calendar
// dates and calendar values (no time-zone shift) give the same answer on DuckDB, PostgreSQL,
// MariaDB and SQLite. The references are independent of the translation: JavaScript's own
// RegExp on the pattern as written (the subset means what it means there, ASCII classes,
// `.` not matching a line break), and a hand-made table of dates (calendar facts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema } from '../../src/domain/dataset.js';
import { profileDataset } from '../../src/readiness/profile.js';
import { failingRows, failingRowsSql } from '../../src/readiness/failing-rows.js';
import { runDataset, type DatasetRun } from '../../src/readiness/run-dataset.js';
import { ENGINE_IDS, engineSkip, loadTables, type EngineId, type Loaded, type TableSpec } from './engine-tables.js';

const TEXTS = ['cat', 'concat', 'the cat sat', 'Hello', 'HELLO', 'hello world', 'abc', 'a\nc', 'a-c', '123', '12', 'bob@ex.com', '   ', '', '$5', 'Zürich', 'x', 'xy', 'ABC', 'back\bspace', 'a.c'];
const REGEXES: { pattern: string; ignore_case?: boolean }[] = [
  { pattern: '\\bcat\\b' },
  { pattern: '\\Bcat' },
  { pattern: '^[A-Z][a-z]+$' },
  { pattern: '\\d{3}' },
  { pattern: 'a.c' },
  { pattern: '(?i)hello' },
  { pattern: 'hello', ignore_case: true },
  { pattern: '[^a-z]' },
  { pattern: 'x|y$' },
  { pattern: '^\\w+@\\w+\\.com$' },
  { pattern: '^\\s*$' },
  { pattern: '[.]' },
  { pattern: '\\$' },
  { pattern: '[a\\-z]' },
  { pattern: '^[a-c]+$', ignore_case: true },
  { pattern: '^(?:ab|xy)c?$' },
  { pattern: 'l{2,}' },
  { pattern: 'ABC' },
  { pattern: '\\S+\\s\\S+' },
];

/** The reference: JavaScript's RegExp on the pattern as written. */
function jsFailures(pattern: string, ignoreCase: boolean): number {
  const i = ignoreCase || pattern.startsWith('(?i)');
  const re = new RegExp(pattern.replace(/^\(\?i\)/, ''), i ? 'i' : '');
  return TEXTS.filter((t) => !re.test(t)).length;
}

// [value, accepted without format, accepted by each format below]; worked out by hand from
// the Gregorian calendar (2000 is a leap year, 1900 is not; February 2001 has 28 days).
const DATE_FORMATS = ['%Y-%m-%d', '%Y/%m/%d %H:%M', '%b %d %Y', '%d/%m/%Y'];
const DATES: [string, boolean, boolean[]][] = [
  ['2001-02-28', true, [true, false, false, false]],
  ['2001-02-29', false, [false, false, false, false]],
  ['2000-02-29', true, [true, false, false, false]],
  ['1900-02-29', false, [false, false, false, false]],
  ['2001-04-31', false, [false, false, false, false]],
  ['2001-12-31', true, [true, false, false, false]],
  ['2001-13-01', false, [false, false, false, false]],
  ['2001-1-1', false, [false, false, false, false]],
  ['2001/02/30', false, [false, false, false, false]],
  ['2001/01/01 00:47', true, [false, true, false, false]],
  ['2001/01/01 24:47', false, [false, false, false, false]],
  ['2001-01-01T10:00:00Z', true, [false, false, false, false]],
  ['2001-01-01 10:00', true, [false, false, false, false]],
  ['2001-01-01T10:00:00.123+01:00', true, [false, false, false, false]],
  ['Jun 12 1998', true, [false, false, true, false]],
  ['jun 12 1998', true, [false, false, true, false]],
  ['Feb 29 1996', true, [false, false, true, false]],
  ['Feb 29 1997', false, [false, false, false, false]],
  ['31/12/2001', true, [false, false, false, true]],
  ['31/11/2001', false, [false, false, false, false]],
  ['not a date', false, [false, false, false, false]],
];

const SPECS: TableSpec[] = [
  { name: 'texts', columns: [['id', 'integer'], ['v', 'string']], rows: TEXTS.map((t, i) => [i, t]) },
  { name: 'dates', columns: [['id', 'integer'], ['v', 'string']], rows: DATES.map(([t], i) => [i, t]) },
  {
    name: 'calendar',
    columns: [['id', 'integer'], ['born', 'date'], ['seen', 'timestamp']],
    rows: [
      [1, '2001-09-10', '2001-09-10 00:30:00'],
      [2, '1999-12-31', '2026-03-29 02:30:00'],
      [3, '2001-09-10', '2026-10-25 02:30:00'],
    ],
  },
];

const ENGINES = await Promise.all(ENGINE_IDS.map(async (engine) => ({ engine, skip: await engineSkip(engine) })));

describe.each(ENGINES.map((e) => ({ ...e, title: e.skip ? `${e.engine} (skipped: ${e.skip})` : e.engine })))('one meaning on $title', ({ engine, skip }: { engine: EngineId; skip: string }) => {
  let loaded!: Loaded;
  const test = it.skipIf(skip !== '');
  const run = async (table: string, checks: unknown[]): Promise<DatasetRun> =>
    runDataset({ dataset: datasetSchema.parse({ id: table, source: 'diff', table: loaded.tables[table], primary_key: ['id'], checks }), conn: loaded.conn, resolve: async () => undefined, now: new Date('2026-12-01T00:00:00Z') });
  beforeAll(async () => {
    if (!skip) loaded = await loadTables(engine, SPECS);
  });
  afterAll(async () => loaded?.dispose());

  test('regular expressions of the portable subset match as JavaScript matches them', async () => {
    const r = await run('texts', REGEXES.map((x) => ({ type: 'regex', column: 'v', ...x })));
    const got = r.outcomes.map((o, i) => [REGEXES[i]?.pattern, o.status === 'error' ? o.message : o.unexpected]);
    expect(got).toEqual(REGEXES.map((x) => [x.pattern, jsFailures(x.pattern, x.ignore_case === true)]));
  });

  test('parseable_date accepts exactly the real calendar dates, with and without a format', async () => {
    const checks = [{ type: 'parseable_date', column: 'v' }, ...DATE_FORMATS.map((format) => ({ type: 'parseable_date', column: 'v', format }))];
    const r = await run('dates', checks);
    expect(r.outcomes.every((o) => o.status !== 'error'), r.outcomes.map((o) => o.message).join('\n')).toBe(true);
    // The failing rows of each check, compared value by value with the hand-made table.
    for (const [k, check] of checks.entries()) {
      const parsed = datasetSchema.shape.checks.parse([check])[0];
      const relation = await loaded.conn.relation(datasetSchema.parse({ id: 'dates', source: 'diff', table: loaded.tables.dates }));
      const sql = failingRowsSql(parsed as never, { primary_key: ['id'] }, relation, loaded.conn) as string;
      const failing = new Set<string>();
      for await (const row of failingRows(loaded.conn, sql, 0, false)) failing.add(String(row.v));
      const expected = DATES.filter(([, plain, byFormat]) => !(k === 0 ? plain : byFormat[k - 1])).map(([v]) => v);
      expect([...failing].sort(), `${JSON.stringify(check)}`).toEqual(expected.sort());
    }
  });

  for (const tz of ['Europe/Berlin', 'America/Los_Angeles']) {
    test(`dates and timestamps are calendar values under TZ=${tz}`, async () => {
      const before = process.env.TZ;
      process.env.TZ = tz;
      try {
        const relation = await loaded.conn.relation(datasetSchema.parse({ id: 'calendar', source: 'diff', table: loaded.tables.calendar }));
        const columns = await loaded.conn.columns(relation);
        const p = await profileDataset(loaded.conn, 'calendar', relation, columns);
        const born = p.columns.find((c) => c.name === 'born');
        const seen = p.columns.find((c) => c.name === 'seen');
        expect([born?.min, born?.max, born?.top[0]?.value]).toEqual(['1999-12-31', '2001-09-10', '2001-09-10']);
        expect([seen?.min, seen?.max]).toEqual(['2001-09-10 00:30:00', '2026-10-25 02:30:00']);
        const r = await run('calendar', [
          { type: 'range', column: 'born', min: '2000-01-01' },
          { type: 'aggregate', column: 'born', metric: 'max', max: '2001-09-10' },
          { type: 'freshness', column: 'seen', max_age_hours: 24 * 38 },
        ]);
        expect(r.outcomes.map((o) => [o.status, o.observed])).toEqual([
          ['fail', 2 / 3],
          ['pass', '2001-09-10'],
          // 2026-12-01T00:00Z minus 2026-10-25T02:30 read as UTC: 885.5 hours.
          ['pass', 885.5],
        ]);
        const check = datasetSchema.shape.checks.parse([{ type: 'range', column: 'born', min: '2000-01-01' }])[0];
        const sql = failingRowsSql(check as never, { primary_key: ['id'] }, relation, loaded.conn) as string;
        const rows = [];
        for await (const row of failingRows(loaded.conn, sql, 0, false)) rows.push(row);
        expect(rows).toEqual([{ id: 2, born: '1999-12-31' }]);
      } finally {
        process.env.TZ = before;
        if (before === undefined) delete process.env.TZ;
      }
    });
  }
});

// Freshness on text timestamps and range on a text column: one answer or one located refusal
// on every engine, never an engine's own error (a Binder Error on DuckDB, a text comparison on
// SQLite). Reference: 2026-12-01T00:00Z minus 2026-11-30T12:00 (the latest real date) = 12 h.
const STAMPS: TableSpec = { name: 'stamps', columns: [['id', 'integer'], ['at', 'string'], ['n', 'string']], rows: [[1, '2026-11-30 12:00:00', '5'], [2, '2026-11-29 08:00:00', '40'], [3, '2026-02-30 23:00:00', '7'], [4, 'soon', null]] };

describe.each(ENGINES.map((e) => ({ ...e, title: e.skip ? `${e.engine} (skipped: ${e.skip})` : e.engine })))('located messages on $title', ({ engine, skip }: { engine: EngineId; skip: string }) => {
  let loaded!: Loaded;
  beforeAll(async () => {
    if (!skip) loaded = await loadTables(engine, [STAMPS]);
  });
  afterAll(async () => loaded?.dispose());
  it.skipIf(skip !== '')('freshness reads text timestamps with a format; without one, and range on text, say where and why', async () => {
    const checks = [
      { type: 'freshness', column: 'at', max_age_hours: 24, format: '%Y-%m-%d %H:%M:%S' },
      { type: 'freshness', column: 'at', max_age_hours: 24 },
      { type: 'freshness', column: 'at', max_age_hours: 24, format: '%d/%m/%Y', name: 'day first' },
      { type: 'range', column: 'n', min: 0, max: 10 },
    ];
    const dataset = datasetSchema.parse({ id: 'stamps', source: 'diff', table: loaded.tables.stamps, checks });
    const r = await runDataset({ dataset, conn: loaded.conn, resolve: async () => undefined, now: new Date('2026-12-01T00:00:00Z') });
    expect(r.outcomes[0]).toMatchObject({ status: 'pass', observed: 12 });
    expect(r.outcomes[1]?.status).toBe('error');
    expect(r.outcomes[1]?.message).toBe("dataset stamps, check freshness(at) #2: freshness needs a date or timestamp column; column at is string (text): add format, e.g. format: '%Y-%m-%d %H:%M:%S'");
    expect(r.outcomes[2]?.message).toMatch(/^dataset stamps, check day first: freshness on column at: format "%d\/%m\/%Y" does not run from the year down/);
    expect(r.outcomes[3]?.message).toBe("dataset stamps, check range(n): range with numeric bounds needs a number column; column n is text (declare its type, or cast it in the dataset's query)");
  });
});
