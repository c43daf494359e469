// A source: where datasets live. Connections are env references, never literal secrets.
import { z } from 'zod';
import { envRefStringSchema, idSchema } from './common.js';
import { csvOptionsSchema } from './file-options.js';

export const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: idSchema,
    kind: z.literal('files'),
    description: z.string().optional(),
    root: z.string().min(1).describe('folder the dataset paths are relative to (relative to the workspace)'),
    csv: csvOptionsSchema.optional().describe('how its CSV/TSV files are read, unless a dataset says otherwise'),
  }),
  z.strictObject({
    id: idSchema,
    kind: z.literal('postgres'),
    description: z.string().optional(),
    connection: envRefStringSchema.describe('connection URL, e.g. ${env:WAREHOUSE_URL}'),
    schema: z.string().optional(),
  }),
  z.strictObject({
    id: idSchema,
    kind: z.literal('mysql'),
    description: z.string().optional(),
    connection: envRefStringSchema.describe('connection URL, e.g. ${env:ERP_MYSQL_URL}'),
  }),
  z.strictObject({
    id: idSchema,
    kind: z.literal('clickhouse'),
    description: z.string().optional(),
    connection: envRefStringSchema.describe('HTTP URL with account and database, e.g. ${env:EVENTS_CLICKHOUSE_URL} = http://reader:secret@host:8123/events'),
  }),
  z.strictObject({
    id: idSchema,
    kind: z.literal('sqlite'),
    description: z.string().optional(),
    path: envRefStringSchema.describe('path of the SQLite file (relative to the workspace)'),
  }),
]);
export type Source = z.infer<typeof sourceSchema>;
