// KPI measurements: append-only, like evidence. A correction is a new row for the same
// date; the most recently recorded value for a date is the current one.
import type { Kysely } from 'kysely';
import { appendOnly, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('kpi_measurements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('kpi_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('kpi_measurements_series').on('kpi_measurements').columns(['use_case_id', 'kpi_id', 'at']).execute();
  await appendOnly(db, 'kpi_measurements', dialect);
}
