// Comments on use cases and the mentions they carry; both append-only (migration 0015).
// Mention read state is the only thing that changes, one row per person and comment.
import type { Kysely } from 'kysely';
import type { Comment } from '../domain/comment.js';
import { appendAudit } from './audit-repository.js';
import type { CommentsTable, Database } from './database.js';
import { newId } from './evidence-repository.js';

export function toComment(row: CommentsTable, mentions: string[]): Comment {
  return { id: row.id, useCaseId: row.use_case_id, author: row.author, body: row.body, createdAt: row.created_at, mentions };
}

/** Writes the comment, its mentions and an audit entry; call inside a transaction. */
export async function insertComment(db: Kysely<Database>, c: { useCaseId: string; author: string; body: string; mentions: string[]; at: Date }): Promise<Comment> {
  const row: CommentsTable = { id: newId('cm'), use_case_id: c.useCaseId, author: c.author, body: c.body, created_at: c.at.toISOString() };
  await db.insertInto('comments').values(row).execute();
  if (c.mentions.length > 0) await db.insertInto('comment_mentions').values(c.mentions.map((username) => ({ comment_id: row.id, username, use_case_id: c.useCaseId }))).execute();
  await appendAudit(db, { at: c.at, actor: c.author, action: 'comment.added', objectKind: 'use_case', objectId: c.useCaseId, detail: { comment: row.id, mentions: c.mentions } });
  return toComment(row, c.mentions);
}

/** A use case's comments, oldest first, each with its mentions. */
export async function listComments(db: Kysely<Database>, useCaseId: string): Promise<Comment[]> {
  const rows = await db.selectFrom('comments').selectAll().where('use_case_id', '=', useCaseId).orderBy('created_at').orderBy('id').execute();
  const mentions = await db.selectFrom('comment_mentions').select(['comment_id', 'username']).where('use_case_id', '=', useCaseId).execute();
  return rows.map((r) => toComment(r, mentions.filter((m) => m.comment_id === r.id).map((m) => m.username)));
}

/** Which of these usernames have an account. */
export async function existingUsernames(db: Kysely<Database>, usernames: string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
  return new Set(rows.map((r) => r.username));
}

export interface StoredMention {
  comment: Comment;
  readAt: string | null;
}

/** The comments that mention a person, newest first, with when the person marked each read. */
export async function mentionsOf(db: Kysely<Database>, username: string, limit = 200): Promise<StoredMention[]> {
  const rows = await db
    .selectFrom('comment_mentions as m')
    .innerJoin('comments as c', 'c.id', 'm.comment_id')
    .leftJoin('mention_reads as r', (j) => j.onRef('r.comment_id', '=', 'm.comment_id').onRef('r.username', '=', 'm.username'))
    .selectAll('c')
    .select('r.read_at')
    .where('m.username', '=', username)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ comment: toComment(r, [username]), readAt: r.read_at }));
}

/** Marks a mention read (once; reading it again changes nothing). False when the comment does not mention the person. */
export async function markMentionRead(db: Kysely<Database>, commentId: string, username: string, at: Date): Promise<boolean> {
  const mention = await db.selectFrom('comment_mentions').select('comment_id').where('comment_id', '=', commentId).where('username', '=', username).executeTakeFirst();
  if (!mention) return false;
  await db.insertInto('mention_reads').values({ comment_id: commentId, username, read_at: at.toISOString() }).onConflict((oc) => oc.columns(['comment_id', 'username']).doNothing()).execute();
  return true;
}
