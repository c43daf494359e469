// Funding (docs/roadmap.md "Scenarios and funding").
// roadmap_scenarios: named roadmap inputs (budget per quarter, quarters, use cases forced in or
//   out), kept side by side; edited and deleted freely (they are drafts, not decisions).
// funding_decisions: one row per committed scenario: who, when, the scenario as it stood and the
//   plan it gave. Append-only: a new commitment supersedes, never rewrites, the one before.
import type { Kysely } from 'kysely';
import { appendOnly, autoIncrementColumn, refuseReplace, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('roadmap_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await autoIncrementColumn(db.schema.createTable('funding_decisions'), 'seq', dialect)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('scenario_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .execute();
  await appendOnly(db, 'funding_decisions', dialect);
  if (dialect === 'sqlite') await refuseReplace(db, 'funding_decisions', [['seq'], ['id']]);
}
