// Readiness runs: one row per run, every check result, every metric (the history anomaly
// detection reads) and the scores per dataset and use case. Written in one transaction.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('readiness_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('datasets', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('readiness_results')
    .addColumn('run_id', 'text', (c) => c.notNull().references('readiness_runs.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('check_name', 'text', (c) => c.notNull())
    .addColumn('check_type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('observed', 'text', (c) => c.notNull())
    .addColumn('elements', 'double precision')
    .addColumn('unexpected', 'double precision')
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_results_pk', ['run_id', 'dataset_id', 'check_name'])
    .execute();
  await db.schema
    .createTable('readiness_metrics')
    .addColumn('run_id', 'text', (c) => c.notNull().references('readiness_runs.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('measured_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_metrics_pk', ['run_id', 'dataset_id', 'metric'])
    .execute();
  await db.schema.createIndex('readiness_metrics_history').on('readiness_metrics').columns(['dataset_id', 'metric', 'measured_at']).execute();
  await db.schema
    .createTable('readiness_scores')
    .addColumn('run_id', 'text', (c) => c.notNull().references('readiness_runs.id'))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('dimensions', 'text', (c) => c.notNull())
    .addColumn('lost', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_scores_pk', ['run_id', 'subject_kind', 'subject_id'])
    .execute();
}
