// What a new API token may be, given who asks for it. From a logged-in session: any scope,
// any lifetime the API allows. From an API token (automation rotating its own credentials):
// never more than the asking token has, so a leaked token cannot turn itself into a broader
// or longer-lived one. A read token cannot create tokens at all (creating one is a write,
// refused by `authorize`); the scope rule below is the second line of that defence.
import type { TokenScope } from '../../domain/account.js';
import { ApiError } from '../errors.js';
import type { Principal } from './principal.js';

const DAY_MS = 86_400_000;

export interface TokenRequest {
  scope: TokenScope;
  expiresInDays?: number;
}

/** The expiry of the new token (null: none), or a located refusal. */
export function mintedTokenExpiry(principal: Principal, requested: TokenRequest, now: Date): Date | null {
  const asked = requested.expiresInDays !== undefined ? new Date(now.getTime() + requested.expiresInDays * DAY_MS) : null;
  if (principal.via !== 'token') return asked;
  if (principal.scope !== 'write' && requested.scope !== principal.scope)
    throw new ApiError(403, 'token_scope', `a ${principal.scope}-scoped API token cannot create a ${requested.scope} token`, 'scope');
  if (principal.expiresAt === null) return asked;
  const limit = new Date(principal.expiresAt);
  // Without a lifetime, the new token expires with the one that created it.
  if (asked === null) return limit;
  if (asked > limit) {
    const days = Math.floor((limit.getTime() - now.getTime()) / DAY_MS);
    const hint = days >= 1 ? `ask for at most ${days} day${days === 1 ? '' : 's'}, or omit it to expire together` : 'omit it to expire together';
    throw new ApiError(403, 'token_lifetime', `a token created with an API token cannot outlive it (it expires ${principal.expiresAt}): ${hint}`, 'expires_in_days');
  }
  return asked;
}
