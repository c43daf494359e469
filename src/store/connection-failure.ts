// Tells "the store cannot be reached or the connection to it was lost" apart from every
// other error, so the server can answer 503 (try again) instead of 500 (our fault) and the
// CLI can say "is PostgreSQL running?" instead of printing a stack trace. A connection
// failure is transient: nothing about the request was wrong.

/** Socket-level failures Node reports while connecting to, or talking with, the store. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs that mean the server is not there for us: class 08 (connection
 * exception), 57P01-57P03 (terminated by an administrator, crash shutdown, cannot connect
 * now: the server is starting or stopping) and 53300 (too many connections).
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/**
 * node-postgres raises plain Errors without a code when the socket ends under it or a pooled
 * connect times out; their messages are the only mark (pg/lib/client.js, pg-pool/index.js).
 */
const PG_MESSAGES = /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Query read timeout)/;

export function isConnectionFailure(e: unknown, depth = 0): boolean {
  if (!(e instanceof Error) || depth > 4) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (PG_MESSAGES.test(e.message)) return true;
  // Node tries each address of a host name (IPv6 and IPv4) and reports all failures at once.
  if (e instanceof AggregateError && e.errors.some((x) => isConnectionFailure(x, depth + 1))) return true;
  return isConnectionFailure(e.cause, depth + 1);
}

/** The failure in a few words for a one-line message ("connect ECONNREFUSED 127.0.0.1:5432"). */
export function connectionFailureReason(e: unknown): string {
  if (e instanceof AggregateError && e.message === '' && e.errors[0] instanceof Error) return connectionFailureReason(e.errors[0]);
  if (e instanceof Error) return e.message || (e as { code?: string }).code || e.name;
  return String(e);
}
