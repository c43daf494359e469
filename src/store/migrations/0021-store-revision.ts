// store_revision: one row, two counters the database itself raises in the transaction of every
// write, whoever writes (a replica, the CLI, a hand-written query):
//   content: definitions, evidence, gate decisions and proposals, everything a cached answer
//     (the portfolio, the roadmap, the use-case list) is computed from;
//   access: users, sessions and API tokens, everything a request's principal is read from.
// Each counter has the time of its last raise beside it (content_at, access_at), so a store put
// back from a backup and written again does not repeat an earlier (counter, time) pair.
// A reader that sees a counter unchanged knows nothing it counts has changed since: the server
// asks this one row per request instead of reading the credential and counting tables
// (src/server/request-lookups.ts, src/store/store-fingerprint.ts).
// A table rewritten by a later migration (SQLite rebuilds tables) must call `revised` again.
import { sql, type Kysely } from 'kysely';
import { revised, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('store_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('content', 'bigint', (c) => c.notNull())
    .addColumn('content_at', 'text', (c) => c.notNull())
    .addColumn('access', 'bigint', (c) => c.notNull())
    .addColumn('access_at', 'text', (c) => c.notNull())
    .execute();
  const at = new Date().toISOString();
  await sql`insert into store_revision (id, content, content_at, access, access_at) values (1, 0, ${at}, 0, ${at})`.execute(db);
  for (const table of ['definitions', 'evidence', 'gate_decisions', 'proposals']) await revised(db, table, 'content', dialect);
  for (const table of ['users', 'sessions', 'api_tokens']) await revised(db, table, 'access', dialect);
}
