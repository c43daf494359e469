// Shapes (aliases of the types generated from the API's OpenAPI document) of the pulse resources, as src/server/routes/pulse.ts answers them, and the one call a
// link makes without a login: the token from the address's fragment goes in a header, never in
// the address the server sees.
import { ApiError, type Answer, type ApiErrorBody, type Item } from './api';

export type PulseItem = Item<UseCasePulse['statements']>['item'];

export type PulseScores = NonNullable<PulseSurvey['scores']>;

export type PulseSurvey = Item<UseCasePulse['surveys']>;

export type UseCasePulse = Answer<'/api/use-cases/{id}/pulse'>;

export type PulseQuestionnaire = Answer<'/api/pulse/respond'>;

/** Short names of the statements for tables and charts. */
export const ITEM_WORDS: Record<PulseItem, string> = { quality: 'Better work', effort: 'Less tedious effort', speed: 'Faster', productivity: 'More productive' };

/**
 * A call with an invitation link's token instead of a session. `no-store`: the address is the
 * same for every link (the token is a header), so a cached answer for one link (a 410 is
 * cacheable by default) must never stand in for another's.
 */
export async function withInvitation<T>(path: string, token: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-invitation-token': token };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, credentials: 'omit', cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await res.json().catch(() => ({ error: { code: 'bad_response', message: `the server answered ${res.status}` } }))) as T | ApiErrorBody;
  if (!res.ok) throw new ApiError(res.status, (data as ApiErrorBody).error);
  return data as T;
}

/** A period in words: 2026-11 -> November 2026, 2026-Q4 -> October to December 2026. */
export function periodWords(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!q) return period;
  const first = (Number(q[2]) - 1) * 3;
  const name = (i: number) => new Date(Date.UTC(2000, i, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${name(first)} to ${name(first + 2)} ${q[1]}`;
}
