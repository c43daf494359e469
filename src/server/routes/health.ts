// Liveness (the process answers) and readiness (the store answers and we are not draining).
// Liveness never touches the store: a lost store makes the server unready, not dead, and it
// turns ready again by itself once the pool reconnects.
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps, ZodApp } from '../app.js';
import { errorBodySchema, storeUnavailable } from '../errors.js';

export async function healthRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['health'];
  app.get('/api/health', { schema: { tags, summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } }, config: { access: { public: true } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/api/ready',
    { schema: { tags, summary: 'Readiness: the store answers and the server is not shutting down', response: { 200: z.object({ status: z.literal('ready'), store: z.string() }), 503: errorBodySchema } }, config: { access: { public: true } } },
    async (_request, reply) => {
      if (deps.draining.value) return reply.code(503).send({ error: { code: 'draining', message: 'shutting down' } });
      try {
        await sql`select 1`.execute(deps.store.db);
      } catch {
        return storeUnavailable(reply, 'the store does not answer');
      }
      return { status: 'ready' as const, store: deps.store.dialect };
    },
  );
}
