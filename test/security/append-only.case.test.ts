// The store's append-only tables refuse every rewrite, whoever sends it: each statement a
// person with a SQL prompt on the store would try (UPDATE, DELETE, REPLACE, upserts on every
// key, MERGE, TRUNCATE) runs as raw SQL against each table, on SQLite and PostgreSQL, and the
// table is read back afterwards: the error alone proves nothing, the unchanged rows do.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { describeEachStore } from '../support/store-suite.js';

type Value = string | number | null;
type Row = Record<string, Value>;
interface TableSpec {
  /** Whether the table has an identity `seq` key the store assigns. */
  seq: boolean;
  /** Every unique key besides `seq` (which is one when `seq` is true). */
  keys: string[][];
  row: Row;
  /** Rows the table's foreign keys need, written first. */
  parents?: [string, Row][];
  /** Columns a rewrite leaves as they are (a foreign key, a value a CHECK constraint bounds). */
  keep?: string[];
}

const T = '2026-01-01T00:00:00.000Z';
// Written from the migrations and database.ts, not from the code under test, and checked
// against the database below: a new append-only table or key that this list misses fails.
const TABLES: Record<string, TableSpec> = {
  audit_log: { seq: true, keys: [], row: { at: T, actor: 'alice', action: 'definition.created', object_kind: 'use_case', object_id: 'u1', detail: '{}' } },
  definition_versions: {
    seq: false,
    keys: [['kind', 'id', 'version']],
    row: { kind: 'use_case', id: 'u1', version: 1, content_hash: 'h1', body: '{"id":"u1"}', change: 'created', applied_at: T, applied_by: 'alice' },
  },
  evidence: { seq: false, keys: [['id']], row: { id: 'ev_1', use_case_id: 'u1', kind: 'signoff', recorded_at: T, recorded_by: 'alice', source: 'cli', payload: '{}' } },
  gate_decisions: {
    seq: true,
    keys: [['id'], ['use_case_id', 'number']],
    row: { id: 'dec_1', use_case_id: 'u1', number: 1, at: T, actor: 'alice', from_stage: 'idea', to_stage: 'qualified', forced: 0, reason: null, evaluation: '{}' },
  },
  signoffs: {
    seq: true,
    keys: [['id']],
    row: { id: 'sig_1', use_case_id: 'u1', role: 'sponsor', person: 'alice', decision: 'approve', from_stage: 'pilot', to_stage: 'production', note: null, at: T, recorded_by: 'alice', evidence_id: 'ev_1' },
  },
  rubric_answers: { seq: true, keys: [['id']], row: { id: 'rub_1', use_case_id: 'u1', item_id: 'i1', score: 3, note: null, link: null, at: T, recorded_by: 'alice' } },
  kpi_measurements: { seq: false, keys: [['id']], row: { id: 'kpi_1', use_case_id: 'u1', kpi_id: 'k1', at: '2026-01-01', value: 10, source: 'manual', recorded_at: T, recorded_by: 'alice' } },
  pulse_responses: {
    seq: false,
    keys: [['id']],
    parents: [['pulse_surveys', { id: 'ps_1', use_case_id: 'u1', period: '2026-01', opened_at: T, opened_by: 'alice', closes_at: T }]],
    keep: ['survey_id', 'quality', 'effort', 'speed', 'productivity'],
    row: { id: 'pr_1', survey_id: 'ps_1', department: 'Sales', quality: 3, effort: 4, speed: 2, productivity: 5 },
  },
  comments: { seq: false, keys: [['id']], row: { id: 'cm_1', use_case_id: 'u1', author: 'alice', body: 'Looks ready, @bob', created_at: T } },
  comment_mentions: { seq: false, keys: [['comment_id', 'username']], row: { comment_id: 'cm_1', username: 'bob', use_case_id: 'u1' } },
  funding_decisions: { seq: true, keys: [['id']], row: { id: 'fund_1', scenario_id: 'scn_1', scenario_name: 'Base', at: T, actor: 'alice', plan: '{}' } },
  bench_runs: {
    seq: false,
    keys: [['id']],
    row: { id: 'bench_1', use_case_id: 'u1', started_at: T, finished_at: T, url: 'http://model', api: 'openai', mode: 'closed', status: 'ok', slo_met: 1, recorded_by: 'alice', result: '{}' },
  },
};

const allKeys = (spec: TableSpec): string[][] => (spec.seq ? [['seq'], ...spec.keys] : spec.keys);
const changed = (v: Value): Value => (typeof v === 'number' ? v + 1000 : `forged-${v ?? ''}`);
const fresh = (v: Value, n = 1): Value => (typeof v === 'number' ? v + 500 * n : `${v ?? ''}-other${n}`);
const firstTextColumn = (spec: TableSpec, key: string[]): string =>
  Object.keys(spec.row).find((c) => typeof spec.row[c] === 'string' && !key.includes(c) && !spec.keys.flat().includes(c) && !spec.keep?.includes(c)) as string;

/** A row that collides with `original` on `key` only: other keys fresh, every other column changed. */
function collidingRow(spec: TableSpec, original: Row, key: string[]): Row {
  const out: Row = {};
  const otherKeyColumns = new Set(allKeys(spec).filter((k) => k !== key).flat());
  for (const [c, v] of Object.entries(spec.row)) out[c] = key.includes(c) || spec.keep?.includes(c) ? v : otherKeyColumns.has(c) ? fresh(v) : changed(v);
  if (key.includes('seq')) out.seq = original.seq as Value;
  return out;
}

function insertSql(table: string, row: Row, verb: string, dialect: Store['dialect'], tail: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  const cols = Object.keys(row);
  // PostgreSQL refuses an explicit value for a GENERATED ALWAYS identity without this clause.
  const override = dialect === 'postgres' && 'seq' in row ? sql.raw(' overriding system value') : sql``;
  return sql`${sql.raw(verb)} ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})${override} values (${sql.join(cols.map((c) => row[c]))}) ${tail}`;
}

function rewrites(table: string, spec: TableSpec, original: Row, dialect: Store['dialect']): [string, RawBuilder<unknown>][] {
  const t = sql.table(table);
  const [pk] = allKeys(spec) as [string[]];
  const whereKey = sql.join(pk.map((c) => sql`${sql.ref(c)} = ${original[c] as Value}`), sql` and `);
  const col = firstTextColumn(spec, pk);
  const out: [string, RawBuilder<unknown>][] = [
    ['update all rows', sql`update ${t} set ${sql.ref(col)} = 'forged'`],
    ['update by key', sql`update ${t} set ${sql.ref(col)} = 'forged' where ${whereKey}`],
    ['delete all rows', sql`delete from ${t}`],
    ['delete by key', sql`delete from ${t} where ${whereKey}`],
  ];
  for (const key of allKeys(spec)) {
    const row = collidingRow(spec, original, key);
    const set = sql.join(Object.keys(spec.row).filter((c) => !key.includes(c)).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    out.push([`upsert on (${key.join(', ')})`, insertSql(table, row, 'insert into', dialect, sql`on conflict (${sql.join(key.map((c) => sql.ref(c)))}) do update set ${set}`)]);
    if (dialect === 'sqlite') {
      out.push([`insert or replace on (${key.join(', ')})`, insertSql(table, row, 'insert or replace into', dialect)]);
      out.push([`replace into on (${key.join(', ')})`, insertSql(table, row, 'replace into', dialect)]);
    }
  }
  if (dialect === 'sqlite') out.push(['update or replace', sql`update or replace ${t} set ${sql.ref(col)} = 'forged' where ${whereKey}`]);
  if (dialect === 'postgres') {
    out.push(['truncate', sql`truncate ${t}`]);
    out.push(['merge update', sql`merge into ${t} using (select 1 as one) s on true when matched then update set ${sql.ref(col)} = 'forged'`]);
    out.push(['merge delete', sql`merge into ${t} using (select 1 as one) s on true when matched then delete`]);
  }
  return out;
}

const readAll = async (db: Kysely<unknown>, table: string) => (await sql<Row>`select * from ${sql.table(table)} order by 1`.execute(db)).rows;

async function seed(store: Store, table: string, spec: TableSpec): Promise<Row> {
  const db = store.db as unknown as Kysely<unknown>;
  for (const [parent, row] of spec.parents ?? []) {
    const present = (await sql<Row>`select * from ${sql.table(parent)} where id = ${row.id as Value}`.execute(db)).rows.length > 0;
    if (!present) await insertSql(parent, row, 'insert into', store.dialect).execute(db);
  }
  await insertSql(table, spec.row, 'insert into', store.dialect).execute(db);
  const rows = await readAll(db, table);
  expect(rows).toHaveLength(1);
  return rows[0] as Row;
}

describeEachStore('append-only tables', (open) => {
  for (const [table, spec] of Object.entries(TABLES)) {
    it(`${table} refuses every rewrite and stays as written`, async ({ skip }) => {
      const store = await open(skip);
      const db = store.db as unknown as Kysely<unknown>;
      const original = await seed(store, table, spec);
      const attacks = rewrites(table, spec, original, store.dialect);
      expect(attacks.length).toBeGreaterThanOrEqual(store.dialect === 'sqlite' ? 7 : 8);
      for (const [label, statement] of attacks) {
        await expect(statement.execute(db), `${table}: ${label}`).rejects.toThrow(/append-only/);
        expect(await readAll(db, table), `${table} after ${label}`).toEqual([original]);
      }
    });
  }

  it('still takes ordinary appends, and a forged negative seq cannot block them', async ({ skip }) => {
    const store = await open(skip);
    const db = store.db as unknown as Kysely<unknown>;
    for (const [table, spec] of Object.entries(TABLES)) {
      const original = await seed(store, table, spec);
      if (spec.seq) {
        // On SQLite a store-assigned seq reads as -1 before the insert; a row that owned -1
        // would make every later append look like a key collision. Refused or harmless, the
        // append below must work either way.
        await insertSql(table, { ...collidingRow(spec, original, ['seq']), seq: -1 }, 'insert into', store.dialect).execute(db).catch(() => undefined);
      }
      const second = Object.fromEntries(Object.entries(spec.row).map(([c, v]) => [c, spec.keys.flat().includes(c) ? fresh(v, 2) : v]));
      await insertSql(table, second, 'insert into', store.dialect).execute(db);
      // PostgreSQL has no such ambiguity and may keep the forged row; it is an append too.
      const rows = (await readAll(db, table)).filter((r) => !spec.seq || Number(r.seq) > 0);
      expect(rows, table).toHaveLength(2);
      expect(rows[0], table).toEqual(original);
    }
  });

  it('covers every append-only table and every key the database has', async ({ skip }) => {
    const store = await open(skip);
    const db = store.db as unknown as Kysely<unknown>;
    const guarded =
      store.dialect === 'sqlite'
        ? (await sql<{ t: string }>`select tbl_name as t from sqlite_master where type = 'trigger' and name like '%\_no\_update' escape '\\'`.execute(db)).rows
        : (await sql<{ t: string }>`select distinct event_object_table as t from information_schema.triggers where trigger_schema = current_schema() and trigger_name like '%\_append\_only'`.execute(db)).rows;
    expect(guarded.map((r) => r.t).sort()).toEqual(Object.keys(TABLES).sort());
    for (const [table, spec] of Object.entries(TABLES)) {
      const keys = await uniqueKeys(store, table);
      expect(keys.sort(), table).toEqual(allKeys(spec).map((k) => k.join(',')).sort());
    }
  });
});

/** The primary and unique keys of a table, each as "col1,col2", read from the catalogue. */
async function uniqueKeys(store: Store, table: string): Promise<string[]> {
  const db = store.db as unknown as Kysely<unknown>;
  if (store.dialect === 'postgres') {
    const r = await sql<{ cols: string }>`select string_agg(a.attname, ',' order by k.ord) as cols
      from pg_index i cross join unnest(i.indkey) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = ${`"${table}"`}::regclass and i.indisunique group by i.indexrelid`.execute(db);
    return r.rows.map((x) => x.cols);
  }
  const indexes = await sql<{ cols: string }>`select (select group_concat(name, ',') from (select name from pragma_index_info(il.name) order by seqno)) as cols
    from pragma_index_list(${table}) il where il."unique" = 1`.execute(db);
  // An INTEGER PRIMARY KEY is the rowid itself, not an index.
  const rowid = await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk = 1 and upper(type) = 'INTEGER'`.execute(db);
  return [...indexes.rows.map((x) => x.cols), ...rowid.rows.map((x) => x.name)];
}
