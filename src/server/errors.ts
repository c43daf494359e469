// One error shape for every API answer that is not a success:
//   { error: { code, message, field?, problems?, issues? } }
// Validation errors name the field (a dotted path into the body or query) and list every
// problem found in `problems`, all at once; nothing else about the server's internals leaks
// (a 500 says only its request id). A store that cannot be reached is not the request's fault
// nor a bug: 503 with Retry-After, so clients and balancers try again once the pool has
// reconnected.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ActionError, HTTP_STATUS } from '../application/errors.js';
import { isConnectionFailure } from '../store/connection-failure.js';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every problem found (e.g. the bad items of a batch, every invalid field of a use case). */
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A refusal that ends by itself (a lockout, a rate limit): the answer carries `Retry-After`. */
export class RetryLaterError extends ApiError {
  constructor(statusCode: 429 | 503, code: string, message: string, readonly retryAfterSeconds: number) {
    super(statusCode, code, message);
  }
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('stable, machine-readable: invalid, unauthenticated, forbidden, not_found, conflict, ...'),
    message: z.string(),
    field: z.string().optional().describe('the offending field, as a dotted path'),
    problems: z
      .array(z.object({ field: z.string().describe('dotted path into the body or query; empty for the whole body'), message: z.string().describe('what was expected and what was found') }))
      .optional()
      .describe('every problem found, when the request was refused for its content (validation, permission on a field)'),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('the same as problems when there are several (kept for older clients)'),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Seconds a client should wait before retrying while the store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** The answer to any request that needed the store while it could not be reached. */
export function storeUnavailable(reply: FastifyReply, message = 'the store cannot be reached; try again shortly'): FastifyReply {
  return reply.code(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS)).send({ error: { code: 'store_unavailable', message } });
}

interface ValidationItem {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** `/monthly_value/low` + unrecognized keys -> `monthly_value.low` (or the unknown key itself). */
function issueField(item: ValidationItem): string {
  const base = item.instancePath.split('/').filter(Boolean).join('.');
  const keys = item.params?.keys;
  if (item.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) return [base, String(keys[0])].filter(Boolean).join('.');
  return base;
}

function issueMessage(item: ValidationItem): string {
  const keys = item.params?.keys;
  if (item.keyword === 'unrecognized_keys' && Array.isArray(keys)) return `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${String(k)}"`).join(', ')}`;
  return item.message ?? 'invalid';
}

export function validationBody(items: ValidationItem[], where: string): ErrorBody {
  const issues = items.map((i) => ({ field: issueField(i), message: issueMessage(i) }));
  const first = issues[0] ?? { field: '', message: 'invalid' };
  const at = first.field ? `${where} field "${first.field}"` : where;
  return {
    error: {
      code: 'invalid',
      message: `${at}: ${first.message}`,
      ...(first.field ? { field: first.field } : {}),
      problems: issues,
      ...(issues.length > 1 ? { issues } : {}),
    },
  };
}

/** A zod error from a check done in a handler (e.g. the merged use case) in the same shape. */
export function zodErrorBody(error: z.ZodError, where: string): ErrorBody {
  return validationBody(
    error.issues.map((i) => ({ instancePath: `/${i.path.join('/')}`, message: i.message, keyword: i.code, params: 'keys' in i ? { keys: i.keys } : {} })),
    where,
  );
}

const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'request body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'send JSON with Content-Type: application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the body is empty but Content-Type says JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'the body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'Content-Length does not match the body' },
};

/** `htmlFallback` answers browser navigations to client-side routes with the dashboard shell. */
export function registerErrorHandling(app: FastifyInstance, htmlFallback?: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'request');
      return reply.code(400).send(validationBody(err.validation as ValidationItem[], where));
    }
    if (err instanceof RetryLaterError) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    if (err instanceof ApiError) {
      const problems = err.issues && err.issues.length > 0 ? { problems: err.issues } : {};
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...problems, ...(err.issues && err.issues.length > 1 ? { issues: err.issues } : {}) } });
    }
    if ((err as unknown) instanceof ActionError) {
      const a = err as unknown as ActionError;
      const problems = a.problems.length > 0 ? { problems: a.problems } : {};
      return reply.code(HTTP_STATUS[a.kind]).send({ error: { code: a.code, message: a.message, ...(a.field ? { field: a.field } : {}), ...problems, ...(a.problems.length > 1 ? { issues: a.problems } : {}) } });
    }
    const known = err.code ? FRAMEWORK_ERRORS[err.code] : undefined;
    if (known) return reply.code(known.status).send({ error: { code: known.code, message: known.message } });
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return reply.code(400).send({ error: { code: 'malformed_json', message: `the body is not valid JSON: ${err.message}` } });
    }
    if (isConnectionFailure(err)) {
      request.log.warn({ reason: err.message }, 'store unavailable');
      return storeUnavailable(reply);
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'bad_request', message: err.message } });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: `internal error; quote request id ${request.id}` } });
  });

  app.setNotFoundHandler((request, reply) => {
    if (htmlFallback && request.method === 'GET' && !request.url.startsWith('/api/') && request.headers.accept?.includes('text/html'))
      return htmlFallback(request, reply);
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
