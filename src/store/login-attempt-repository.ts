// Login attempts, counted in the database so the limit holds across server replicas.
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export async function recordLoginAttempt(db: Kysely<Database>, a: { username: string; ip: string; at: Date; succeeded: boolean }): Promise<void> {
  await db.insertInto('login_attempts').values({ username: a.username, ip: a.ip, at: a.at.toISOString(), succeeded: a.succeeded ? 1 : 0 }).execute();
}

/**
 * The time of the `limit`-th newest failed attempt since `since` for this username (or
 * address), or undefined when there are fewer. With a sliding window, a lockout lasts
 * exactly until that attempt leaves the window: then fewer than `limit` failures remain
 * (refused attempts are not recorded, so nothing newer can extend it).
 */
export async function limitReachingFailure(
  db: Kysely<Database>,
  f: { column: 'username' | 'ip'; value: string; since: Date; limit: number },
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_attempts')
    .select('at')
    .where(f.column, '=', f.value)
    .where('at', '>=', f.since.toISOString())
    .where('succeeded', '=', 0)
    .orderBy('at', 'desc')
    .limit(1)
    .offset(Math.max(0, f.limit - 1))
    .executeTakeFirst();
  return row ? new Date(row.at) : undefined;
}
