// The secrets the accounts actions (src/application/accounts.ts) need, made the server's way:
// argon2id password hashes, one-time passwords, and API tokens stored as SHA-256.
import { randomBytes } from 'node:crypto';
import type { Secrets } from '../../application/accounts.js';
import { generatePassword, hashPassword } from './passwords.js';
import { sha256, TOKEN_PREFIX } from './principal.js';

export const serverSecrets: Secrets = {
  hashPassword,
  generatePassword,
  newToken() {
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { secret, hash: sha256(secret) };
  },
};
