// usage_days rows <-> the in-memory day aggregate (write path) and the shared UsageDay
// (read path). JSON documents are TEXT in both databases; bigint counts arrive from
// PostgreSQL as strings.
import type { UsageDay } from '../domain/usage.js';
import { emptyDay, type DayAggregate } from '../usage/aggregate.js';
import { LatencySketch, sketchQuantiles, type SketchData } from '../usage/latency-sketch.js';
import type { UsageDaysTable } from './database.js';

type Departments = Record<string, { requests: number; users: string[] }>;

export function dayToRow(d: DayAggregate, updatedAt: string): UsageDaysTable {
  const departments: Departments = {};
  for (const [name, dep] of d.departments) departments[name] = { requests: dep.requests, users: [...dep.users].sort() };
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
    users: JSON.stringify([...d.users].sort()),
    departments: JSON.stringify(departments),
    models: JSON.stringify(Object.fromEntries(d.models)),
    latency_sketch: JSON.stringify(d.latency.toData()),
    ttft_sketch: JSON.stringify(d.ttft.toData()),
    updated_at: updatedAt,
  };
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
