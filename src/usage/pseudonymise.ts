// User ids become keyed hashes on arrival: HMAC-SHA256 (RFC 2104) under a secret key, so the
// same person is the same pseudonym every day (distinct users, retention), while nobody
// holding the store alone can test a guessed id against it (an unkeyed hash could be).
// 128 bits of the MAC are kept: collisions are negligible for any user count here.
import { createHmac } from 'node:crypto';

export type Pseudonymiser = (userId: string) => string;

export function pseudonymiser(key: Uint8Array): Pseudonymiser {
  if (key.length < 32) throw new Error('the pseudonymisation key must be at least 32 bytes');
  // The same few thousand people send most requests: a bounded memo saves an HMAC per span.
  // It lives only in this process's memory, like the key itself.
  const memo = new Map<string, string>();
  return (userId) => {
    let p = memo.get(userId);
    if (p === undefined) {
      p = createHmac('sha256', key).update(userId).digest('hex').slice(0, 32);
      if (memo.size >= 50_000) memo.clear();
      memo.set(userId, p);
    }
    return p;
  };
}
