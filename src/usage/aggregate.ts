// Reduced spans -> one aggregate per use case and UTC day, in memory, for one batch; the
// store merges each into the day's stored aggregate (sums add, user sets unite, sketches
// merge exactly). Unattributed spans are counted per day and service.
import { LatencySketch } from './latency-sketch.js';
import type { ReducedSpan } from './reduce-span.js';

export interface DayAggregate {
  useCaseId: string;
  day: string;
  requests: number;
  errors: Map<string, number>;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  cost: number;
  unpricedRequests: number;
  users: Set<string>;
  /** Requests and distinct users per department (the users decide whether it may be shown). */
  departments: Map<string, { requests: number; users: Set<string> }>;
  models: Map<string, number>;
  latency: LatencySketch;
  ttft: LatencySketch;
}

export function emptyDay(useCaseId: string, day: string): DayAggregate {
  return {
    useCaseId,
    day,
    requests: 0,
    errors: new Map(),
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    unpricedRequests: 0,
    users: new Set(),
    departments: new Map(),
    models: new Map(),
    latency: new LatencySketch(),
    ttft: new LatencySketch(),
  };
}

export interface BatchAggregate {
  days: Map<string, DayAggregate>;
  /** `day|service` -> requests no use case claimed. */
  unattributed: Map<string, number>;
}

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export function aggregate(spans: Iterable<ReducedSpan>): BatchAggregate {
  const days = new Map<string, DayAggregate>();
  const unattributed = new Map<string, number>();
  for (const s of spans) {
    if (s.useCaseId === null) {
      bump(unattributed, `${s.day}|${s.service}`);
      continue;
    }
    const key = `${s.useCaseId}|${s.day}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = emptyDay(s.useCaseId, s.day)));
    addSpan(d, s);
  }
  return { days, unattributed };
}

function addSpan(d: DayAggregate, s: ReducedSpan): void {
  d.requests++;
  if (s.errorType !== null) bump(d.errors, s.errorType);
  d.inputTokens += s.inputTokens;
  d.outputTokens += s.outputTokens;
  d.cachedInputTokens += s.cachedInputTokens;
  d.reasoningTokens += s.reasoningTokens;
  if (s.cost === null) d.unpricedRequests++;
  else d.cost += s.cost;
  if (s.user !== null) d.users.add(s.user);
  if (s.department !== null) {
    let dep = d.departments.get(s.department);
    if (!dep) d.departments.set(s.department, (dep = { requests: 0, users: new Set() }));
    dep.requests++;
    if (s.user !== null) dep.users.add(s.user);
  }
  if (s.model !== null) bump(d.models, s.model);
  d.latency.add(s.durationMs);
  if (s.ttftMs !== null) d.ttft.add(s.ttftMs);
}

/** Adds `from` into `into` (same use case and day). */
export function mergeDay(into: DayAggregate, from: DayAggregate): void {
  into.requests += from.requests;
  for (const [k, n] of from.errors) bump(into.errors, k, n);
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cachedInputTokens += from.cachedInputTokens;
  into.reasoningTokens += from.reasoningTokens;
  into.cost += from.cost;
  into.unpricedRequests += from.unpricedRequests;
  for (const u of from.users) into.users.add(u);
  for (const [name, dep] of from.departments) {
    const mine = into.departments.get(name) ?? { requests: 0, users: new Set<string>() };
    mine.requests += dep.requests;
    for (const u of dep.users) mine.users.add(u);
    into.departments.set(name, mine);
  }
  for (const [k, n] of from.models) bump(into.models, k, n);
  into.latency.merge(from.latency);
  into.ttft.merge(from.ttft);
}
