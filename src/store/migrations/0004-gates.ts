// The gates module's records: the decision log, sign-offs and rubric answers. All three are
// append-only in the database itself; a stage change or a withdrawn sign-off is a new row.
import type { Kysely } from 'kysely';
import { appendOnly, autoIncrementColumn, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await autoIncrementColumn(db.schema.createTable('gate_decisions'), 'seq', dialect)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    // Position in the use case's own log. Unique with the use case, so of two concurrent
    // advances from the same stage only one can land.
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('forced', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addUniqueConstraint('gate_decisions_use_case_number', ['use_case_id', 'number'])
    .execute();

  await autoIncrementColumn(db.schema.createTable('signoffs'), 'seq', dialect)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signoffs_use_case').on('signoffs').columns(['use_case_id', 'seq']).execute();

  await autoIncrementColumn(db.schema.createTable('rubric_answers'), 'seq', dialect)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('link', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rubric_answers_use_case').on('rubric_answers').columns(['use_case_id', 'seq']).execute();

  for (const table of ['gate_decisions', 'signoffs', 'rubric_answers']) await appendOnly(db, table, dialect);
}
