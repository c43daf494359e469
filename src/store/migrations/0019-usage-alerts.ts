// Usage alerts (docs/notifications.md, "Usage alerts"): what was alerted, so a flag is told
// once when it is raised and not again every run while it stays raised.
// usage_alerts: one row per (use case, flag, period); period is the month for over_budget and
//   '' for the other flags. cleared_at is null while the flag is raised; a flag without a
//   period that is raised again after clearing reuses its row (cleared_at back to null, a new
//   raised_at and event_id). event_id: the outbox event (notification_events) that told it,
//   written in the same transaction as the event.
// Not append-only: a row's cleared_at changes as the flag clears and returns.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('usage_alerts')
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('flag', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'text')
    .addColumn('event_id', 'text')
    .addPrimaryKeyConstraint('usage_alerts_pk', ['use_case_id', 'flag', 'period'])
    .execute();
}
