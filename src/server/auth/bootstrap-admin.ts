// First start: an empty store gets one admin. The password comes from the environment
// (TRACTION_ADMIN_PASSWORD) or is generated, printed once by the caller, and must be
// changed at first login.
import type { Store } from '../../store/store.js';
import { countUsers, createUser } from '../../store/user-repository.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface BootstrapResult {
  created: boolean;
  username: string;
  /** Only when generated here: the caller prints it once and it is never stored in clear. */
  oneTimePassword?: string;
}

export async function ensureAdmin(store: Store, options: { username: string; password?: string }, now: Date): Promise<BootstrapResult> {
  if ((await countUsers(store.db)) > 0) return { created: false, username: options.username };
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    await store.transaction(async (tx) => {
      // Re-check inside the write lock: another replica may have started at the same moment.
      if ((await countUsers(tx)) > 0) throw new AlreadyBootstrapped();
      await createUser(tx, { username: options.username, displayName: 'Administrator', role: 'admin', passwordHash, mustChangePassword: options.password === undefined }, 'system', now);
    });
  } catch (e) {
    if (e instanceof AlreadyBootstrapped || (await countUsers(store.db)) > 0) return { created: false, username: options.username };
    throw e;
  }
  return { created: true, username: options.username, ...(options.password === undefined ? { oneTimePassword: password } : {}) };
}

class AlreadyBootstrapped extends Error {}
