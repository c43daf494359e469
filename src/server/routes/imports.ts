// Imports: use cases from a spreadsheet (XLSX or CSV; preview, then import) and datasets from a
// dbt manifest. The file travels in the request body (base64 for a spreadsheet, the JSON text
// for a manifest), so any replica answers the preview and the import alike with nothing kept
// between them. The actions (src/application/imports.ts, dbt-import.ts) screen the file, check
// every row and write in one transaction; these routes only decode and answer.
import { z } from 'zod';
import { importDbtManifest, MAX_MANIFEST_BYTES } from '../../application/dbt-import.js';
import { InvalidError } from '../../application/errors.js';
import { importUseCases, previewUseCaseImport, type UseCaseImportReport } from '../../application/imports.js';
import { INTAKE_LABELS } from '../../domain/intake.js';
import { IMPORT_FIELDS } from '../../imports/column-mapping.js';
import { XLSX_LIMITS } from '../../imports/xlsx-guard.js';
import type { AppDeps, ZodApp } from '../app.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { errorBodySchema } from '../errors.js';

// A 5 MB workbook as base64 (4/3) with room for the rest of the body.
const SHEET_BODY_LIMIT = Math.ceil((XLSX_LIMITS.maxBytes * 4) / 3) + 64 * 1024;
const MANIFEST_BODY_LIMIT = MAX_MANIFEST_BYTES + 1024 * 1024;

const callerOf = (p: Principal) => ({ actor: actorOf(p), role: p.user.role, username: p.user.username });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema };

const sheetBody = z.strictObject({
  file_name: z.string().min(1).max(200).regex(/\.(xlsx|xlsm|csv|txt)$/i, 'a file name ending in .xlsx or .csv').describe('decides how the file is read'),
  content_base64: z.string().max(SHEET_BODY_LIMIT).describe('the file, base64-encoded'),
  mapping: z.record(z.string().max(200), z.string().max(64)).default({}).describe(`column (header or letter) -> field, over the guess from the headers; "" leaves a column out. Fields: ${IMPORT_FIELDS.join(', ')}`),
  sheet: z.string().max(200).optional().describe('the sheet of a workbook to read; default the first'),
});

const problemSchema = z.object({ row: z.number().int(), column: z.string().nullable().describe('column letter'), header: z.string().nullable(), field: z.string(), message: z.string() });
const reportSchema = z.object({
  file: z.string(),
  kind: z.enum(['xlsx', 'csv']),
  header_row: z.number().int(),
  columns: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable(), by: z.enum(['header', 'mapping']).nullable() })),
  fields: z.array(z.object({ field: z.string(), label: z.string() })).describe('the fields a column may fill, each as the intake form names it'),
  mapping_problems: z.array(z.string()).describe('problems of the mapping itself (a column missing, a field named twice); none may remain for an import'),
  rows: z.array(z.object({ row: z.number().int(), id: z.string().nullable(), title: z.string().nullable(), ok: z.boolean(), problems: z.array(problemSchema) })),
  good: z.number().int(),
  bad: z.number().int(),
  imported: z.array(z.string()).describe('ids of the use cases written as proposals'),
  written: z.boolean(),
});

function bytesOf(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(base64)) throw new InvalidError('body field "content_base64": not base64; nothing imported', 'content_base64');
  return Buffer.from(base64, 'base64');
}

const inputOf = (b: z.infer<typeof sheetBody>) => ({ fileName: b.file_name, bytes: bytesOf(b.content_base64), mapping: b.mapping, ...(b.sheet !== undefined ? { sheet: b.sheet } : {}) });
/** The fields a column may fill, named as the intake form names them (domain/intake.ts). */
const FIELDS = IMPORT_FIELDS.map((field) => ({ field, label: INTAKE_LABELS[field] ?? field }));
const answer = (r: UseCaseImportReport): z.infer<typeof reportSchema> => ({ ...r, fields: FIELDS });

export async function importRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  const tags = ['imports'];
  app.post(
    '/api/imports/use-cases/preview',
    {
      schema: { tags, summary: 'Preview a spreadsheet of use cases: how its columns map to fields and every row with its problems, located by row and column; writes nothing', body: sheetBody, response: { 200: reportSchema, ...errors } },
      config: { access: { permission: 'use_case.create' } },
      bodyLimit: SHEET_BODY_LIMIT,
    },
    async (request) => answer(await previewUseCaseImport(deps, inputOf(request.body))),
  );

  app.post(
    '/api/imports/use-cases',
    {
      schema: {
        tags,
        summary: 'Import a spreadsheet of use cases as proposals by the caller, in one transaction: every row, or only the good ones when asked; refused with every problem located otherwise, nothing written',
        body: sheetBody.extend({ only_good_rows: z.boolean().default(false).describe('import the rows without problems and leave the others out') }),
        response: { 201: reportSchema, ...errors },
      },
      config: { access: { permission: 'use_case.create' } },
      bodyLimit: SHEET_BODY_LIMIT,
    },
    async (request, reply) => reply.code(201).send(answer(await importUseCases(deps, inputOf(request.body), { onlyGoodRows: request.body.only_good_rows }, callerOf(request.principal!)))),
  );

  app.post(
    '/api/imports/dbt',
    {
      schema: {
        tags,
        summary: "Datasets from a dbt manifest.json (v9-v12): each model with its columns in the named source, its not_null/unique/accepted_values/relationships tests as checks, other tests listed as skipped",
        body: z.strictObject({
          file_name: z.string().min(1).max(200).default('manifest.json'),
          manifest: z.string().max(MAX_MANIFEST_BYTES).describe("the text of dbt's target/manifest.json"),
          source: z.string().min(1).max(64).describe('the Traction source whose connection reaches the database dbt builds into (postgres, mysql or sqlite)'),
          dry_run: z.boolean().default(false),
        }),
        response: {
          200: z.object({
            manifest_version: z.number().int(),
            dbt_version: z.string().nullable(),
            project: z.string().nullable(),
            source: z.string(),
            datasets: z.array(z.object({ id: z.string(), table: z.string(), model: z.string(), columns: z.number().int(), checks: z.number().int(), change: z.enum(['created', 'updated', 'unchanged']) })),
            translated_tests: z.number().int(),
            skipped_tests: z.array(z.object({ test: z.string(), model: z.string().nullable(), reason: z.string() })),
            written: z.boolean(),
          }),
          ...errors,
        },
      },
      config: { access: { permission: 'dataset.import' } },
      bodyLimit: MANIFEST_BODY_LIMIT,
    },
    async (request) => importDbtManifest(deps, { fileName: request.body.file_name, text: request.body.manifest }, { source: request.body.source, dryRun: request.body.dry_run }, callerOf(request.principal!)),
  );
}
