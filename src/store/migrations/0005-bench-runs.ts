// Bench runs: every `traction bench run` recorded against a store, whole result as JSON.
// Append-only like evidence: a run is a fact.
import type { Kysely } from 'kysely';
import { appendOnly, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('bench_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_case_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('api', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('slo_met', 'integer')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bench_runs_use_case').on('bench_runs').columns(['use_case_id', 'started_at']).execute();
  await appendOnly(db, 'bench_runs', dialect);
}
