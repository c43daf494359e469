// Writes definitions back as a workspace folder (the inverse of load-workspace.ts), used by
// `export` and `init`. Each file starts with its yaml-language-server schema line.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { DefinitionKind } from '../domain/workspace.js';
import { jsonSchemaFor, SCHEMA_FILES, schemaComment, type SchemaKind } from './json-schema.js';
import { CONFIG_FILE, FOLDERS } from './load-workspace.js';

const FOLDER_OF: Record<Exclude<DefinitionKind, 'config'>, string> = {
  use_case: FOLDERS.useCases,
  dataset: FOLDERS.datasets,
  source: FOLDERS.sources,
};

export function definitionFilePath(kind: DefinitionKind, id: string): string {
  return kind === 'config' ? CONFIG_FILE : `${FOLDER_OF[kind]}/${id}.yaml`;
}

export function definitionYaml(kind: DefinitionKind, body: unknown): string {
  return `${schemaComment(kind, kind === 'config' ? 0 : 1)}\n${stringify(body, { lineWidth: 0 })}`;
}

export async function writeSchemas(root: string): Promise<void> {
  await mkdir(path.join(root, 'schemas'), { recursive: true });
  for (const kind of Object.keys(SCHEMA_FILES) as SchemaKind[])
    await writeFile(path.join(root, 'schemas', SCHEMA_FILES[kind].file), `${JSON.stringify(jsonSchemaFor(kind), null, 2)}\n`);
}

export async function writeDefinitions(root: string, defs: { kind: DefinitionKind; id: string; body: unknown }[]): Promise<string[]> {
  const written: string[] = [];
  for (const d of defs) {
    const rel = definitionFilePath(d.kind, d.id);
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), definitionYaml(d.kind, d.body));
    written.push(rel);
  }
  await writeSchemas(root);
  return written;
}
