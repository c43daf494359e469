// A dataset: one table, query or file glob of a source, with its checks. The check
// vocabulary is owned by src/readiness; here a check is any object with a `type`, a severity
// and the common options, so definitions can be stored and round-tripped before then.
import { z } from 'zod';
import { idSchema } from './common.js';

export const checkSchema = z
  .looseObject({
    type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a check type such as not_null'),
    name: z.string().optional(),
    severity: z.enum(['warn', 'fail']).default('fail'),
    mostly: z.number().min(0).max(1).optional().describe('fraction of non-null values that must pass'),
    where: z.string().optional().describe('SQL filter applied before the check'),
  })
  .describe('a data check; see the readiness documentation for the types');
export type Check = z.infer<typeof checkSchema>;

export const datasetSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().optional(),
    description: z.string().optional(),
    source: idSchema,
    system: z.string().optional().describe('the business system it comes from, e.g. CRM, ERP'),
    table: z.string().optional(),
    query: z.string().optional(),
    path: z.string().optional().describe('file or glob, relative to the source root'),
    format: z.enum(['csv', 'parquet', 'json', 'ndjson']).optional(),
    primary_key: z.array(z.string().min(1)).default([]),
    freshness_column: z.string().optional(),
    columns: z
      .record(z.string(), z.strictObject({ type: z.string().optional(), description: z.string().optional() }))
      .optional(),
    checks: z.array(checkSchema).default([]),
  })
  .refine((d) => [d.table, d.query, d.path].filter((x) => x !== undefined).length === 1, {
    message: 'a dataset needs exactly one of table, query or path',
  });
export type Dataset = z.infer<typeof datasetSchema>;
