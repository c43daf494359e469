// Error classes a request can end in. Non-2xx answers are classed by status (`http_429`),
// transport failures by what went wrong, bad bodies by whether they were streams.
// The class decides what the summary says; the first message seen per class is kept.

export type ErrorClass =
  | `http_${number}`
  | 'timeout'
  | 'connection'
  | 'tls'
  | 'malformed_response'
  | 'malformed_stream'
  | 'client';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
// OpenSSL verification codes Node puts on `err.code` when a certificate is rejected.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (e as { cause?: unknown }).cause;
  return cause === undefined ? undefined : codeOf(cause);
}

/**
 * Classifies a transport error. `afterHeaders`: the server had answered 2xx and the body
 * broke off, which is a malformed stream or response, not a connection problem.
 */
export function classifyTransportError(e: unknown, afterHeaders: 'stream' | 'body' | false): ErrorClass {
  const code = codeOf(e) ?? '';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('ERR_OSSL_')) return 'tls';
  if (afterHeaders === 'stream') return 'malformed_stream';
  if (afterHeaders === 'body') return 'malformed_response';
  if (CONNECTION_CODES.has(code)) return 'connection';
  return 'client';
}

export function describeError(e: unknown): string {
  const code = codeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** What each class means, for the summary. */
export function explainErrorClass(c: ErrorClass): string {
  if (c.startsWith('http_')) {
    const status = Number(c.slice(5));
    if (status === 429) return 'the server rate-limited requests (HTTP 429): it is shedding load; lower the rate or raise its limit';
    if (status === 404) return 'HTTP 404: check that --url is the full endpoint path (e.g. .../v1/chat/completions)';
    if (status === 401 || status === 403) return `HTTP ${status}: check the credentials passed with --header`;
    if (status >= 500) return `the server failed (HTTP ${status})`;
    return `the server rejected requests (HTTP ${status})`;
  }
  switch (c) {
    case 'timeout':
      return 'no answer (headers or body data) within --timeout';
    case 'connection':
      return 'could not connect, or the connection was reset before an answer';
    case 'tls':
      return 'the TLS handshake failed (certificate not trusted, or not a TLS server)';
    case 'malformed_response':
      return 'a 2xx answer whose body was not the expected JSON (or was cut off)';
    case 'malformed_stream':
      return 'a 2xx event stream that broke off before [DONE] or carried an event that is not JSON';
    default:
      return 'the HTTP client rejected the request';
  }
}
