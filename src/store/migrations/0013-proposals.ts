// Triage of proposed use cases (src/application/triage.ts, docs/intake.md).
// proposals: one row per use case that came in through the intake form. A use case without a
//   row (applied from files) is accepted by construction; one with a row counts in the ranking,
//   the matrix and the roadmap only once its status is `accepted`. `version` rises with every
//   change, so the store's fingerprint (store-fingerprint.ts) sees a decision.
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('proposals')
    .addColumn('use_case_id', 'text', (c) => c.primaryKey())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('proposed', 'changes_requested', 'accepted', 'rejected', 'merged')`))
    .addColumn('comment', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proposals_author').on('proposals').column('author').execute();
  await db.schema.createIndex('proposals_status').on('proposals').column('status').execute();
}
