// A dataset: one table, query or file glob of a source, with its checks (the vocabulary is
// in checks.ts).
import { z } from 'zod';
import { checkSchema } from './checks.js';
import { idSchema } from './common.js';
import { csvOptionsSchema } from './file-options.js';
import { scheduleSchema } from './schedule.js';

export { checkSchema, type Check } from './checks.js';

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
    csv: csvOptionsSchema.optional().describe("how a CSV/TSV file is read (delimiter, quote, null values, encoding, header); over the source's csv options"),
    primary_key: z.array(z.string().min(1)).default([]),
    freshness_column: z.string().optional(),
    columns: z
      .record(
        z.string(),
        z.strictObject({
          type: z.string().optional().describe('string, integer, number, boolean, date or timestamp: a CSV column is read as this type'),
          description: z.string().optional(),
        }),
      )
      .optional(),
    checks: z.array(checkSchema).default([]),
    schedule: scheduleSchema.optional().describe('when its checks run by themselves (cron, UTC; docs/jobs.md)'),
  })
  .refine((d) => [d.table, d.query, d.path].filter((x) => x !== undefined).length === 1, {
    message: 'a dataset needs exactly one of table, query or path',
  });
export type Dataset = z.infer<typeof datasetSchema>;
