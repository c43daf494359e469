// Use-case templates: the library and one template whole, with the intake form's fields as
// the template fills them ("Start from a template"). Proposing from a template is
// POST /api/use-cases with `template` set (routes/use-cases.ts).
import { z } from 'zod';
import { gatePolicySchema, TEMPLATE_CATEGORIES, useCaseTemplateSchema } from '../../domain/use-case-template.js';
import { intakeFieldsSchema } from '../../domain/intake.js';
import { templateIntake } from '../../templates/instantiate.js';
import { findTemplate, shippedTemplateLibrary } from '../../templates/library.js';
import type { AppDeps, ZodApp } from '../app.js';
import { ApiError, errorBodySchema } from '../errors.js';

const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(TEMPLATE_CATEGORIES),
  summary: z.string(),
  eu_ai_act: z.enum(['minimal', 'limited', 'high', 'prohibited']),
  skills: z.array(z.string()),
});

const intakeDraftSchema = intakeFieldsSchema.omit({ owner: true, sponsor: true, team: true, id: true, monthly_value: true });

export async function templateRoutes(app: ZodApp, _deps: AppDeps): Promise<void> {
  const tags = ['templates'];
  app.get(
    '/api/templates',
    { schema: { tags, summary: 'The use-case templates of the library', response: { 200: z.object({ templates: z.array(summarySchema) }) } }, config: { access: { permission: 'read' } } },
    async () => {
      const library = await shippedTemplateLibrary();
      return {
        templates: library.templates.map((t) => ({ id: t.id, name: t.name, category: t.category, summary: t.summary, eu_ai_act: t.use_case.risk.eu_ai_act, skills: t.use_case.feasibility?.skills_required ?? [] })),
      };
    },
  );

  app.get(
    '/api/templates/:id',
    {
      schema: {
        tags,
        summary: 'One template whole (the source or assumption of every number), its gate policy, and the intake fields it fills',
        params: z.strictObject({ id: z.string().max(64) }),
        response: { 200: z.object({ template: useCaseTemplateSchema, gate_policy: gatePolicySchema, intake: intakeDraftSchema }), 404: errorBodySchema },
      },
      config: { access: { permission: 'read' } },
    },
    async (request) => {
      const library = await shippedTemplateLibrary();
      const t = findTemplate(library, request.params.id);
      if (!t) throw new ApiError(404, 'not_found', `no template "${request.params.id}"`);
      return { template: t, gate_policy: library.policies.find((p) => p.id === t.gate_policy)!, intake: templateIntake(t) };
    },
  );
}
