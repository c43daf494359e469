// The caller's inbox: what waits for them (sign-offs, KPI values due, mentions, and what
// further providers add), with the count of each kind; and marking a mention read.
import { z } from 'zod';
import { collectInbox, markMentionSeen } from '../../application/inbox.js';
import type { AppDeps, ZodApp } from '../app.js';
import { idParamsSchema } from '../api-schemas.js';
import { errorBodySchema } from '../errors.js';
import { loadStoredWorkspace } from '../stored-workspace.js';

const inboxSchema = z.object({
  items: z.array(
    z.object({
      kind: z.string().describe('signoff, kpi_due, mention, ...'),
      id: z.string(),
      use_case: z.string(),
      use_case_title: z.string(),
      title: z.string(),
      detail: z.string(),
      href: z.string().describe('the dashboard page where it is acted on'),
      since: z.string().nullable(),
    }),
  ),
  sections: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() })),
  total: z.number().int(),
});

export async function inboxRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['inbox'];

  app.get(
    '/api/inbox',
    { schema: { tags, summary: 'What waits for the caller, by kind, with counts', response: { 200: inboxSchema, 409: errorBodySchema } }, config: { access: { permission: 'read' } } },
    async (request) => {
      const inbox = await collectInbox({ db: deps.store.db, username: request.principal!.user.username, now: deps.now(), workspace: () => loadStoredWorkspace(deps.store.db, deps.workspaceRoot) });
      return {
        items: inbox.items.map((i) => ({ kind: i.kind, id: i.id, use_case: i.useCase, use_case_title: i.useCaseTitle, title: i.title, detail: i.detail, href: i.href, since: i.since })),
        sections: inbox.sections,
        total: inbox.total,
      };
    },
  );

  app.post(
    '/api/inbox/mentions/:id/read',
    {
      schema: { tags, summary: 'Mark a mention of the caller read (the comment id); it leaves the inbox', params: idParamsSchema, response: { 200: z.object({ read: z.literal(true) }), 404: errorBodySchema } },
      config: { access: { permission: 'account.own' } },
    },
    async (request) => {
      await markMentionSeen(deps.store.db, request.params.id, request.principal!.user.username, deps.now());
      return { read: true as const };
    },
  );
}
