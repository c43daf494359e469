// OpenAPI 3.1 generated from the routes' zod schemas (the same schemas the CLI validates
// YAML with) by fastify-type-provider-zod + @fastify/swagger, served at /api/openapi.json,
// with Swagger UI at /api/docs (its assets come from the npm package; nothing from a CDN).
// "Try it out" works with the browser's session: Swagger UI runs `docsRequestInterceptor` before
// each request, which adds the session's CSRF token (read from /api/auth/session) to writes.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from './auth/principal.js';

/**
 * Runs in the browser, inside Swagger UI (@fastify/swagger-ui writes functions of uiConfig out
 * as their source), so it must stand alone: no imports, nothing from this module's scope. A
 * write gets the session's CSRF token; a request that carries an API token needs none, and a
 * page without a session sends the request as it is (the API then says what is missing).
 */
export function docsRequestInterceptor(request: { url: string; method?: string; headers: Record<string, string> }): Promise<typeof request> | typeof request {
  const method = String(request.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || request.headers.Authorization || request.headers.authorization) return request;
  return fetch('/api/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<{ csrf_token?: string }>) : {}))
    .then((s: { csrf_token?: string }) => {
      if (s.csrf_token) request.headers['x-csrf-token'] = s.csrf_token;
      return request;
    })
    .catch(() => request);
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Traction API',
        version: '0.1.0',
        description:
          'Use cases, evidence, audit log and accounts of one Traction workspace. Errors are always `{ "error": { "code", "message", "field"? } }`. ' +
          'Browsers authenticate with the session cookie and send the CSRF token (from /api/auth/session) in `x-csrf-token` on writes; machines send `Authorization: Bearer trc_...`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer', description: 'an API token (trc_...) from POST /api/tokens' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
    hideUntagged: false,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true, requestInterceptor: docsRequestInterceptor as never } });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, async () => app.swagger());
}
