// What the dashboard needs to know about the applied workspace: organisation, currency,
// stages in order, teams and who holds which sign-off role.
import { z } from 'zod';
import type { AppDeps, ZodApp } from '../app.js';
import { errorBodySchema } from '../errors.js';
import { loadConfig } from '../stored-config.js';

export async function workspaceRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'The applied workspace: organisation, currency, stages, teams, sign-off roles',
        response: {
          200: z.object({
            organisation: z.string(),
            currency: z.string(),
            stages: z.array(z.string()),
            side_stages: z.array(z.string()),
            teams: z.array(z.object({ id: z.string(), name: z.string() })),
            roles: z.record(z.string(), z.array(z.string())),
          }),
          409: errorBodySchema,
        },
      },
      config: { access: { permission: 'read' } },
    },
    async () => {
      const c = await loadConfig(deps);
      return {
        organisation: c.organisation,
        currency: c.currency,
        stages: c.stages,
        side_stages: c.side_stages,
        teams: c.teams.map((t) => ({ id: t.id, name: t.name })),
        roles: Object.fromEntries(Object.entries(c.roles).filter((e): e is [string, string[]] => e[1] !== undefined)),
      };
    },
  );
}
