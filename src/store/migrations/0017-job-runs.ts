// Scheduled jobs (docs/jobs.md): one row per run of a job kind on a target at one scheduled
// tick (or one "run now" request), updated as its attempts go. The unique key
// (kind, target, scheduled_for, trigger) is what makes a tick run once on a SQLite store,
// where the in-process runner claims rows itself; on PostgreSQL pg-boss does the queueing
// and this table is the history the API and the dashboard read.
// Not append-only: a run's status changes while it runs and retries.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addColumn('summary', 'text')
    .addColumn('worker', 'text')
    .addUniqueConstraint('job_runs_tick', ['kind', 'target', 'scheduled_for', 'trigger'])
    .execute();
  await db.schema.createIndex('job_runs_recent').on('job_runs').columns(['scheduled_for']).execute();
  await db.schema.createIndex('job_runs_due').on('job_runs').columns(['status', 'next_attempt_at']).execute();
}
