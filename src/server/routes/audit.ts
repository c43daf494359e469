// The audit log, newest first.
import { z } from 'zod';
import { auditPage } from '../../store/audit-page.js';
import type { AppDeps, ZodApp } from '../app.js';
import { pageOf, pageQueryShape } from '../api-schemas.js';

const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  object_kind: z.string(),
  object_id: z.string(),
  detail: z.unknown(),
});

export async function auditRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first',
        querystring: z.strictObject({ ...pageQueryShape, object_kind: z.string().optional(), object_id: z.string().optional(), actor: z.string().optional() }),
        response: { 200: pageOf(auditEntrySchema) },
      },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const { limit, offset, object_kind, object_id, actor } = request.query;
      const page = await auditPage(deps.store.db, { objectKind: object_kind, objectId: object_id, actor }, { limit, offset });
      return {
        items: page.items.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object_kind: e.objectKind, object_id: e.objectId, detail: e.detail })),
        total: page.total,
        limit,
        offset,
      };
    },
  );
}
