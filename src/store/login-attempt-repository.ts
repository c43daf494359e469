// Login attempts, counted in the database so the limit holds across server replicas.
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export async function recordLoginAttempt(db: Kysely<Database>, a: { username: string; ip: string; at: Date; succeeded: boolean }): Promise<void> {
  await db.insertInto('login_attempts').values({ username: a.username, ip: a.ip, at: a.at.toISOString(), succeeded: a.succeeded ? 1 : 0 }).execute();
}

/** Failed attempts since `since`, for this username and for this address. */
export async function countFailedLogins(db: Kysely<Database>, f: { username: string; ip: string; since: Date }): Promise<{ byUsername: number; byIp: number }> {
  const since = f.since.toISOString();
  const count = async (column: 'username' | 'ip', value: string) => {
    const r = await db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(column, '=', value)
      .where('at', '>=', since)
      .where('succeeded', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return { byUsername: await count('username', f.username), byIp: await count('ip', f.ip) };
}
