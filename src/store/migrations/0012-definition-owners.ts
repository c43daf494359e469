// One owner per definition (docs/workspace.md "Who owns a definition").
// definitions.owner: 'files' (created by `apply`; the workspace files are the truth) or
//   'store' (created through the API or the dashboard; `apply` leaves it alone until
//   `traction pull` writes it into the files, which then own it). Rows before this
//   migration were all written by `apply`, hence the default.
// definitions.pending_*: a file-owned definition edited or archived through the API keeps the
//   version its file had (hash and body) as the base of a pending change, so `apply` can tell
//   "the file did not change" (keep the edit) from "both sides changed" (a conflict), and
//   `pull` knows what to write. Null when nothing is pending.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema.alterTable('definitions').addColumn('owner', 'text', (c) => c.notNull().defaultTo('files')).execute();
  for (const column of ['pending_base_hash', 'pending_base_body', 'pending_since', 'pending_by'])
    await db.schema.alterTable('definitions').addColumn(column, 'text').execute();
}
