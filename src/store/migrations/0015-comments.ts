// Comments on use cases, the people they mention, and which mentions each person has read
// (docs/server.md "Inbox").
// comments: append-only. A comment is part of the record people decide on (beside sign-offs
//   and gate decisions), so it is neither edited nor deleted; a correction is a new comment.
// comment_mentions: one row per person a comment names with @username, written with the
//   comment in one transaction; append-only as well.
// (No foreign keys: a mention is written with its comment in one transaction, and the
// append-only triggers must be what refuses a rewrite, not a constraint.)
// mention_reads: that a person has seen a mention in the inbox (read state only, a row once).
import type { Kysely } from 'kysely';
import { appendOnly, refuseReplace, type MigrationDialect } from './migration-helpers.js';

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_use_case').on('comments').columns(['use_case_id', 'created_at']).execute();

  await db.schema
    .createTable('comment_mentions')
    .addColumn('comment_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('use_case_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_mentions_pk', ['comment_id', 'username'])
    .execute();
  await db.schema.createIndex('comment_mentions_username').on('comment_mentions').column('username').execute();

  await db.schema
    .createTable('mention_reads')
    .addColumn('comment_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_reads_pk', ['comment_id', 'username'])
    .execute();

  for (const table of ['comments', 'comment_mentions']) await appendOnly(db, table, dialect);
  if (dialect === 'sqlite') {
    await refuseReplace(db, 'comments', [['id']]);
    await refuseReplace(db, 'comment_mentions', [['comment_id', 'username']]);
  }
}
