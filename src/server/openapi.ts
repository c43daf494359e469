// OpenAPI 3.1 generated from the routes' zod schemas (the same schemas the CLI validates
// YAML with) by fastify-type-provider-zod + @fastify/swagger, served at /api/openapi.json,
// with Swagger UI at /api/docs (its assets come from the npm package; nothing from a CDN).
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from './auth/principal.js';

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
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, async () => app.swagger());
}
