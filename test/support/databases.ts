// Test access to the local PostgreSQL and MariaDB. On a machine without them, tests that
// need them skip with a reason; under CI=true a missing database is a failure, not a skip.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.js';

export const PG_URL = process.env.TRACTION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.TRACTION_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

let pgAvailable: boolean | undefined;

/** Whether PostgreSQL answers; throws under CI when it does not. */
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    pgAvailable = true;
  } catch (e) {
    if (IN_CI) throw new Error(`PostgreSQL is required under CI but ${PG_URL} did not answer: ${(e as Error).message}`);
    console.warn(`skipping PostgreSQL tests: ${PG_URL} did not answer (${(e as Error).message})`);
    pgAvailable = false;
  } finally {
    await client.end().catch(() => undefined);
  }
  return pgAvailable;
}

export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** Whether this store can run here (false only outside CI). */
  available(): Promise<boolean>;
  /** A new, empty, migrated store and its disposer. */
  create(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export const STORE_FACTORIES: StoreFactory[] = [
  {
    name: 'sqlite',
    available: async () => true,
    async create() {
      const dir = mkdtempSync(path.join(tmpdir(), 'traction-store-'));
      const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'traction.db') });
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async create() {
      const schema = uniqueSchema();
      const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
      return {
        store,
        async dispose() {
          await store.close();
          await dropSchema(schema);
        },
      };
    },
  },
];
