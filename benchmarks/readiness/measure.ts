// One measurement, in its own process (spawned by bench.ts), so its peak memory (maxRSS,
// which includes DuckDB's native allocations) belongs to that measurement alone.
// Usage: tsx measure.ts TASK '{"file": ..., "table": ..., "pgUrl": ..., "suite": ..., "customers": ...}'; prints one JSON line.
import { DuckDBInstance } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { datasetSchema, type Dataset } from '../../src/domain/dataset.js';
import type { Source } from '../../src/domain/source.js';
import { readEnv } from '../../src/env.js';
import { profileDataset } from '../../src/readiness/profile.js';
import { runChecks } from '../../src/readiness/run-checks.js';
import { SourceConnections } from '../../src/readiness/source-connections.js';
import { floorProfile } from './floor-profile.js';
import { floorMetadataScanSql, floorMixedSql, METADATA_CHECKS, MIXED_CHECKS } from './mixed-suite.js';
import { floorChecksSql, SUITE_CHECKS } from './suite.js';

interface Args {
  file?: string;
  table?: string;
  pgUrl?: string;
  /** The customers file of the mixed suite. */
  customers?: string;
  suite?: 'checks' | 'mixed' | 'metadata';
}

type Task = (a: Args) => Promise<Record<string, unknown>>;

const fileReader = (file: string) => (file.endsWith('.csv') ? `read_csv('${file}', header = true, delim = ',')` : `read_parquet('${file}')`);

const CHECKS = { checks: SUITE_CHECKS, mixed: MIXED_CHECKS, metadata: METADATA_CHECKS };

function workspace(a: Args): { sources: Source[]; datasets: Dataset[]; root: string } {
  const source: Source = a.pgUrl ? { id: 'bench', kind: 'postgres', connection: '${env:BENCH_PG_URL}' } : { id: 'bench', kind: 'files', root: '/' };
  const where = a.pgUrl ? { table: a.table } : { path: a.file };
  const dataset = datasetSchema.parse({ id: 'orders', source: 'bench', ...where, checks: CHECKS[a.suite ?? 'checks'] });
  const customers = a.customers ? [datasetSchema.parse({ id: 'customers', source: 'bench', path: a.customers })] : [];
  return { root: '/', sources: [source], datasets: [dataset, ...customers] };
}

async function withConnections<T>(a: Args, fn: (c: SourceConnections, ws: ReturnType<typeof workspace>) => Promise<T>): Promise<T> {
  const ws = workspace(a);
  const connections = new SourceConnections(ws, { BENCH_PG_URL: a.pgUrl }, { duckdbMemoryLimit: readEnv().TRACTION_DUCKDB_MEMORY_LIMIT });
  try {
    return await fn(connections, ws);
  } finally {
    await connections.closeAll();
  }
}

async function duckdbQuery(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const clock = () => ({ wall: process.hrtime.bigint(), cpu: process.cpuUsage() });
/** Wall and CPU milliseconds (every thread of the process, DuckDB's included) since `start`. */
function since(start: ReturnType<typeof clock>): { answerMs: number; answerCpuMs: number } {
  const cpu = process.cpuUsage(start.cpu);
  return { answerMs: Number(process.hrtime.bigint() - start.wall) / 1e6, answerCpuMs: (cpu.user + cpu.system) / 1000 };
}

const TASKS: Record<string, Task> = {
  'traction-checks': (a) =>
    withConnections(a, async (connections, ws) => {
      const [run] = await runChecks({ workspace: ws, datasetIds: ['orders'], connections, now: new Date() });
      const errors = run?.outcomes.filter((o) => o.status === 'error').map((o) => `${o.name}: ${o.message}`) ?? [];
      if (errors.length) throw new Error(errors.join('\n'));
      return { queries: run?.queries, outcomes: run?.outcomes.map((o) => ({ name: o.name, unexpected: o.unexpected, observed: o.observed, source: o.source })) };
    }),
  'traction-profile': (a) =>
    withConnections(a, async (connections, ws) => {
      const conn = await connections.get('bench');
      const relation = await conn.relation(ws.datasets[0] as Dataset);
      const profile = await profileDataset(conn, 'orders', relation, await conn.columns(relation));
      return { rows: profile.rows, columns: profile.columns.map((c) => ({ name: c.name, nulls: c.nulls, distinct: c.distinct, top: c.top[0] })) };
    }),
  'floor-mixed': async (a) => ({ row: (await duckdbQuery(floorMixedSql(fileReader(a.file as string), fileReader(a.customers as string))))[0] }),
  'floor-mixed-every-column': async (a) => ({ row: (await duckdbQuery(floorMixedSql(fileReader(a.file as string), fileReader(a.customers as string), false, true)))[0] }),
  'floor-mixed-table': async (a) => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // With the read buffer Traction's load states (connectors/duckdb/connection.ts), which makes a load cheaper.
      const load = (file: string) => fileReader(file).replace(/\)$/, ', buffer_size = 33554432)');
      await c.run(`create table orders_t as select * from ${load(a.file as string)}`);
      await c.run(`create table customers_t as select * from ${load(a.customers as string)}`);
      return { row: (await c.runAndReadAll(floorMixedSql('orders_t', 'customers_t', true))).getRowObjectsJS()[0] };
    } finally {
      c.closeSync();
      db.closeSync();
    }
  },
  // The metadata suite's two sides, timed inside the process once the engine is open (its
  // start-up is the same for both and would hide the difference): answerMs.
  'traction-metadata': (a) =>
    withConnections(a, async (connections, ws) => {
      await connections.get('bench');
      const started = clock();
      const [run] = await runChecks({ workspace: ws, datasetIds: ['orders'], connections, now: new Date() });
      return { ...since(started), queries: run?.queries, outcomes: run?.outcomes.map((o) => ({ name: o.name, unexpected: o.unexpected, observed: o.observed, source: o.source })) };
    }),
  'floor-scan': async (a) => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const started = clock();
      const row = (await c.runAndReadAll(floorMetadataScanSql(fileReader(a.file as string)))).getRowObjectsJS()[0];
      return { ...since(started), row };
    } finally {
      c.closeSync();
      db.closeSync();
    }
  },
  'floor-checks': async (a) => ({ row: (await (a.pgUrl ? pgQuery(a.pgUrl, floorChecksSql(a.table as string, 'postgres')) : duckdbQuery(floorChecksSql(fileReader(a.file as string), 'duckdb'))))[0] }),
  'floor-profile': async (a) => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      return { columns: await floorProfile(c, fileReader(a.file as string), path.join(tmpdir(), `floor-copy-${process.pid}.parquet`)) };
    } finally {
      c.closeSync();
      db.closeSync();
    }
  },
};

const [task, json] = process.argv.slice(2);
const fn = TASKS[task ?? ''];
if (!fn) {
  console.error(`unknown task ${task}; one of ${Object.keys(TASKS).join(', ')}`);
  process.exit(2);
}
const startUsage = process.resourceUsage(); // CPU spent loading modules is not the task's
const started = process.hrtime.bigint();
const result = await fn(JSON.parse(json ?? '{}') as Args);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime - startUsage.userCPUTime - startUsage.systemCPUTime) / 1000;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssMb: usage.maxRSS / 1024, result }, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
