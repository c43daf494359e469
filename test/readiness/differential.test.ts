// The cross-engine differential suite: the same checks and the same profiles over the same
// real, public data (vega-datasets, a dev dependency: data nobody here wrote) give identical
// results on DuckDB reading the files, and on PostgreSQL, MariaDB and SQLite holding the same
// rows in tables. Check by check and column by column, every engine is compared with DuckDB.
// Under CI=true the servers must answer (engine-tables.ts).
//
// Documented exceptions, each applied below by name and nowhere else:
// - nativeType in profiles: each engine names its own types (bigint, BIGINT, int8 ...).
// - SQLite's stddev is computed from sums (sqlite/dialect.ts): compared to 1e-9 relative.
// - Numbers are compared to 12 significant digits (engines sum in different orders).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSchema, type Dataset } from '../../src/domain/dataset.js';
import type { CheckOutcome } from '../../src/readiness/check-evaluation.js';
import { profileDataset, type DatasetProfile } from '../../src/readiness/profile.js';
import { runDataset } from '../../src/readiness/run-dataset.js';
import type { Scalar } from '../../src/readiness/sql-dialect.js';
import { ENGINE_IDS, engineSkip, loadTables, type CanonicalType, type EngineId, type Loaded, type TableSpec } from './engine-tables.js';

const DATA = path.resolve(import.meta.dirname, '../../node_modules/vega-datasets/data');

interface Source {
  id: string;
  file: string;
  columns: [string, CanonicalType][];
  /** Types a data person declares for the file (DuckDB); the tables are created with them. */
  declared?: Record<string, { type: string }>;
  primary_key?: string[];
  checks: Record<string, unknown>[];
}

const SOURCES: Source[] = [
  {
    id: 'seattle_weather',
    file: 'seattle-weather.csv',
    columns: [['date', 'date'], ['precipitation', 'number'], ['temp_max', 'number'], ['temp_min', 'number'], ['wind', 'number'], ['weather', 'string']],
    primary_key: ['date'],
    checks: [
      { type: 'row_count', min: 1000 },
      { type: 'unique', column: 'date' },
      { type: 'range', column: 'temp_max', min: -5, max: 35 },
      { type: 'range', column: 'date', min: '2012-01-01', max: '2015-06-30' },
      { type: 'accepted_values', column: 'weather', values: ['drizzle', 'rain', 'sun', 'snow'] },
      { type: 'column_pair', a: 'temp_max', op: '>=', b: 'temp_min' },
      { type: 'aggregate', column: 'precipitation', metric: 'median', max: 1 },
      { type: 'aggregate', column: 'wind', metric: 'quantile', q: 0.9, max: 10 },
      { type: 'aggregate', column: 'temp_min', metric: 'stddev', max: 10 },
      { type: 'aggregate', column: 'temp_max', metric: 'mean', min: 10 },
      { type: 'aggregate', column: 'weather', metric: 'most_common_value', values: ['sun'] },
      { type: 'aggregate', column: 'date', metric: 'max', max: '2015-12-31' },
      { type: 'freshness', column: 'date', max_age_hours: 24 },
      { type: 'regex', column: 'weather', pattern: '^(rain|sun)$' },
    ],
  },
  {
    id: 'movies',
    file: 'movies.json',
    columns: [
      ['Title', 'string'], ['US Gross', 'integer'], ['Worldwide Gross', 'integer'], ['US DVD Sales', 'integer'], ['Production Budget', 'integer'],
      ['Release Date', 'string'], ['MPAA Rating', 'string'], ['Running Time min', 'integer'], ['Distributor', 'string'], ['Source', 'string'],
      ['Major Genre', 'string'], ['Creative Type', 'string'], ['Director', 'string'], ['Rotten Tomatoes Rating', 'integer'], ['IMDB Rating', 'number'], ['IMDB Votes', 'integer'],
    ],
    // Title holds text and a few numbers (1776, 2012): DuckDB's reader types it JSON.
    declared: { Title: { type: 'string' } },
    checks: [
      { type: 'regex', column: 'Title', pattern: '^[A-Za-z]' },
      { type: 'regex', column: 'Title', pattern: '\\bthe\\b', ignore_case: true, name: 'title says the' },
      { type: 'like', column: 'Title', pattern: 'The %' },
      { type: 'length', column: 'Title', max: 40 },
      { type: 'unique', column: 'Title' },
      { type: 'accepted_values', column: 'Title', values: [1776, 'Avatar'], name: 'numbers in a text column' },
      { type: 'accepted_values', column: 'MPAA Rating', values: ['G', 'PG', 'PG-13', 'R'] },
      { type: 'not_in_set', column: 'Source', values: ['Disney Ride'] },
      { type: 'parseable_date', column: 'Release Date', format: '%b %d %Y' },
      { type: 'parseable_date', column: 'Release Date', name: 'release date, any form' },
      { type: 'range', column: 'IMDB Rating', min: 1, max: 9 },
      { type: 'not_null', column: 'Director', mostly: 0.5 },
      { type: 'column_pair', a: 'Worldwide Gross', op: '>=', b: 'US Gross' },
      { type: 'duplicate_rows', columns: ['Title', 'Release Date'] },
      { type: 'aggregate', column: 'IMDB Votes', metric: 'median', max: 20000 },
      { type: 'aggregate', column: 'Production Budget', metric: 'quantile', q: 0.9, max: 1e8 },
      { type: 'aggregate', column: 'US Gross', metric: 'stddev', max: 1e8 },
      { type: 'aggregate', column: 'Major Genre', metric: 'distinct_count', max: 20 },
      { type: 'aggregate', column: 'Title', metric: 'proportion_unique', min: 0.99 },
      { type: 'aggregate', column: 'Title', metric: 'most_common_value', values: ['Dracula'], ties_okay: true },
      { type: 'aggregate', column: 'Rotten Tomatoes Rating', metric: 'sum', min: 0 },
    ],
  },
  {
    id: 'penguins',
    file: 'penguins.json',
    columns: [['Species', 'string'], ['Island', 'string'], ['Beak Length (mm)', 'number'], ['Beak Depth (mm)', 'number'], ['Flipper Length (mm)', 'integer'], ['Body Mass (g)', 'integer'], ['Sex', 'string']],
    checks: [
      { type: 'accepted_values', column: 'Sex', values: ['MALE', 'FEMALE'] },
      { type: 'not_null', column: 'Beak Length (mm)' },
      { type: 'regex', column: 'Species', pattern: '^[A-Z][a-z]+$' },
      { type: 'aggregate', column: 'Beak Length (mm)', metric: 'mean', min: 40, max: 50 },
      { type: 'aggregate', column: 'Body Mass (g)', metric: 'median', min: 4000 },
      { type: 'aggregate', column: 'Beak Depth (mm)', metric: 'stddev', max: 2 },
      { type: 'aggregate', column: 'Flipper Length (mm)', metric: 'quantile', q: 0.25, min: 190 },
      { type: 'duplicate_rows', columns: ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)'] },
    ],
  },
  {
    id: 'airports',
    file: 'airports.csv',
    columns: [['iata', 'string'], ['name', 'string'], ['city', 'string'], ['state', 'string'], ['country', 'string'], ['latitude', 'number'], ['longitude', 'number']],
    declared: { iata: { type: 'string' } },
    primary_key: ['iata'],
    checks: [
      { type: 'unique', column: 'iata' },
      { type: 'regex', column: 'iata', pattern: '^[A-Z0-9]{3}$' },
      { type: 'range', column: 'latitude', min: -90, max: 90 },
      { type: 'not_null', column: 'state' },
      { type: 'aggregate', column: 'country', metric: 'most_common_value', values: ['USA'] },
    ],
  },
  {
    id: 'flights',
    file: 'flights-2k.json',
    columns: [['date', 'string'], ['delay', 'integer'], ['distance', 'integer'], ['origin', 'string'], ['destination', 'string']],
    checks: [
      { type: 'parseable_date', column: 'date' },
      { type: 'parseable_date', column: 'date', format: '%Y/%m/%d %H:%M', name: 'date as written' },
      { type: 'regex', column: 'origin', pattern: '^[A-Z]{3}$' },
      { type: 'referential_integrity', column: 'origin', to: { dataset: 'airports', column: 'iata' } },
      { type: 'range', column: 'delay', min: -30, max: 120 },
      { type: 'aggregate', column: 'delay', metric: 'median', max: 0 },
      { type: 'unique', columns: ['date', 'origin', 'destination'] },
    ],
  },
];

/** The rows of a file as plain values of the declared types, for the SQL engines' tables. */
function rowsOf(s: Source): Scalar[][] {
  const records: Record<string, unknown>[] = s.file.endsWith('.csv') ? parse(readFileSync(path.join(DATA, s.file)), { columns: true }) : JSON.parse(readFileSync(path.join(DATA, s.file), 'utf8'));
  return records.map((r) =>
    s.columns.map(([name, type]) => {
      const v = r[name];
      if (v === null || v === undefined || v === '') return null;
      return type === 'integer' || type === 'number' ? Number(v) : String(v);
    }),
  );
}

const specs: TableSpec[] = SOURCES.map((s) => ({ name: s.id, columns: s.columns, rows: rowsOf(s) }));

function datasetFor(s: Source, engine: EngineId, loaded: Loaded): Dataset {
  const where = engine === 'duckdb' ? { path: s.file, ...(s.declared ? { columns: s.declared } : {}) } : { table: loaded.tables[s.id] };
  return datasetSchema.parse({ id: s.id, source: 'diff', ...where, ...(s.primary_key ? { primary_key: s.primary_key } : {}), checks: s.checks });
}

/** Numbers to 12 significant digits; everything else as is. */
const round = (v: unknown): unknown => (typeof v === 'number' ? Number(v.toPrecision(12)) : Array.isArray(v) ? v.map(round) : v);
const checkView = (o: CheckOutcome) => ({ name: o.name, status: o.status, elements: o.elements, unexpected: o.unexpected, observed: round(o.observed), ...(o.status === 'error' ? { message: o.message } : {}) });
const profileView = (p: DatasetProfile, engine: EngineId) =>
  p.columns.map(({ nativeType: _native, ...c }) => ({
    ...c,
    mean: round(c.mean),
    stddev: (engine === 'sqlite' ? c.stddev : round(c.stddev)) as number | null,
    quantiles: round(c.quantiles === null ? null : Object.values(c.quantiles)),
    length: c.length === null ? null : round(Object.values(c.length)),
    pattern: c.pattern === null ? null : [c.pattern.name, round(c.pattern.share)],
    top: c.top.map((t) => [t.value, t.count]),
  }));

const NOW = new Date('2016-01-01T12:00:00Z');
const ENGINES = await Promise.all(ENGINE_IDS.map(async (engine) => ({ engine, skip: await engineSkip(engine) })));
const results = new Map<EngineId, { checks: Map<string, ReturnType<typeof checkView>[]>; profiles: Map<string, ReturnType<typeof profileView>> }>();

async function runEngine(engine: EngineId): Promise<void> {
  const loaded = await loadTables(engine, engine === 'duckdb' ? [] : specs, DATA);
  try {
    const datasets = new Map(SOURCES.map((s) => [s.id, datasetFor(s, engine, loaded)]));
    const checks = new Map<string, ReturnType<typeof checkView>[]>();
    const profiles = new Map<string, ReturnType<typeof profileView>>();
    for (const s of SOURCES) {
      const dataset = datasets.get(s.id) as Dataset;
      const run = await runDataset({ dataset, conn: loaded.conn, resolve: async (id) => (datasets.has(id) ? { dataset: datasets.get(id) as Dataset, conn: loaded.conn } : undefined), now: NOW });
      checks.set(s.id, run.outcomes.map(checkView));
      const relation = await loaded.conn.relation(dataset);
      profiles.set(s.id, profileView(await profileDataset(loaded.conn, s.id, relation, await loaded.conn.columns(relation)), engine));
    }
    results.set(engine, { checks, profiles });
  } finally {
    await loaded.dispose();
  }
}

describe('cross-engine differential suite on vega-datasets', () => {
  beforeAll(async () => {
    for (const { engine, skip } of ENGINES) if (!skip) await runEngine(engine);
  });
  afterAll(() => results.clear());

  it('runs every check on DuckDB without an error, on the files as published', () => {
    const duck = results.get('duckdb');
    for (const s of SOURCES) expect(duck?.checks.get(s.id)?.filter((o) => o.status === 'error'), s.id).toEqual([]);
  });

  it('compares a mixed JSON column as the text of its values, as pandas does (not quoted JSON)', () => {
    const movies = results.get('duckdb')?.checks.get('movies') ?? [];
    // The reference, straight from the file: str(title) of the 3,200 non-null titles (9 are numbers).
    const titles = (JSON.parse(readFileSync(path.join(DATA, 'movies.json'), 'utf8')) as { Title: unknown }[]).map((m) => m.Title).filter((t) => t !== null).map(String);
    expect(titles.length).toBe(3200);
    expect(movies.find((o) => o.name === 'regex(Title)')).toMatchObject({ elements: 3200, unexpected: titles.filter((t) => !/^[A-Za-z]/.test(t)).length });
    expect(movies.find((o) => o.name === 'numbers in a text column')).toMatchObject({ elements: 3200, unexpected: titles.filter((t) => t !== '1776' && t !== 'Avatar').length });
    expect(movies.find((o) => o.name === 'like(Title)')?.unexpected).toBe(titles.filter((t) => !t.startsWith('The ')).length);
  });

  for (const { engine, skip } of ENGINES.filter((e) => e.engine !== 'duckdb')) {
    for (const s of SOURCES) {
      it.skipIf(skip !== '')(`${engine}: the checks of ${s.id} give DuckDB's results`, () => {
        const mine = results.get(engine)?.checks.get(s.id);
        const base = results.get('duckdb')?.checks.get(s.id);
        expect(mine?.length).toBe(s.checks.length);
        mine?.forEach((o, i) => expect(o, o.name).toEqual(base?.[i]));
      });
      it.skipIf(skip !== '')(`${engine}: the profile of ${s.id} is DuckDB's`, () => {
        const mine = results.get(engine)?.profiles.get(s.id) ?? [];
        const base = results.get('duckdb')?.profiles.get(s.id) ?? [];
        expect(mine.map((c) => c.name)).toEqual(base.map((c) => c.name));
        mine.forEach((c, i) => {
          const b = base[i] as (typeof base)[number];
          if (engine === 'sqlite' && c.stddev !== null && b.stddev !== null) {
            expect(Math.abs((c.stddev as number) - (b.stddev as number)) / Math.max(1, Math.abs(b.stddev as number)), `${c.name} stddev`).toBeLessThan(1e-9);
            expect({ ...c, stddev: 0 }, c.name).toEqual({ ...b, stddev: 0 });
          } else expect(c, c.name).toEqual(b);
        });
      });
    }
  }
});
