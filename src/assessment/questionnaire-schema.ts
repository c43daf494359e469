// The readiness questionnaire as data: pillars of items, each item with five maturity levels in
// plain words and a weight, the named maturity levels overall scores map to, and the published
// frameworks it draws on. One schema validates the shipped default (default-questionnaire.ts),
// a workspace's `assessment/questionnaire.yaml` (errors located at file:line:column) and the
// snapshot a round keeps.
import { z } from 'zod';

const idSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'an id: lower-case letters, digits and "_", starting with a letter (an item may be "pillar.item")');
const text = (min: number, max: number) => z.string().trim().min(min, `at least ${min} characters`).max(max, `at most ${max} characters`);

export const LEVELS = [1, 2, 3, 4, 5] as const;
/** An answer: the level of maturity, 1 (lowest) to 5 (highest). */
// A refinement rather than .int(): zod stops at a type error, and a fractional level should not hide another answer's problem.
export const levelSchema = z
  .number()
  .min(1, 'a level from 1 to 5')
  .max(5, 'a level from 1 to 5')
  .refine((n) => Number.isInteger(n), 'a whole level, 1 to 5')
  .describe('a whole number from 1 (lowest maturity) to 5 (highest)');

export const sourceSchema = z.strictObject({
  id: idSchema,
  title: text(3, 200),
  publisher: text(2, 120),
  year: z.number().int().min(1990).max(2100),
  url: z.url({ protocol: /^https$/, error: 'an https:// address' }).optional(),
});

export const itemSchema = z.strictObject({
  id: idSchema,
  text: text(10, 300).describe('the question, as a respondent reads it'),
  weight: z.number().positive('a weight above 0').max(10).default(1),
  levels: z.tuple([text(3, 300), text(3, 300), text(3, 300), text(3, 300), text(3, 300)], { error: 'exactly five level descriptions, from 1 (lowest) to 5 (highest)' }),
});

export const pillarSchema = z.strictObject({
  id: idSchema,
  name: text(2, 60),
  description: text(10, 400),
  weight: z.number().positive('a weight above 0').max(10).default(1),
  frameworks: z.array(text(3, 200)).default([]).describe('where the pillar comes from, e.g. "Cisco AI Readiness Index: Data"'),
  items: z.array(itemSchema).min(1, 'at least one item').max(12, 'at most 12 items: a respondent answers them all'),
});

export const maturityLevelSchema = z.strictObject({
  level: levelSchema,
  name: text(2, 40),
  description: text(10, 400),
});

export const questionnaireSchema = z
  .strictObject({
    id: idSchema,
    title: text(3, 120),
    version: z.number().int().min(1),
    maturity_model: z.strictObject({
      source: idSchema.describe('the id of the source the level names come from'),
      levels: z.tuple([maturityLevelSchema, maturityLevelSchema, maturityLevelSchema, maturityLevelSchema, maturityLevelSchema]),
    }),
    sources: z.array(sourceSchema).min(1),
    pillars: z.array(pillarSchema).min(1).max(12),
  })
  .superRefine((q, ctx) => {
    const sources = new Set(q.sources.map((s) => s.id));
    if (!sources.has(q.maturity_model.source)) ctx.addIssue({ code: 'custom', path: ['maturity_model', 'source'], message: `no source "${q.maturity_model.source}" in sources` });
    q.maturity_model.levels.forEach((l, i) => {
      if (l.level !== i + 1) ctx.addIssue({ code: 'custom', path: ['maturity_model', 'levels', i, 'level'], message: `expected level ${i + 1} here, found ${l.level}` });
    });
    const pillars = new Set<string>();
    const items = new Set<string>();
    q.pillars.forEach((p, pi) => {
      if (pillars.has(p.id)) ctx.addIssue({ code: 'custom', path: ['pillars', pi, 'id'], message: `pillar "${p.id}" appears twice` });
      pillars.add(p.id);
      p.items.forEach((item, ii) => {
        if (items.has(item.id)) ctx.addIssue({ code: 'custom', path: ['pillars', pi, 'items', ii, 'id'], message: `item "${item.id}" appears twice` });
        items.add(item.id);
      });
    });
  });

export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type QuestionnaireInput = z.input<typeof questionnaireSchema>;
export type Pillar = Questionnaire['pillars'][number];
export type Item = Pillar['items'][number];

export const RESPONDENT_GROUPS = ['leadership', 'staff'] as const;
export const respondentGroupSchema = z.enum(RESPONDENT_GROUPS).describe('leadership: executives and senior managers; staff: everyone else');
export type RespondentGroup = z.infer<typeof respondentGroupSchema>;

/** A response as sent (API body, `traction assess answer --file`): each item at most once. */
export const responseInputSchema = z.strictObject({
  group: respondentGroupSchema,
  answers: z
    .array(z.strictObject({ item: z.string().min(1).max(80), level: levelSchema }))
    .min(1, 'at least one answer')
    .max(200)
    .check(
      // `when`: report a repeated item even when another answer is also wrong, so every problem is named at once.
      z.superRefine(
        (answers: unknown[], ctx) => {
          const seen = new Map<string, number>();
          answers.forEach((a, i) => {
            const item = (a as { item?: unknown } | null)?.item;
            if (typeof item !== 'string') return;
            const first = seen.get(item);
            if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'item'], message: `item "${item}" is answered twice (also at answers.${first})` });
            else seen.set(item, i);
          });
        },
        { when: (payload) => Array.isArray(payload.value) },
      ),
    ),
});
export type ResponseInput = z.infer<typeof responseInputSchema>;
