// Datasets from a dbt `manifest.json` (written by `dbt parse`, `compile`, `run`, `build`, `docs
// generate`; schema https://schemas.getdbt.com/dbt/manifest/v12.json and its predecessors). Each
// model becomes a dataset with its columns (name, description, data type where declared) read
// from the table dbt builds (`schema.alias`) in a Traction source named by the importer: the
// manifest says where dbt writes, not how Traction connects, so the caller names the source
// (`--source`), whose connection reaches that database. dbt's generic tests become checks:
// not_null, unique, accepted_values, relationships (referential integrity to the dataset of
// the model it names); every other test is listed as skipped with the reason. Manifests v9 to
// v12 (dbt 1.5 and later) are read; the shapes read are checked with zod and anything else is
// refused with the path of what is wrong. Pure.
import { z } from 'zod';
import type { Check } from '../domain/checks.js';
import { datasetSchema, type Dataset } from '../domain/dataset.js';

export const DBT_MANIFEST_VERSIONS = [9, 10, 11, 12] as const;

const metadataSchema = z.looseObject({
  dbt_schema_version: z.string(),
  dbt_version: z.string().optional(),
  project_name: z.string().nullable().optional(),
  adapter_type: z.string().nullable().optional(),
});

const columnSchema = z.looseObject({ name: z.string(), description: z.string().nullable().optional(), data_type: z.string().nullable().optional() });

const modelSchema = z.looseObject({
  resource_type: z.literal('model'),
  unique_id: z.string(),
  name: z.string().min(1),
  package_name: z.string(),
  schema: z.string().min(1),
  alias: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  columns: z.record(z.string(), columnSchema).default({}),
});

const testSchema = z.looseObject({
  resource_type: z.literal('test'),
  unique_id: z.string(),
  name: z.string(),
  test_metadata: z.looseObject({ name: z.string(), namespace: z.string().nullable().optional(), kwargs: z.record(z.string(), z.unknown()).default({}) }).nullable().optional(),
  column_name: z.string().nullable().optional(),
  attached_node: z.string().nullable().optional(),
  depends_on: z.looseObject({ nodes: z.array(z.string()).default([]) }).default({ nodes: [] }),
  config: z.looseObject({ severity: z.string().nullable().optional(), where: z.string().nullable().optional(), enabled: z.boolean().optional() }).optional(),
});

const manifestSchema = z.looseObject({
  metadata: metadataSchema,
  nodes: z.record(z.string(), z.looseObject({ resource_type: z.string() })),
});

export interface DbtProblem {
  /** A JSON path into the manifest: `nodes["model.shop.orders"].columns`. */
  path: string;
  message: string;
}

export class DbtManifestRefused extends Error {
  constructor(readonly problems: DbtProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

export interface SkippedTest {
  test: string;
  model: string | null;
  reason: string;
}

export interface DbtImportPlan {
  version: number;
  dbtVersion: string | null;
  project: string | null;
  datasets: Dataset[];
  /** dbt model unique_id -> dataset id. */
  modelDatasets: Record<string, string>;
  translated: number;
  skipped: SkippedTest[];
}

const pathOf = (prefix: string, path: readonly PropertyKey[]) => prefix + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');

function parseOr<T>(schema: z.ZodType<T>, value: unknown, prefix: string, problems: DbtProblem[]): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const i of r.error.issues.slice(0, 5)) problems.push({ path: pathOf(prefix, i.path), message: i.message });
  return undefined;
}

/** The manifest's schema version from `metadata.dbt_schema_version`, or a refusal naming what it is. */
function versionOf(raw: unknown): number {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new DbtManifestRefused([{ path: '$', message: 'is not a dbt manifest: expected a JSON object with metadata and nodes' }]);
  const m = /\/manifest\/v(\d+)(?:\.json)?$/.exec(String((raw as { metadata?: { dbt_schema_version?: unknown } }).metadata?.dbt_schema_version ?? ''));
  if (!m) throw new DbtManifestRefused([{ path: 'metadata.dbt_schema_version', message: 'is not a dbt manifest: no manifest schema version (https://schemas.getdbt.com/dbt/manifest/vN.json); is this run_results.json or catalog.json?' }]);
  const v = Number(m[1]);
  if (!(DBT_MANIFEST_VERSIONS as readonly number[]).includes(v)) throw new DbtManifestRefused([{ path: 'metadata.dbt_schema_version', message: `manifest v${v}: Traction reads v9 to v12 (dbt 1.5 and later); run dbt parse with a newer dbt` }]);
  return v;
}

/** A dataset id from a model name: lower case, `_` for anything an id cannot hold, a letter first. */
function datasetId(name: string, taken: Set<string>, pkg: string): string {
  const base = (name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[^a-z]+/, '') || 'model').slice(0, 60);
  let id = base;
  if (taken.has(id)) id = `${pkg.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}_${base}`.replace(/^[^a-z]+/, '').slice(0, 64);
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 58)}_${n}`;
  taken.add(id);
  return id;
}

// dbt's `data_type` is the warehouse's type name; Traction's column types are portable.
function columnType(dataType: string | null | undefined): string | undefined {
  const t = (dataType ?? '').toLowerCase();
  if (t === '') return undefined;
  if (/^(big|small|tiny|hug)?int(eger)?\d*\b|^int\d|^(u)?bigint|^smallint/.test(t)) return 'integer';
  if (/^(numeric|decimal|double|float|real|number)/.test(t)) return 'number';
  if (/^bool/.test(t)) return 'boolean';
  if (/^timestamp|^datetime/.test(t)) return 'timestamp';
  if (/^date$/.test(t)) return 'date';
  if (/^(varchar|char|text|string|character)/.test(t)) return 'string';
  return undefined;
}

/** The model a `ref('name')` / `ref('pkg', 'name')` in a relationships test's `to` points at. */
function refTarget(to: unknown, dependsOn: readonly string[], attached: string | null): string | { reason: string } {
  const text = String(to ?? '');
  if (/^\s*source\(/.test(text)) return { reason: `points at a dbt source (${text}), not a model: only models become datasets` };
  const m = /ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]/.exec(text);
  if (!m) return { reason: `its "to" (${text.slice(0, 60)}) is not a ref() to a model` };
  const target = dependsOn.find((n) => n !== attached && n.startsWith('model.') && n.endsWith(`.${m[1]}`)) ?? dependsOn.find((n) => n.startsWith('model.') && n.endsWith(`.${m[1]}`));
  return target ?? { reason: `ref('${m[1]}') is not a model of this manifest` };
}

type Test = z.infer<typeof testSchema>;

function checkOf(test: Test, modelDatasets: Record<string, string>, attached: string): Check | { reason: string } {
  const meta = test.test_metadata;
  if (!meta) return { reason: 'a singular (SQL) test: write it as a custom_sql check by hand' };
  const name = meta.namespace ? `${meta.namespace}.${meta.name}` : meta.name;
  const column = test.column_name ?? (typeof meta.kwargs.column_name === 'string' ? meta.kwargs.column_name : undefined);
  const common = { name: `dbt: ${test.name}`.slice(0, 200), ...(test.config?.severity?.toLowerCase() === 'warn' ? { severity: 'warn' as const } : {}), ...(test.config?.where ? { where: test.config.where } : {}) };
  if (meta.namespace && meta.namespace !== 'dbt') return { reason: `${name} has no Traction check of the same meaning; write it as a check by hand` };
  if (!column && ['not_null', 'unique', 'accepted_values', 'relationships'].includes(meta.name)) return { reason: `${name} names no column` };
  switch (meta.name) {
    case 'not_null':
      return { type: 'not_null', column: column!, ...common } as Check;
    case 'unique':
      return { type: 'unique', column: column!, ...common } as Check;
    case 'accepted_values': {
      const values = meta.kwargs.values;
      if (!Array.isArray(values) || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return { reason: 'accepted_values without a list of plain values' };
      return { type: 'accepted_values', column: column!, values: values as (string | number | boolean)[], ...common } as Check;
    }
    case 'relationships': {
      const target = refTarget(meta.kwargs.to, test.depends_on.nodes, attached);
      if (typeof target !== 'string') return target;
      const field = meta.kwargs.field;
      if (typeof field !== 'string') return { reason: 'relationships without a field' };
      return { type: 'referential_integrity', column: column!, to: { dataset: modelDatasets[target]!, column: field }, ...common } as Check;
    }
    default:
      return { reason: `${name} has no Traction check of the same meaning; write it as a check by hand` };
  }
}

/** The datasets a manifest's models make, in the Traction source `source`; refused whole on a problem. */
export function planDbtImport(raw: unknown, options: { source: string }): DbtImportPlan {
  const version = versionOf(raw);
  const problems: DbtProblem[] = [];
  const manifest = parseOr(manifestSchema, raw, '', problems);
  if (!manifest) throw new DbtManifestRefused(problems);
  const models: z.infer<typeof modelSchema>[] = [];
  const tests: Test[] = [];
  for (const [key, node] of Object.entries(manifest.nodes)) {
    const at = `nodes["${key}"]`;
    if (node.resource_type === 'model') models.push(...[parseOr(modelSchema, node, at, problems)].filter((m) => m !== undefined));
    if (node.resource_type === 'test') tests.push(...[parseOr(testSchema, node, at, problems)].filter((t) => t !== undefined));
  }
  if (problems.length > 0) throw new DbtManifestRefused(problems);
  const taken = new Set<string>();
  const modelDatasets: Record<string, string> = {};
  for (const m of models.sort((a, b) => a.unique_id.localeCompare(b.unique_id))) modelDatasets[m.unique_id] = datasetId(m.name, taken, m.package_name);
  const checks = new Map<string, Check[]>(models.map((m) => [m.unique_id, []]));
  const skipped: SkippedTest[] = [];
  let translated = 0;
  for (const t of tests.sort((a, b) => a.unique_id.localeCompare(b.unique_id))) {
    if (t.config?.enabled === false) continue;
    const attached = t.attached_node ?? t.depends_on.nodes.find((n) => n.startsWith('model.')) ?? null;
    if (!attached || !checks.has(attached)) {
      skipped.push({ test: t.unique_id, model: attached, reason: attached ? `tests ${attached.split('.')[0]} ${attached}, not a model` : 'attached to no model' });
      continue;
    }
    const c = checkOf(t, modelDatasets, attached);
    if ('reason' in c) skipped.push({ test: t.unique_id, model: modelDatasets[attached]!, reason: c.reason });
    else {
      checks.get(attached)!.push(c);
      translated++;
    }
  }
  const datasets = models.map((m) => {
    const columns = Object.fromEntries(
      Object.values(m.columns).map((c) => {
        const type = columnType(c.data_type);
        return [c.name, { ...(type ? { type } : {}), ...(c.description ? { description: c.description } : {}) }];
      }),
    );
    const body = {
      id: modelDatasets[m.unique_id]!,
      title: m.name,
      ...(m.description ? { description: m.description } : {}),
      source: options.source,
      system: `dbt model ${m.unique_id}`,
      table: `${m.schema}.${m.alias ?? m.name}`,
      ...(Object.keys(columns).length > 0 ? { columns } : {}),
      checks: checks.get(m.unique_id)!,
    };
    const r = datasetSchema.safeParse(body);
    if (!r.success) for (const i of r.error.issues) problems.push({ path: pathOf(`nodes["${m.unique_id}"] as dataset ${body.id}`, i.path), message: i.message });
    return r.data;
  });
  if (problems.length > 0) throw new DbtManifestRefused(problems);
  return {
    version,
    dbtVersion: manifest.metadata.dbt_version ?? null,
    project: manifest.metadata.project_name ?? null,
    datasets: datasets.filter((d): d is Dataset => d !== undefined).sort((a, b) => a.id.localeCompare(b.id)),
    modelDatasets,
    translated,
    skipped,
  };
}
