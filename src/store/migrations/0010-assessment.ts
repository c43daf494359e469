// The AI-readiness assessment and the one-time invitation links.
// invitations: generic (scope kind + id: an assessment round, a pulse survey); only the
//   SHA-256 of a token is kept, so the table leaks no usable link. Single use: `used_at` is
//   set by one conditional UPDATE, in the same transaction as what the link was used for.
// assessment_rounds: a round with the questionnaire it was opened with (a snapshot, so a
//   later edit of the workspace's questionnaire never changes an old round's results).
// assessment_responses / assessment_answers: one response per respondent and round, one
//   answer per item and response (the keys refuse a second one).
// assessment_tasks: what a gap report's recommended action became (a task, or a use case).
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, _dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_scope').on('invitations').columns(['scope_kind', 'scope_id']).execute();

  await db.schema
    .createTable('assessment_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('questionnaire', 'text', (c) => c.notNull())
    .addColumn('questionnaire_hash', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();

  await db.schema
    .createTable('assessment_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('respondent_kind', 'text', (c) => c.notNull())
    .addColumn('respondent', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_responses_once', ['round_id', 'respondent_kind', 'respondent'])
    .execute();

  await db.schema
    .createTable('assessment_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('assessment_responses.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addPrimaryKeyConstraint('assessment_answers_pk', ['response_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('assessment_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('assessment_rounds.id'))
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('pillar_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('use_case_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .execute();
}
