// Usage after go-live: the shapes shared by telemetry ingest (src/usage), the store's usage
// tables, the usage metrics (adoption, cost, value) and the API. Spans are reduced to these
// records at the edge; prompts, completions and raw user ids never get this far.
import { z } from 'zod';

/**
 * A use case's claim on telemetry (`telemetry:` in its YAML). A span is the use case's when
 * every `match` entry equals the span's attribute of that name (resource attributes first,
 * then span attributes), e.g. `{ service.name: support-assistant, gen_ai.agent.name: triage }`,
 * or when the span carries `traction.use_case.id` equal to the use case's id.
 */
export const telemetryConfigSchema = z
  .object({
    match: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()])).default({}).describe('attribute name -> value; all must match'),
    user_attribute: z.string().min(1).default('user.id').describe('the attribute holding the user id (pseudonymised on arrival)'),
    department_attribute: z.string().min(1).optional().describe('the attribute holding the department'),
    audience: z.number().int().positive().optional().describe('how many people the use case is meant for (the adoption rate is active users over this)'),
  })
  .strict();
export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;

/** One entry of the price table: prices per 1M tokens for models whose name matches, from a date on. */
export const modelPriceSchema = z
  .object({
    model: z.string().min(1).describe('a model name, or a pattern with * (e.g. gpt-4o-mini*)'),
    input_per_1m: z.number().nonnegative(),
    output_per_1m: z.number().nonnegative(),
    cached_input_per_1m: z.number().nonnegative().optional().describe('defaults to input_per_1m'),
    valid_from: z.iso.date().describe('the price applies to spans from this date (UTC) on'),
  })
  .strict();
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/**
 * A GenAI span as the ingest edge hands it on: attributes with every content-bearing one
 * (gen_ai.input.messages, gen_ai.output.messages, gen_ai.system_instructions, prompts,
 * completions, tool call arguments and results) already dropped.
 */
export interface UsageSpan {
  traceId: string;
  spanId: string;
  /** Span start, ms since the epoch. */
  startMs: number;
  durationMs: number;
  /** Time to first token when the span says it (attribute or event), ms. */
  timeToFirstTokenMs?: number;
  resource: Record<string, string | number | boolean>;
  attributes: Record<string, string | number | boolean>;
  /** error.type, or the span status' ERROR as 'error'. */
  errorType?: string;
}

/** One use case's usage on one UTC day (optionally one department or model): what is stored. */
export interface UsageDay {
  useCaseId: string;
  day: string;
  requests: number;
  errors: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** In the workspace currency, at the price in force when each span happened. */
  cost: number;
  /** Requests whose model had no price (their cost is unknown, not zero). */
  unpricedRequests: number;
  /** Pseudonymous ids (keyed hash) of the users active that day. */
  users: string[];
  /** Requests per department and per model. */
  departments: Record<string, number>;
  models: Record<string, number>;
  /** Latency and time-to-first-token quantiles from the day's merged sketch, ms. */
  latencyMs: { p50: number; p90: number; p99: number } | null;
  ttftMs: { p50: number; p90: number; p99: number } | null;
}
