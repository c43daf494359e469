// usage_days rows <-> the in-memory day aggregate (write path) and the shared UsageDay
// (read path). JSON documents are TEXT in both databases; bigint counts arrive from
// PostgreSQL as strings.
import type { UsageDay } from '../domain/usage.js';
import { emptyDay, type DayAggregate } from '../usage/aggregate.js';
import { LatencySketch, sketchQuantiles, type SketchData } from '../usage/latency-sketch.js';
import type { UsageDaysTable } from './database.js';

type Departments = Record<string, { requests: number; users: string[] }>;

export function dayToRow(d: DayAggregate, updatedAt: string): UsageDaysTable {
  return {
    use_case_id: d.useCaseId,
    day: d.day,
    requests: d.requests,
    errors: JSON.stringify(Object.fromEntries(d.errors)),
    input_tokens: d.inputTokens,
    output_tokens: d.outputTokens,
    cached_input_tokens: d.cachedInputTokens,
    reasoning_tokens: d.reasoningTokens,
    cost: d.cost,
    unpriced_requests: d.unpricedRequests,
    users: sortedJson(d.users),
    departments: departmentsJson(d.departments),
    models: JSON.stringify(Object.fromEntries(d.models)),
    latency_sketch: JSON.stringify(d.latency.toData()),
    ttft_sketch: JSON.stringify(d.ttft.toData()),
    updated_at: updatedAt,
  };
}

/**
 * A user set as a sorted JSON array. Ingest writes a day's row once per transaction, and its
 * user sets (the bulk of the row) rarely grow between two: the text is kept per set while
 * its size is unchanged (the write path only ever adds to a set, so same size, same users).
 */
const serialised = new WeakMap<Set<string>, { size: number; json: string }>();
function sortedJson(users: Set<string>): string {
  const kept = serialised.get(users);
  if (kept && kept.size === users.size) return kept.json;
  const json = JSON.stringify([...users].sort());
  serialised.set(users, { size: users.size, json });
  return json;
}

/** JSON.stringify of { name: { requests, users: sorted } }, in the key order it would give, with each user list from sortedJson. */
function departmentsJson(departments: DayAggregate['departments']): string {
  const order: Record<string, true> = Object.create(null) as Record<string, true>;
  for (const name of departments.keys()) order[name] = true;
  const parts: string[] = [];
  for (const name of Object.keys(order)) {
    const dep = departments.get(name)!;
    parts.push(`${JSON.stringify(name)}:{"requests":${JSON.stringify(dep.requests)},"users":${sortedJson(dep.users)}}`);
  }
  return `{${parts.join(',')}}`;
}

export function rowToDay(r: UsageDaysTable): DayAggregate {
  const d = emptyDay(r.use_case_id, r.day);
  d.requests = Number(r.requests);
  d.errors = new Map(Object.entries(JSON.parse(r.errors) as Record<string, number>));
  d.inputTokens = Number(r.input_tokens);
  d.outputTokens = Number(r.output_tokens);
  d.cachedInputTokens = Number(r.cached_input_tokens);
  d.reasoningTokens = Number(r.reasoning_tokens);
  d.cost = Number(r.cost);
  d.unpricedRequests = Number(r.unpriced_requests);
  d.users = new Set(JSON.parse(r.users) as string[]);
  for (const [name, dep] of Object.entries(JSON.parse(r.departments) as Departments)) d.departments.set(name, { requests: dep.requests, users: new Set(dep.users) });
  d.models = new Map(Object.entries(JSON.parse(r.models) as Record<string, number>));
  d.latency = LatencySketch.fromData(JSON.parse(r.latency_sketch) as SketchData);
  d.ttft = LatencySketch.fromData(JSON.parse(r.ttft_sketch) as SketchData);
  return d;
}

/** The shared shape; `shownDepartments` are the departments large enough to be shown. */
export function dayToUsageDay(d: DayAggregate, shownDepartments: ReadonlySet<string>): UsageDay {
  const departments: Record<string, number> = {};
  for (const [name, dep] of d.departments) if (shownDepartments.has(name)) departments[name] = dep.requests;
  return {
    useCaseId: d.useCaseId,
    day: d.day,
    requests: d.requests,
    errors: Object.fromEntries(d.errors),
    inputTokens: d.inputTokens,
    outputTokens: d.outputTokens,
    cachedInputTokens: d.cachedInputTokens,
    reasoningTokens: d.reasoningTokens,
    cost: d.cost,
    unpricedRequests: d.unpricedRequests,
    users: [...d.users].sort(),
    departments,
    models: Object.fromEntries(d.models),
    latencyMs: sketchQuantiles(d.latency),
    ttftMs: sketchQuantiles(d.ttft),
  };
}
