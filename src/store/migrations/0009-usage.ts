// Usage after go-live: aggregates of the AI services' telemetry, never raw spans.
// usage_days: one row per use case and UTC day, merged in place as batches arrive.
// usage_seen_batches: a fingerprint of every counted batch (SHA-256 of its spans' sorted trace
//   and span ids), so a retried export is not counted twice; it says nothing about anyone.
// usage_unattributed / usage_rejections: what no use case claimed and what was refused, by day.
// usage_settings: the pseudonymisation key, generated once per store.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('usage_days')
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('output_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cached_input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
    // double precision in both: PostgreSQL's `real` is 4 bytes, too coarse for money summed over a day.
    .addColumn('cost', 'double precision', (c) => c.notNull())
    .addColumn('unpriced_requests', 'bigint', (c) => c.notNull())
    .addColumn('users', 'text', (c) => c.notNull())
    .addColumn('departments', 'text', (c) => c.notNull())
    .addColumn('models', 'text', (c) => c.notNull())
    .addColumn('latency_sketch', 'text', (c) => c.notNull())
    .addColumn('ttft_sketch', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_days_pk', ['use_case_id', 'day'])
    .execute();
  await db.schema.createIndex('usage_days_day').on('usage_days').column('day').execute();
  // One row per batch, not per span: a key per span meant 512 random B-tree inserts per batch,
  // which cost more than all the rest of ingest together (npm run bench:ingest).
  await db.schema
    .createTable('usage_seen_batches')
    .addColumn('batch_key', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('spans', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('usage_unattributed')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_unattributed_pk', ['day', 'service_name'])
    .execute();
  await db.schema
    .createTable('usage_rejections')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('spans', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_rejections_pk', ['day', 'reason'])
    .execute();
  await db.schema
    .createTable('usage_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
