// Evidence recorded for a use case (readiness runs, baselines, experiments, benchmarks, sign-offs).
import { z } from 'zod';
import { evidenceKindSchema } from '../../domain/evidence.js';
import { listEvidence } from '../../store/evidence-repository.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema, pageOf, pageQueryShape } from '../api-schemas.js';

const evidenceSchema = z.object({
  id: z.string(),
  use_case_id: z.string(),
  kind: evidenceKindSchema,
  recorded_at: z.string(),
  recorded_by: z.string(),
  source: z.string(),
  payload: z.unknown(),
});

export async function evidenceRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/use-cases/:id/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Evidence of a use case, newest first',
        params: idParamsSchema,
        querystring: z.strictObject({ ...pageQueryShape, kind: evidenceKindSchema.optional() }),
        response: { 200: pageOf(evidenceSchema) },
      },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const { limit, offset, kind } = request.query;
      const all = (await listEvidence(deps.store.db, { useCaseId: request.params.id, ...(kind ? { kind } : {}) })).reverse();
      return {
        items: all.slice(offset, offset + limit).map((e) => ({ id: e.id, use_case_id: e.useCaseId, kind: e.kind, recorded_at: e.recordedAt, recorded_by: e.recordedBy, source: e.source, payload: e.payload })),
        total: all.length,
        limit,
        offset,
      };
    },
  );
}
