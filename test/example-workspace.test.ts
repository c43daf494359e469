// The example company examples/northwind loads cleanly and is a useful showcase: every stage
// is used, dependencies form no cycle, and everything a definition names exists (data files,
// columns in their headers, JSON schemas matching the code).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../src/domain/stages.js';
import { findCycles } from '../src/workspace/cross-references.js';
import { jsonSchemaFor, SCHEMA_FILES, type SchemaKind } from '../src/workspace/json-schema.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';
import { formatProblem } from '../src/workspace/problem.js';

const ROOT = path.resolve(import.meta.dirname, '../examples/northwind');

async function loaded() {
  const { workspace, problems } = await loadWorkspace(ROOT);
  expect(problems.map(formatProblem)).toEqual([]);
  if (!workspace) throw new Error('examples/northwind did not load');
  return workspace;
}

async function csvHeader(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.slice(0, text.indexOf('\n')).split(',');
}

describe('examples/northwind', () => {
  it('has 14 use cases over every stage, each in the file named after its id, two of them made from templates', async () => {
    const ws = await loaded();
    expect(ws.useCases).toHaveLength(14);
    expect(ws.useCases.filter((u) => u.tags.some((t) => t.startsWith('template:'))).map((u) => [u.id, u.tags.find((t) => t.startsWith('template:'))])).toEqual([
      ['safety-stock-optimisation', 'template:inventory-optimisation'],
      ['support-ticket-triage', 'template:ticket-triage'],
    ]);
    const stages = new Set(ws.useCases.map((u) => u.stage));
    for (const stage of DEFAULT_STAGES.filter((s) => s !== 'retired')) expect(stages, stage).toContain(stage);
    const files = (await readdir(path.join(ROOT, 'usecases'))).sort();
    expect(files).toEqual(ws.useCases.map((u) => `${u.id}.yaml`).sort());
    expect(ws.useCases.find((u) => u.id === 'cv-screening')?.risk.eu_ai_act).toBe('high');
  });

  it('has dependencies that exist and form no cycle', async () => {
    const ws = await loaded();
    const ids = new Set(ws.useCases.map((u) => u.id));
    const edges = ws.useCases.flatMap((u) => u.depends_on.map((d) => [u.id, d]));
    expect(edges.length).toBeGreaterThanOrEqual(3);
    for (const [, d] of edges) expect(ids).toContain(d);
    expect(findCycles(ws.useCases.map((u) => ({ id: u.id, deps: u.depends_on })))).toEqual([]);
  });

  it('has a data file for every dataset, with every column the dataset and its use cases name', async () => {
    const ws = await loaded();
    expect(ws.datasets.length).toBeGreaterThanOrEqual(7);
    const headers = new Map<string, string[]>();
    for (const d of ws.datasets) {
      const source = ws.sources.find((s) => s.id === d.source);
      if (source?.kind !== 'files' || !d.path) throw new Error(`${d.id}: expected a path on a files source`);
      const header = await csvHeader(path.join(ROOT, source.root, d.path));
      headers.set(d.id, header);
      expect(header, d.id).toEqual(Object.keys(d.columns ?? {}));
      for (const key of [...d.primary_key, d.freshness_column ?? d.primary_key[0]]) expect(header, d.id).toContain(key);
    }
    for (const u of ws.useCases)
      for (const need of u.datasets)
        for (const column of need.columns) expect(headers.get(need.dataset), `${u.id} needs ${need.dataset}.${column}`).toContain(column);
  });

  it('ships JSON schemas equal to the ones the code generates', async () => {
    for (const kind of Object.keys(SCHEMA_FILES) as SchemaKind[]) {
      const committed = JSON.parse(await readFile(path.join(ROOT, 'schemas', SCHEMA_FILES[kind].file), 'utf8')) as unknown;
      expect(committed, `${kind}: run \`traction schema --out examples/northwind\``).toEqual(jsonSchemaFor(kind));
    }
  });
});
