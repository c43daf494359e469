// One decoded span -> the record usage keeps of it, or the reason it is refused. Here the
// span is checked (ids, times, token counts), attributed to a use case, its user id replaced
// by a pseudonym, its department and model kept only when they cannot name a person, and
// its cost computed at the price in force on its day. Nothing else of the span survives.
import type { ModelPrice } from '../domain/usage.js';
import type { Attributor } from './attribution.js';
import { GEN_AI, isUnsafeValue } from './content-filter.js';
import type { Attributes, AttributeValue, RawSpan } from './otlp-decode.js';
import { tokenCost } from './price-table.js';
import type { Pseudonymiser } from './pseudonymise.js';

export interface ReducedSpan {
  /** traceId + spanId: what a retried batch repeats, so it is counted once. */
  key: string;
  /** Null: no use case claims it (counted as unattributed, by service). */
  useCaseId: string | null;
  service: string;
  day: string;
  model: string | null;
  department: string | null;
  user: string | null;
  errorType: string | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Null: no price for the model (unknown, not zero). */
  cost: number | null;
  durationMs: number;
  ttftMs: number | null;
}

export type RejectReason = 'invalid_id' | 'invalid_time' | 'future_time' | 'too_old' | 'invalid_tokens';

export const REJECT_MESSAGES: Record<RejectReason, string> = {
  invalid_id: 'a trace id of 16 bytes and a span id of 8 bytes, not all zero',
  invalid_time: 'start and end times, with the end not before the start',
  future_time: 'a start time not in the future (5 minutes of clock skew allowed)',
  too_old: 'a start time within the last 400 days',
  invalid_tokens: 'token counts that are whole numbers from 0 to 10^9',
};

export interface ReduceContext {
  attributor: Attributor;
  pseudonymise: Pseudonymiser;
  price: (model: string, day: string) => ModelPrice | undefined;
  nowMs: number;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const SKEW_MS = 5 * 60_000;
const MAX_AGE_MS = 400 * 86_400_000;
const MAX_TOKENS = 1e9;

/** Whether a span is a GenAI call at all: other spans (HTTP, database) in the same export are ignored. */
export function isGenAiSpan(s: RawSpan): boolean {
  const op = s.attributes[GEN_AI.operation];
  if (op === 'execute_tool') return false; // a tool run is not a model request
  return op !== undefined || s.attributes[GEN_AI.requestModel] !== undefined;
}

export function reduceSpan(s: RawSpan, ctx: ReduceContext): ReducedSpan | RejectReason {
  if (!TRACE_ID.test(s.traceId) || !SPAN_ID.test(s.spanId) || s.traceId === ZERO_TRACE || s.spanId === ZERO_SPAN) return 'invalid_id';
  if (!Number.isFinite(s.startMs) || !Number.isFinite(s.endMs) || s.endMs < s.startMs) return 'invalid_time';
  if (s.startMs > ctx.nowMs + SKEW_MS) return 'future_time';
  if (s.startMs < ctx.nowMs - MAX_AGE_MS) return 'too_old';
  const a = s.attributes;
  const inputTokens = count(a[GEN_AI.inputTokens]);
  const outputTokens = count(a[GEN_AI.outputTokens]);
  const cachedInputTokens = count(first(a, GEN_AI.cachedInputTokens));
  const reasoningTokens = count(first(a, GEN_AI.reasoningTokens));
  if (inputTokens === null || outputTokens === null || cachedInputTokens === null || reasoningTokens === null) return 'invalid_tokens';
  const day = utcDay(s.startMs);
  const rule = ctx.attributor.attribute(s.resource, a);
  const model = safeString(a[GEN_AI.responseModel] ?? a[GEN_AI.requestModel]);
  const price = model === null ? undefined : ctx.price(model, day);
  const user = rule ? (s.resource[rule.telemetry.user_attribute] ?? a[rule.telemetry.user_attribute]) : undefined;
  const department = rule?.telemetry.department_attribute ? (s.resource[rule.telemetry.department_attribute] ?? a[rule.telemetry.department_attribute]) : undefined;
  const ttft = a[GEN_AI.timeToFirstToken];
  return {
    key: s.traceId + s.spanId,
    useCaseId: rule?.useCaseId ?? null,
    service: safeString(s.resource[GEN_AI.serviceName]) ?? 'unknown',
    day,
    model,
    department: safeString(department),
    user: user === undefined || user === '' ? null : ctx.pseudonymise(String(user)),
    errorType: safeString(a[GEN_AI.errorType]) ?? (s.statusError ? 'error' : null),
    inputTokens,
    outputTokens,
    cachedInputTokens,
    reasoningTokens,
    cost: price ? tokenCost(price, { input: inputTokens, output: outputTokens, cachedInput: cachedInputTokens }) : null,
    durationMs: s.endMs - s.startMs,
    ttftMs: typeof ttft === 'number' && ttft >= 0 && Number.isFinite(ttft) ? ttft * 1000 : null,
  };
}

function first(a: Attributes, names: readonly string[]): AttributeValue | undefined {
  for (const n of names) if (a[n] !== undefined) return a[n];
  return undefined;
}

/** A token count: absent is 0; anything but a whole number in range is invalid (null). */
function count(v: AttributeValue | undefined): number | null {
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TOKENS ? v : null;
}

const safeMemo = new Map<string, boolean>();
/** A label kept as is (model, department, service, error type), or null when it might be personal or content. */
function safeString(v: AttributeValue | undefined): string | null {
  if (v === undefined) return null;
  const s = String(v);
  if (s === '') return null;
  // Labels repeat across spans (a handful of models, departments, services): test each once.
  let safe = safeMemo.get(s);
  if (safe === undefined) {
    safe = !isUnsafeValue(s);
    if (safeMemo.size >= 10_000) safeMemo.clear();
    safeMemo.set(s, safe);
  }
  return safe ? s : null;
}

const DAY_MS = 86_400_000;
let lastDay = { start: 0, end: 0, day: '' };
/** The UTC day of a time; memoised for the current day, which nearly every span falls in. */
function utcDay(ms: number): string {
  if (ms >= lastDay.start && ms < lastDay.end) return lastDay.day;
  const start = Math.floor(ms / DAY_MS) * DAY_MS;
  lastDay = { start, end: start + DAY_MS, day: new Date(start).toISOString().slice(0, 10) };
  return lastDay.day;
}
