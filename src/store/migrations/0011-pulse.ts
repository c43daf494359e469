// The pulse survey of a deployed use case's users (src/pulse, docs/usage.md "Pulse").
// pulse_surveys: one per use case and period (a month or quarter); answers are accepted until
//   closes_at (the period's end) or closed_at, whichever comes first.
// pulse_links: the department a pulse invitation (migration 0010's invitations, scope kind
//   `pulse`) was made for, so answers can be broken down by department; no name, no address.
// pulse_responses: one row per answer, append-only. It carries no invitation id, no user and no
//   timestamp of its own (the id is random), so an answer cannot be joined back to the link it
//   came through; the four levels are checked in the database as well.
import { sql, type Kysely } from 'kysely';
import { appendOnly, refuseReplace, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('pulse_surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addUniqueConstraint('pulse_surveys_once_per_period', ['use_case_id', 'period'])
    .execute();

  await db.schema
    .createTable('pulse_links')
    .addColumn('invitation_id', 'text', (c) => c.primaryKey().references('invitations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull().references('pulse_surveys.id'))
    .addColumn('department', 'text')
    .execute();

  const level = (name: string) => sql`${sql.id(name)} between 1 and 5`;
  await db.schema
    .createTable('pulse_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('pulse_surveys.id'))
    .addColumn('department', 'text')
    .addColumn('quality', 'integer', (c) => c.notNull().check(level('quality')))
    .addColumn('effort', 'integer', (c) => c.notNull().check(level('effort')))
    .addColumn('speed', 'integer', (c) => c.notNull().check(level('speed')))
    .addColumn('productivity', 'integer', (c) => c.notNull().check(level('productivity')))
    .execute();
  await db.schema.createIndex('pulse_responses_survey').on('pulse_responses').column('survey_id').execute();
  await appendOnly(db, 'pulse_responses', dialect);
  if (dialect === 'sqlite') await refuseReplace(db, 'pulse_responses', [['id']]);
}
