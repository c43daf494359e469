// Comments on a use case: list them, add one. A comment's `@username` mentions reach the
// inbox of each mentioned person who has an account (src/application/inbox.ts); a name
// without an account stays plain text. Comments are not edited or deleted: they sit beside
// sign-offs and gate decisions in the record people decide on, so a correction is a new
// comment (the table is append-only in the database).
import type { Kysely } from 'kysely';
import { COMMENT_MAX_MENTIONS, commentBodySchema, mentionsIn, type Comment } from '../domain/comment.js';
import type { Database } from '../store/database.js';
import { existingUsernames, insertComment, listComments } from '../store/comment-repository.js';
import { getDefinition } from '../store/definition-repository.js';
import type { Store } from '../store/store.js';
import { ConflictError, InvalidError, NotFoundError } from './errors.js';

async function requireUseCase(db: Kysely<Database>, useCaseId: string) {
  const def = await getDefinition(db, 'use_case', useCaseId);
  if (!def) throw new NotFoundError(`no use case "${useCaseId}"`);
  return def;
}

export async function commentsOn(db: Kysely<Database>, useCaseId: string): Promise<Comment[]> {
  await requireUseCase(db, useCaseId);
  return listComments(db, useCaseId);
}

/** Validates the body (every problem at once), resolves the mentions and writes all of it in one transaction. */
export async function addComment(store: Store, input: { useCaseId: string; author: string; body: unknown; now: Date }): Promise<Comment> {
  const parsed = commentBodySchema.safeParse(input.body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new InvalidError(`the comment is not valid: ${problems.map((p) => `${p.field || 'body'}: ${p.message}`).join('; ')}; nothing was written`, problems[0]?.field, problems);
  }
  const named = mentionsIn(parsed.data.body);
  if (named.length > COMMENT_MAX_MENTIONS) throw new InvalidError(`a comment may mention ${COMMENT_MAX_MENTIONS} people at most, this one names ${named.length}; nothing was written`, 'body');
  return store.transaction(async (tx) => {
    const def = await requireUseCase(tx, input.useCaseId);
    if (def.archivedAt !== null) throw new ConflictError(`use case "${input.useCaseId}" is archived; nothing was written`, 'archived');
    const known = await existingUsernames(tx, named);
    return insertComment(tx, { useCaseId: input.useCaseId, author: input.author, body: parsed.data.body, mentions: named.filter((n) => known.has(n)), at: input.now });
  });
}
