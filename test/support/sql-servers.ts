// Set-up access to the local PostgreSQL and MariaDB for tests of the contained source
// connections: those run only guarded, read-only SELECTs, so tables are created and filled
// through a separate admin client here. Availability follows databases.ts: outside CI a
// missing server makes its tests skip with the reason; under CI=true it is a failure.
import mysql from 'mysql2/promise';
import pg from 'pg';
import { IN_CI, MYSQL_URL, PG_URL, postgresAvailable } from './databases.js';

let myAvailable: boolean | undefined;

/** Whether MariaDB/MySQL answers; throws under CI when it does not. */
export async function mysqlAvailable(): Promise<boolean> {
  if (myAvailable !== undefined) return myAvailable;
  try {
    const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 2000 });
    await c.end();
    myAvailable = true;
  } catch (e) {
    if (IN_CI) throw new Error(`MariaDB is required under CI but ${MYSQL_URL} did not answer: ${(e as Error).message}`);
    console.warn(`skipping MariaDB tests: ${MYSQL_URL} did not answer (${(e as Error).message})`);
    myAvailable = false;
  }
  return myAvailable;
}

export { postgresAvailable };

/** Why the server's tests are skipped here, or '' when it answers (never skipped under CI). */
export async function skipReason(engine: 'postgres' | 'mysql'): Promise<string> {
  if (engine === 'postgres') return (await postgresAvailable()) ? '' : `PostgreSQL at ${PG_URL} did not answer`;
  return (await mysqlAvailable()) ? '' : `MariaDB at ${MYSQL_URL} did not answer`;
}

export interface Admin {
  exec(sql: string): Promise<unknown>;
  /** Rows of a SELECT, to observe what an attack did (or did not) change. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A plain PostgreSQL client with the test user's full rights (set-up, clean-up, observation). */
export async function postgresAdmin(url = PG_URL): Promise<Admin> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  return {
    exec: (sql) => client.query(sql),
    rows: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/** A plain MariaDB connection with the test user's full rights (set-up, clean-up, observation). */
export async function mysqlAdmin(url = MYSQL_URL): Promise<Admin> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  return {
    exec: (sql) => conn.query(sql),
    rows: async (sql) => (await conn.query(sql))[0] as Record<string, unknown>[],
    close: () => conn.end(),
  };
}
