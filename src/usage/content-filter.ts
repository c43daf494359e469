// Privacy at the edge: which span attributes are read at all. An allow-list, not a
// deny-list: only the GenAI semantic-convention fields usage needs, plus the attributes the
// use cases' `telemetry:` blocks name, are decoded; everything else (prompts, completions,
// tool arguments, anything a service adds tomorrow) stays undecoded bytes. Content-bearing
// names are refused even when a use case names them, so no configuration can store them.
// Names: https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
import type { TelemetryConfig } from '../domain/usage.js';

/** Attribute names usage reads from every span. */
export const GEN_AI = {
  operation: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  // Semantic conventions 1.37+ name; the older spelling some instrumentations send is read too.
  cachedInputTokens: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cached_input_tokens'],
  reasoningTokens: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens'],
  errorType: 'error.type',
  // Seconds, as the semantic conventions' gen_ai.server.time_to_first_token metric states it.
  timeToFirstToken: 'gen_ai.server.time_to_first_token',
  serviceName: 'service.name',
  useCaseId: 'traction.use_case.id',
} as const;

const ALWAYS = new Set<string>([
  GEN_AI.operation,
  GEN_AI.requestModel,
  GEN_AI.responseModel,
  GEN_AI.inputTokens,
  GEN_AI.outputTokens,
  ...GEN_AI.cachedInputTokens,
  ...GEN_AI.reasoningTokens,
  GEN_AI.errorType,
  GEN_AI.timeToFirstToken,
  GEN_AI.serviceName,
  GEN_AI.useCaseId,
]);

/** Attribute names that carry content (or may): never read, whatever a configuration says. */
export function isContentAttribute(key: string): boolean {
  return /(^|[._])(messages?|prompts?|completions?|content|instructions|arguments|result|input\.value|output\.value|query|text)($|[._])/i.test(key);
}

/** The attributes to decode, for the use cases' telemetry blocks. */
export function attributeFilter(configs: readonly TelemetryConfig[]): (key: string) => boolean {
  const wanted = new Set(ALWAYS);
  for (const c of configs) {
    for (const k of Object.keys(c.match)) wanted.add(k);
    wanted.add(c.user_attribute);
    if (c.department_attribute) wanted.add(c.department_attribute);
  }
  for (const k of wanted) if (isContentAttribute(k)) wanted.delete(k);
  return (key) => wanted.has(key);
}

// RFC 5322's full grammar is not needed: anything shaped local@domain.tld is treated as one.
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Kept string values that could still be personal or content: e-mail addresses, long text. */
export function isUnsafeValue(v: string): boolean {
  return v.length > 200 || EMAIL.test(v);
}
