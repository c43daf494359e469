// File options of CSV/TSV datasets (delimiter, quote, escape, null values, encoding, header,
// column names, declared types), a column whose type changes after the sniffer's sample, and
// a text file read once per run. Each bug of issue 18 is first reproduced here: a TSV read as
// one column, `NA` counted as a value, a late type change failing the profile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { datasetSchema, type Dataset } from '../../src/domain/dataset.js';
import type { CsvOptions } from '../../src/domain/file-options.js';
import type { Source } from '../../src/domain/source.js';
import { settingBytes } from '../../src/readiness/connectors/duckdb/connection.js';
import { profileDataset } from '../../src/readiness/profile.js';
import { runChecks } from '../../src/readiness/run-checks.js';
import { SourceConnections } from '../../src/readiness/source-connections.js';
import { processTempDir } from '../../src/readiness/temp-files.js';
import { loadWorkspaceFromFiles } from '../../src/workspace/load-workspace.js';
import { formatProblem } from '../../src/workspace/problem.js';

const ROOT = mkdtempSync(path.join(tmpdir(), 'traction-file-options-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const open: SourceConnections[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.closeAll();
});

function connections(datasets: Dataset[], csv?: CsvOptions): SourceConnections {
  const source: Source = { id: 'files', kind: 'files', root: ROOT, ...(csv ? { csv } : {}) };
  const c = new SourceConnections({ root: ROOT, sources: [source] }, {});
  open.push(c);
  return c;
}

const dataset = (fields: Record<string, unknown>) => datasetSchema.parse({ id: 'd', source: 'files', ...fields });

async function rows(d: Dataset, csv?: CsvOptions): Promise<Record<string, unknown>[]> {
  const conn = await connections([d], csv).get('files');
  return conn.query(`select * from ${await conn.relation(d)}`);
}

async function columns(d: Dataset): Promise<{ name: string; type: string }[]> {
  const conn = await connections([d]).get('files');
  return (await conn.columns(await conn.relation(d))).map((c) => ({ name: c.name, type: c.type }));
}

async function check(d: Dataset, csv?: CsvOptions) {
  const c = connections([d], csv);
  const [run] = await runChecks({ workspace: { datasets: [d] }, datasetIds: [d.id], connections: c, now: new Date('2026-01-01') });
  return run as NonNullable<typeof run>;
}

/** Files of this process's temporary folder (DuckDB's spill folder aside). */
const tempFiles = () => (existsSync(processTempDir()) ? readdirSync(processTempDir()).filter((f) => f !== 'spill') : []);

describe('delimiter, quote, escape, header', () => {
  it('reads a .tsv file as tab-separated (it was one column)', async () => {
    writeFileSync(path.join(ROOT, 'people.tsv'), 'id\tname\tcity\n1\tAnna\tBerlin, DE\n2\tBert\tParis\n');
    expect((await columns(dataset({ path: 'people.tsv' }))).map((c) => c.name)).toEqual(['id', 'name', 'city']);
    expect(await rows(dataset({ path: 'people.tsv' }))).toEqual([
      { id: 1, name: 'Anna', city: 'Berlin, DE' },
      { id: 2, name: 'Bert', city: 'Paris' },
    ]);
  });

  it('reads the delimiter of the dataset, else of the source', async () => {
    writeFileSync(path.join(ROOT, 'semi.csv'), 'id;amount\n1;2,5\n2;3\n');
    expect(await rows(dataset({ path: 'semi.csv', csv: { delimiter: ';' } }))).toEqual([
      { id: 1, amount: '2,5' },
      { id: 2, amount: '3' },
    ]);
    expect((await rows(dataset({ path: 'semi.csv' }), { delimiter: ';' })).map((r) => r.id)).toEqual([1, 2]);
    writeFileSync(path.join(ROOT, 'pipe.csv'), 'id|name\n1|Anna\n');
    expect(await rows(dataset({ path: 'pipe.csv', csv: { delimiter: '|' } }), { delimiter: ';' })).toEqual([{ id: 1, name: 'Anna' }]);
  });

  it('reads a quote and an escape character', async () => {
    writeFileSync(path.join(ROOT, 'quoted.csv'), "id,note\n1,'a, b'\n2,'it\\'s'\n");
    expect(await rows(dataset({ path: 'quoted.csv', csv: { quote: "'", escape: '\\' } }))).toEqual([
      { id: 1, note: 'a, b' },
      { id: 2, note: "it's" },
    ]);
  });

  it('reads a file without a header under the given column names', async () => {
    writeFileSync(path.join(ROOT, 'noheader.csv'), '1,Anna\n2,Bert\n');
    expect(await rows(dataset({ path: 'noheader.csv', csv: { header: false, column_names: ['id', 'name'] } }))).toEqual([
      { id: 1, name: 'Anna' },
      { id: 2, name: 'Bert' },
    ]);
    // Without names DuckDB numbers them; the first line is data, not a header.
    expect((await rows(dataset({ path: 'noheader.csv', csv: { header: false } }))).length).toBe(2);
  });

  it('names the line of a ragged row under a wrong delimiter', async () => {
    writeFileSync(path.join(ROOT, 'ragged.csv'), 'id,name\n1,Anna\n2,Bert,extra\n3,Cleo\n');
    const run = await check(dataset({ path: 'ragged.csv', checks: [{ type: 'row_count', min: 1 }] }));
    expect(run.error).toBe(`dataset d: cannot read ${path.join(ROOT, 'ragged.csv')}: line 3: 3 fields where the header has 2 (a wrong delimiter or quote?)`);
    expect(run.error).not.toMatch(/\n/);
  });
});

describe('null values', () => {
  it('counts NA as missing when told (it was counted as a value)', async () => {
    writeFileSync(path.join(ROOT, 'na.csv'), 'id,score\n1,5\n2,NA\n3,\n4,n/a\n');
    const notNull = [{ type: 'not_null', column: 'score' }];
    const plain = await check(dataset({ path: 'na.csv', checks: notNull }));
    expect(plain.outcomes[0]?.unexpected).toBe(1); // only the empty field
    const told = await check(dataset({ path: 'na.csv', csv: { null_values: ['', 'NA', 'n/a'] }, checks: notNull }));
    expect(told.outcomes[0]?.unexpected).toBe(3);
    // With NA read as missing the column is a number column again.
    expect(await columns(dataset({ path: 'na.csv', csv: { null_values: ['', 'NA', 'n/a'] } }))).toContainEqual({ name: 'score', type: 'integer' });
  });
});

/** Bytes of `text` in `encoding`, encoded by Python's codecs (an independent reference). */
function pythonEncoded(text: string, encoding: string): Buffer {
  const r = spawnSync('/usr/bin/python3', ['-c', `import sys; sys.stdout.buffer.write(sys.stdin.read().encode(${JSON.stringify(encoding)}))`], { input: text });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

describe('encodings', () => {
  const text = 'id,name,price\n1,Café Müller,3 €\n2,Žižkov “Ost”,—\n';
  const latin = 'id,name,price\n1,Café Müller,3 ¤\n2,Åsa Ñandú,½\n';
  it.each([
    ['latin1', 'latin-1', latin],
    ['windows-1252', 'cp1252', 'id,name,price\n1,Café Müller,3 €\n2,“Ost” – Nord,…\n'],
    ['utf-16', 'utf-16', text], // Python writes a byte order mark (little-endian here)
    ['utf-16le', 'utf-16-le', text],
    ['utf-16be', 'utf-16-be', text],
    ['utf-16', 'utf-16-be', text, '\ufeff'], // big-endian with its byte order mark
  ])('reads %s (written by Python as %s) as the same text, and leaves no copy', async (encoding, python, content, bom = '') => {
    const file = `enc-${python}-${bom ? 'bom' : 'plain'}.csv`;
    writeFileSync(path.join(ROOT, file), pythonEncoded(bom + content, python));
    const before = tempFiles();
    const got = await rows(dataset({ path: file, csv: { encoding } }));
    const expected = content
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([id, name, price]) => ({ id: Number(id), name, price }));
    expect(got).toEqual(expected);
    expect(tempFiles()).toEqual(before);
  });

  it('refuses bytes that are not valid in the encoding, naming it, and leaves no copy', async () => {
    writeFileSync(path.join(ROOT, 'odd16.csv'), Buffer.from([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00, 0x0a, 0x00, 0x00, 0xd8, 0x0a, 0x00]));
    const before = tempFiles();
    const run = await check(dataset({ path: 'odd16.csv', csv: { encoding: 'utf-16' }, checks: [{ type: 'row_count', min: 1 }] }));
    expect(run.error).toMatch(/^dataset d: cannot read .*odd16\.csv: the file is not valid utf-16/);
    expect(tempFiles()).toEqual(before);
  });

  it('refuses a path outside the source root before transcoding anything', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'traction-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret.csv'), pythonEncoded('id,name\n1,Café\n', 'latin-1'));
      const before = tempFiles();
      const run = await check(dataset({ path: path.relative(ROOT, path.join(outside, 'secret.csv')), csv: { encoding: 'latin1' }, checks: [{ type: 'row_count', min: 1 }] }));
      expect(run.error).toMatch(/^dataset d: path .*; a files source reads only inside its root$/);
      expect(tempFiles()).toEqual(before);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('says what is wrong when a latin-1 file is read as UTF-8', async () => {
    writeFileSync(path.join(ROOT, 'latin-as-utf8.csv'), pythonEncoded('id,name\n1,Café\n', 'latin-1'));
    const run = await check(dataset({ path: 'latin-as-utf8.csv', checks: [{ type: 'row_count', min: 1 }] }));
    expect(run.error).toMatch(/line \d+: .*utf-8/i);
  });
});

describe('declared column types', () => {
  it('keeps the leading zeros of a code declared string and reads a declared date as a date', async () => {
    writeFileSync(path.join(ROOT, 'codes.csv'), 'zip,day\n01067,2024-01-05\n10115,2024-02-29\n');
    const d = dataset({ path: 'codes.csv', columns: { zip: { type: 'string' }, day: { type: 'date' } } });
    expect(await columns(d)).toEqual([
      { name: 'zip', type: 'string' },
      { name: 'day', type: 'date' },
    ]);
    expect((await rows(d)).map((r) => r.zip)).toEqual(['01067', '10115']);
  });

  it('names the line, the column and the value when a declared type does not fit', async () => {
    writeFileSync(path.join(ROOT, 'declared.csv'), 'id,qty\n1,4\n2,5\n3,five\n');
    const run = await check(dataset({ path: 'declared.csv', columns: { qty: { type: 'integer' } }, checks: [{ type: 'row_count', min: 1 }] }));
    expect(run.error).toBe(`dataset d: cannot read ${path.join(ROOT, 'declared.csv')}: line 4: column "qty" is declared integer but holds "five"`);
  });
});

describe('a column whose type changes after the sniffing sample', () => {
  // 30,000 integer codes, then one that is not: DuckDB's sniffer samples 20,480 rows.
  const lines = ['id,code,amount', ...Array.from({ length: 30_000 }, (_, i) => `${i + 1},${1000 + i},${i % 7}.5`), '30001,AB-12,1.5'];
  const file = 'late.csv';
  writeFileSync(path.join(ROOT, file), `${lines.join('\n')}\n`);

  it('is read as text by data check and data profile alike, with every row, and leaves no temporary file', async () => {
    const before = tempFiles();
    const d = dataset({ path: file, checks: [{ type: 'row_count', min: 30_001, max: 30_001 }, { type: 'not_null', column: 'code' }, { type: 'regex', column: 'code', pattern: '^[0-9]+$' }] });
    const run = await check(d);
    expect(run.error).toBeUndefined();
    expect(run.outcomes.map((o) => [o.status, o.unexpected ?? null])).toEqual([
      ['pass', null],
      ['pass', 0],
      ['fail', 1],
    ]);
    const c = connections([d]);
    const conn = await c.get('files');
    const relation = await conn.relation(d);
    const profile = await profileDataset(conn, 'd', relation, await conn.columns(relation));
    expect(profile.rows).toBe(30_001);
    expect(profile.columns.map((col) => [col.name, col.type])).toEqual([
      ['id', 'integer'],
      ['code', 'string'],
      ['amount', 'number'],
    ]);
    expect(profile.columns[1]?.distinct).toBe(30_001);
    expect(tempFiles()).toEqual(before);
  });
});

describe('a text file is read once per run', () => {
  const setUp = async () => {
    writeFileSync(path.join(ROOT, 'orders.csv'), 'order_id,customer_id,amount\n1,C1,10\n2,C2,20\n3,C9,30\n');
    writeFileSync(path.join(ROOT, 'customers.csv'), 'customer_id,name\nC1,Anna\nC2,Bert\n');
    const orders = dataset({
      id: 'orders',
      path: 'orders.csv',
      checks: [
        { type: 'row_count', min: 1 },
        { type: 'unique', column: 'order_id' },
        { type: 'not_null', column: 'amount' },
        { type: 'range', column: 'amount', min: 0, max: 25 },
        { type: 'aggregate', column: 'amount', metric: 'median', min: 0 },
        { type: 'aggregate', column: 'customer_id', metric: 'most_common_value', values: ['C1', 'C2', 'C9'], ties_okay: true },
        { type: 'referential_integrity', column: 'customer_id', to: { dataset: 'customers', column: 'customer_id' } },
        { type: 'custom_sql', sql: 'select * from {dataset} where amount > 25' },
      ],
    });
    const customers = dataset({ id: 'customers', path: 'customers.csv' });
    const c = connections([orders, customers]);
    const conn = await c.get('files');
    const sql: string[] = [];
    const composed: string[][] = [];
    for (const key of ['query', 'queryReadOnly'] as const) {
      const original = conn[key].bind(conn);
      (conn as unknown as Record<string, unknown>)[key] = (s: string) => (sql.push(s), original(s));
    }
    const compose = conn.composed?.bind(conn);
    if (!compose) throw new Error('DuckDB composes statements');
    conn.composed = (ctes: string[], parts: string[]) => (composed.push(ctes), compose(ctes, parts));
    return { orders, customers, c, conn, sql, composed };
  };
  const EXPECTED = [
    ['pass', null],
    ['pass', 0],
    ['pass', 0],
    ['fail', 1],
    ['pass', null],
    ['pass', null],
    ['fail', 1],
    ['fail', 1],
  ];

  it('composes the checks, referential integrity and custom SQL into one statement that reads each file once', async () => {
    const { orders, customers, c, sql, composed } = await setUp();
    const [run] = await runChecks({ workspace: { datasets: [orders, customers] }, datasetIds: ['orders'], connections: c, now: new Date('2026-01-01') });
    expect(run?.outcomes.map((o) => [o.status, o.unexpected ?? null])).toEqual(EXPECTED);
    // One statement, each file read by one CTE; no other query (unique found no duplicate in the scan).
    expect(composed).toHaveLength(1);
    expect(composed[0]?.map((cte) => (/read_csv\('([^']+)'/.exec(cte)?.[1] ?? '').split('/').pop())).toEqual(['orders.csv', 'customers.csv']);
    expect(sql).toEqual([]);
    expect(run?.queries).toBe(1);
  });

  it('with keepTables, runs every query on the table read once, not on the file', async () => {
    const { orders, customers, c, conn, sql, composed } = await setUp();
    const [run] = await runChecks({ workspace: { datasets: [orders, customers] }, datasetIds: ['orders'], connections: c, now: new Date('2026-01-01'), keepTables: true });
    expect(run?.outcomes.map((o) => [o.status, o.unexpected ?? null])).toEqual(EXPECTED);
    expect(composed).toEqual([]);
    expect(sql.length).toBeGreaterThanOrEqual(4);
    expect(sql.filter((s) => /read_csv/i.test(s))).toEqual([]);
    // The files can go away mid-run: the run's copies answer.
    rmSync(path.join(ROOT, 'orders.csv'));
    rmSync(path.join(ROOT, 'customers.csv'));
    const again = await conn.query(`select count(*) as n from ${await conn.relation(orders)} o join ${await conn.relation(customers)} c using (customer_id)`);
    expect(again).toEqual([{ n: 2 }]);
  });

  it('reads a file larger than a quarter of DuckDB\'s memory limit into a table instead (a table is compressed and spills)', async () => {
    // About 20 MB of rows under a 60 MB limit: beyond the quarter (15 MB); the read buffer alone is 32 MB.
    const rows = Array.from({ length: 1_500_000 }, (_, i) => `${i},C${i % 7},${i % 50}`).join('\n');
    writeFileSync(path.join(ROOT, 'big.csv'), `order_id,customer_id,amount\n${rows}\n`);
    const big = dataset({ id: 'big', path: 'big.csv', checks: [{ type: 'row_count', min: 1 }, { type: 'range', column: 'amount', min: 0, max: 40 }] });
    const c = new SourceConnections({ root: ROOT, sources: [{ id: 'files', kind: 'files', root: ROOT }] }, {}, { duckdbMemoryLimit: '60MB' });
    open.push(c);
    const conn = await c.get('files');
    let composedCalls = 0;
    const compose = conn.composed?.bind(conn);
    conn.composed = (ctes: string[], parts: string[]) => (composedCalls++, (compose as NonNullable<typeof compose>)(ctes, parts));
    const [run] = await runChecks({ workspace: { datasets: [big] }, datasetIds: ['big'], connections: c, now: new Date('2026-01-01') });
    expect(composedCalls).toBe(0);
    expect(run?.outcomes.map((o) => [o.status, o.unexpected ?? null])).toEqual([
      ['pass', null],
      ['fail', (1_500_000 / 50) * 9],
    ]);
    expect(settingBytes('953.6 MiB')).toBeCloseTo(953.6 * 1024 ** 2);
    expect(settingBytes('1.0 GB')).toBe(1e9);
    expect(settingBytes('nonsense')).toBe(0);
  });

  it('runs the usual way, naming the check, when custom SQL in the statement fails', async () => {
    const { orders, customers, c, composed } = await setUp();
    const bad = { ...orders, checks: [...orders.checks, { type: 'custom_sql' as const, sql: 'select * from {dataset} where no_such_column > 1' }] } as typeof orders;
    const [run] = await runChecks({ workspace: { datasets: [bad, customers] }, datasetIds: ['orders'], connections: c, now: new Date('2026-01-01') });
    expect(composed).toHaveLength(1);
    expect(run?.outcomes.slice(0, 8).map((o) => [o.status, o.unexpected ?? null])).toEqual(EXPECTED);
    expect(run?.outcomes[8]?.status).toBe('error');
    expect(run?.outcomes[8]?.message).toContain('no_such_column');
  });
});

describe('file options in the YAML', () => {
  const CONFIG = 'organisation: X\ncurrency: EUR\ndiscount_rate: 0.1\nhorizon_months: 36\nstart_quarter: 2027-Q1\nbudget_per_quarter: 100\nteams:\n  - id: data\n    name: Data\n    capacity_person_weeks_per_quarter: 50\n';
  const SOURCE = 'id: files\nkind: files\nroot: data\n';
  const problems = (datasetYaml: string, sourceYaml = SOURCE) =>
    loadWorkspaceFromFiles(
      '/ws',
      new Map([
        ['traction.yaml', CONFIG],
        ['sources/files.yaml', sourceYaml],
        ['datasets/d.yaml', datasetYaml],
      ]),
    ).problems.map(formatProblem);

  it('accepts the options and the usual names of encodings', () => {
    expect(problems('id: d\nsource: files\npath: d.csv\ncsv:\n  delimiter: "\\t"\n  quote: "\'"\n  escape: "\\\\"\n  null_values: ["", NA]\n  encoding: ISO-8859-1\n  header: false\n  column_names: [a, b]\n')).toEqual([]);
    expect(datasetSchema.parse({ id: 'd', source: 'files', path: 'x.csv', csv: { encoding: 'CP1252' } }).csv?.encoding).toBe('windows-1252');
  });

  it('locates a wrong option in the dataset file and in the source file', () => {
    expect(problems('id: d\nsource: files\npath: d.csv\ncsv:\n  encoding: ebcdic\n  delimiter: ""\n  quote: "<>"\n  header: maybe\n  sep: ";"\n')).toEqual([
      'datasets/d.yaml:5:13: csv.encoding: expected one of "utf-8", "latin1", "windows-1252", "utf-16", "utf-16le", "utf-16be", found "ebcdic" (text)',
      expect.stringMatching(/^datasets\/d\.yaml:6:14: csv\.delimiter: delimiter needs at least one character/),
      'datasets/d.yaml:7:10: csv.quote: quote is one character, or "" for none, found "<>" (text)',
      expect.stringMatching(/^datasets\/d\.yaml:8:11: csv\.header: expected boolean/),
      expect.stringMatching(/^datasets\/d\.yaml:9:3: csv\.sep: unknown key "sep"/),
    ]);
    expect(problems('id: d\nsource: files\npath: d.csv\n', `${SOURCE}csv:\n  column_names: [a, a]\n`)).toEqual(['sources/files.yaml:5:17: csv.column_names: column "a" is named twice']);
  });
});
