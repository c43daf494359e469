// Users of the server. The password hash never leaves this module except through
// `findCredentials`, which the login path alone calls; every change is audited.
import type { Kysely } from 'kysely';
import type { Role } from '../domain/account.js';
import { appendAudit } from './audit-repository.js';
import type { Database, UsersTable } from './database.js';
import { newId } from './evidence-repository.js';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    mustChangePassword: Number(row.must_change_password) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    disabledAt: row.disabled_at,
  };
}

export async function createUser(
  db: Kysely<Database>,
  u: { username: string; displayName: string; role: Role; passwordHash: string; mustChangePassword: boolean },
  actor: string,
  now: Date,
): Promise<User> {
  const at = now.toISOString();
  const row: UsersTable = {
    id: newId('usr'),
    username: u.username,
    display_name: u.displayName,
    role: u.role,
    password_hash: u.passwordHash,
    must_change_password: u.mustChangePassword ? 1 : 0,
    created_at: at,
    updated_at: at,
    disabled_at: null,
  };
  await db.insertInto('users').values(row).execute();
  await appendAudit(db, { at: now, actor, action: 'user.created', objectKind: 'user', objectId: row.id, detail: { username: u.username, role: u.role } });
  return toUser(row);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

export async function getUser(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findCredentials(db: Kysely<Database>, username: string): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  change: { role?: Role; displayName?: string; disabled?: boolean; passwordHash?: string; mustChangePassword?: boolean },
  actor: string,
  now: Date,
): Promise<User | undefined> {
  const at = now.toISOString();
  await db
    .updateTable('users')
    .set({
      updated_at: at,
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
      ...(change.disabled !== undefined ? { disabled_at: change.disabled ? at : null } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      ...(change.mustChangePassword !== undefined ? { must_change_password: change.mustChangePassword ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
  // The audit entry says what changed, never the hash.
  const { passwordHash, ...visible } = change;
  const detail = passwordHash !== undefined ? { ...visible, password: 'changed' } : visible;
  await appendAudit(db, { at: now, actor, action: 'user.updated', objectKind: 'user', objectId: id, detail });
  return getUser(db, id);
}
