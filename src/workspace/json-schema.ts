// JSON Schemas for the definition files, generated from the same zod schemas that
// validate them, so editors autocomplete exactly what `validate` accepts.
import { z } from 'zod';
import { datasetSchema } from '../domain/dataset.js';
import { sourceSchema } from '../domain/source.js';
import { useCaseSchema } from '../domain/use-case.js';
import { workspaceConfigSchema } from '../domain/workspace-config.js';

export const SCHEMA_FILES = {
  config: { file: 'traction.schema.json', schema: workspaceConfigSchema, title: 'Traction workspace (traction.yaml)' },
  use_case: { file: 'use-case.schema.json', schema: useCaseSchema, title: 'Traction use case' },
  dataset: { file: 'dataset.schema.json', schema: datasetSchema, title: 'Traction dataset' },
  source: { file: 'source.schema.json', schema: sourceSchema, title: 'Traction source' },
} as const;
export type SchemaKind = keyof typeof SCHEMA_FILES;

export function jsonSchemaFor(kind: SchemaKind): Record<string, unknown> {
  const { schema, title } = SCHEMA_FILES[kind];
  // io: 'input' because files may omit fields that have defaults.
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...generated, title };
}

/** The comment line that points yaml-language-server at a schema, relative to the file. */
export function schemaComment(kind: SchemaKind, depth: 0 | 1): string {
  return `# yaml-language-server: $schema=${depth === 0 ? '' : '../'}schemas/${SCHEMA_FILES[kind].file}`;
}
