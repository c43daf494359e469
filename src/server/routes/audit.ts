// The audit log, newest first, a page at a time, filtered by who, what kind of action or object, and when.
import { z } from 'zod';
import { auditPage, auditRevision } from '../../store/audit-page.js';
import type { AppDeps, ZodApp } from '../app.js';
import { pageOf, pageQueryShape } from '../api-schemas.js';
import { ReadModel } from '../read-model.js';

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
  const pages = new ReadModel();
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first, filtered by who, what kind and when',
        querystring: z.strictObject({
          ...pageQueryShape,
          object_kind: z.string().max(80).optional(),
          object_id: z.string().max(200).optional(),
          actor: z.string().max(200).optional().describe('who, exactly as recorded'),
          action: z.string().regex(/^[a-z_][a-z0-9_.]*$/, 'an action such as api_token.revoked, or its kind such as api_token').max(80).optional().describe('an action, or every action of a kind (api_token matches api_token.created and api_token.revoked)'),
          from: z.iso.datetime({ offset: true }).optional().describe('entries at or after this instant'),
          to: z.iso.datetime({ offset: true }).optional().describe('entries before this instant'),
          before: z.coerce.number().int().min(1).optional().describe("entries with a lower seq only: the last seq of the page before (a keyset cursor, as fast on the last page as on the first; offset then counts from it); total still counts every matching entry"),
        }),
        response: { 200: pageOf(auditEntrySchema) },
      },
      config: { access: { permission: 'read' } },
    },
    async (request, reply) => {
      const { limit, offset, before, object_kind, object_id, actor, action, from, to } = request.query;
      // Stored instants are UTC ISO strings: compare like with like.
      const utc = (s: string | undefined) => (s === undefined ? undefined : new Date(s).toISOString());
      const filter = { objectKind: object_kind, objectId: object_id, actor, action, from: utc(from), to: utc(to) };
      // A page is made once while no entry is added (the log is append-only; server/read-model.ts).
      const body = await pages.body(await auditRevision(deps.store.db), JSON.stringify([filter, limit, offset, before]), deps.now(), async () => {
        const page = await auditPage(deps.store.db, filter, { limit, offset, before });
        return {
          value: {
            items: page.items.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, object_kind: e.objectKind, object_id: e.objectId, detail: e.detail })),
            total: page.total,
            limit,
            offset,
          },
        };
      });
      return body.send(request, reply);
    },
  );
}
