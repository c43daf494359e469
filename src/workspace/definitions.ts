// A workspace as a flat list of definitions (kind, id, body) with a content hash: the unit
// `apply` stores and `export` writes back. The hash is over canonical JSON (sorted keys), so
// key order and formatting in the YAML never count as a change.
import { createHash } from 'node:crypto';
import type { DefinitionKind, Workspace } from '../domain/workspace.js';

export interface Definition {
  kind: DefinitionKind;
  id: string;
  body: unknown;
  hash: string;
}

export const CONFIG_ID = 'config';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function contentHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function workspaceDefinitions(ws: Workspace): Definition[] {
  const def = (kind: DefinitionKind, id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  return [
    def('config', CONFIG_ID, ws.config),
    ...ws.sources.map((s) => def('source', s.id, s)),
    ...ws.datasets.map((d) => def('dataset', d.id, d)),
    ...ws.useCases.map((u) => def('use_case', u.id, u)),
  ];
}
