// Northwind's model services after go-live: 90 days of OpenTelemetry GenAI spans
// (usage-scenario.ts tells who, when and with which model), seeded and byte-identical for a
// seed and an end date, sent as OTLP/HTTP JSON to a running server's POST /v1/traces with an
// ingest token, exactly as an OpenTelemetry Collector's otlphttp exporter would (docs/usage.md).
// Some spans carry prompts and completions and every user id is an e-mail address: Traction
// must drop the one and pseudonymise the other on arrival.
//
//   npx tsx examples/northwind/simulate-usage.ts --url http://127.0.0.1:4600 --token trc_...
//   npx tsx examples/northwind/simulate-usage.ts --out spans.json   (for `traction telemetry import`)
//
// Attributes follow the OpenTelemetry semantic conventions for generative AI
// (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/); the JSON encoding is
// OTLP's (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): ids in hex,
// 64-bit integers as decimal strings, attributes as { key, value: { stringValue | intValue } }.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Random } from '../generator/random.js';
import { DAYS, PROFILES, personId, type ModelMix, type UsageProfile } from './usage-scenario.js';

export type AttributeValue = string | number | boolean;

export interface SimulatedSpan {
  resource: Record<string, string>;
  traceId: string;
  spanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, AttributeValue>;
  error: boolean;
}

const DAY_MS = 86_400_000;
const ERROR_TYPES = ['timeout', '429', '500'];

function hex(r: Random, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += r.int(256).toString(16).padStart(2, '0');
  return s;
}

function span(r: Random, p: UsageProfile, mix: ModelMix, atMs: number, user: { id: string; department: string } | null, withContent: boolean): SimulatedSpan {
  const input = Math.max(50, Math.round(r.lognormal(mix.inputMedian, 0.3)));
  const output = Math.max(5, Math.round(r.lognormal(mix.outputMedian, 0.4)));
  const durationMs = r.lognormal(p.latencyMedianMs, p.latencySigma);
  const error = r.chance(p.errorRate);
  const attributes: Record<string, AttributeValue> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': mix.provider,
    'gen_ai.request.model': mix.model,
    'gen_ai.response.model': mix.model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': error ? 0 : output,
    'gen_ai.usage.cache_read.input_tokens': Math.round(input * mix.cachedShare),
    'gen_ai.conversation.id': hex(r, 8),
  };
  if (p.agent) attributes['gen_ai.agent.name'] = p.agent;
  if (user) {
    attributes['user.id'] = user.id;
    attributes['northwind.department'] = user.department;
  }
  if (error) attributes['error.type'] = r.pick(ERROR_TYPES);
  // Streaming answers: the first token after about an eighth of the call (no random draw here,
  // so a seed's other spans stay as they were). Seconds, as the GenAI conventions state it.
  else attributes['gen_ai.server.time_to_first_token'] = Math.round(durationMs * 0.125) / 1000;
  if (withContent) {
    // Content the service should not have exported, and Traction must never store.
    attributes['gen_ai.input.messages'] = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Please handle the request of ${user?.id ?? 'the batch job'}` }] }]);
    attributes['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Here is the draft you asked for.' }] }]);
  }
  const startNs = BigInt(Math.round(atMs)) * 1_000_000n;
  return { resource: p.resource, traceId: hex(r, 16), spanId: hex(r, 8), name: `chat ${mix.model}`, startNs, endNs: startNs + BigInt(Math.round(durationMs * 1e6)), attributes, error };
}

function pickMix(r: Random, models: readonly ModelMix[]): ModelMix {
  let u = r.float();
  for (const m of models) if ((u -= m.share) < 0) return m;
  return models[models.length - 1]!;
}

/** One profile's spans on day `d` (0 = the first of the 90 days), starting at `dayStartMs` (UTC midnight). */
function daySpans(r: Random, p: UsageProfile, d: number, dayStartMs: number): SimulatedSpan[] {
  const weekday = new Date(dayStartMs).getUTCDay();
  const working = weekday >= 1 && weekday <= 5;
  const out: SimulatedSpan[] = [];
  // Office hours, 07:00 to 18:00 UTC.
  const at = () => dayStartMs + 7 * 3_600_000 + r.float() * 11 * 3_600_000;
  let index = 0;
  for (const dept of p.departments)
    for (let i = 0; i < dept.users; i++, index++) {
      if (d < dept.from + i * p.onboardEveryDays) continue;
      if (!r.chance(p.activity(d, index) * (working ? 1 : 0.05))) continue;
      const user = { id: personId(p.useCase, dept.name, i), department: dept.name };
      const n = Math.max(1, Math.round(p.requestsPerActiveDay * r.lognormal(1, 0.4)));
      for (let k = 0; k < n; k++) out.push(span(r, p, pickMix(r, p.models), at(), user, r.chance(0.02)));
    }
  if (p.spike && d >= p.spike.from && d <= p.spike.to)
    for (let k = 0; k < p.spike.requestsPerDay; k++) out.push(span(r, p, p.spike.mix, dayStartMs + r.float() * DAY_MS, null, false));
  return out.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

/** The 90 full UTC days before `end`'s day, every profile's spans, oldest day first. */
export function simulateUsage(seed: number, end: Date, profiles: readonly UsageProfile[] = PROFILES): SimulatedSpan[] {
  const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const spans: SimulatedSpan[] = [];
  for (const p of profiles) {
    const r = Random.stream(seed, `usage/${p.useCase}`);
    for (let d = 0; d < DAYS; d++) spans.push(...daySpans(r, p, d, endDay - (DAYS - d) * DAY_MS));
  }
  return spans;
}

function otlpValue(v: AttributeValue) {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

const otlpAttributes = (a: Record<string, AttributeValue>) => Object.entries(a).map(([key, value]) => ({ key, value: otlpValue(value) }));

/** An ExportTraceServiceRequest in OTLP JSON: one resourceSpans per service. */
export function toOtlpJson(spans: readonly SimulatedSpan[]) {
  const byService = new Map<string, SimulatedSpan[]>();
  for (const s of spans) {
    const key = JSON.stringify(s.resource);
    const group = byService.get(key);
    if (group) group.push(s);
    else byService.set(key, [s]);
  }
  return {
    resourceSpans: [...byService.values()].map((group) => ({
      resource: { attributes: otlpAttributes(group[0]!.resource) },
      scopeSpans: [
        {
          scope: { name: 'northwind-genai-instrumentation', version: '1.0.0' },
          spans: group.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            name: s.name,
            kind: 3, // SPAN_KIND_CLIENT: the service calls the model
            startTimeUnixNano: String(s.startNs),
            endTimeUnixNano: String(s.endNs),
            attributes: otlpAttributes(s.attributes),
            status: s.error ? { code: 2, message: String(s.attributes['error.type']) } : { code: 0 },
          })),
        },
      ],
    })),
  };
}

export interface SendResult {
  batches: number;
  spans: number;
  rejected: number;
  failedBatches: number;
}

/** Posts batches of `batchSize` spans; a batch refused with 429/503 or a network error is retried as is. */
export async function sendSpans(spans: readonly SimulatedSpan[], url: string, token: string, batchSize = 512): Promise<SendResult> {
  const result: SendResult = { batches: 0, spans: 0, rejected: 0, failedBatches: 0 };
  for (let i = 0; i < spans.length; i += batchSize) {
    const body = JSON.stringify(toOtlpJson(spans.slice(i, i + batchSize)));
    const answer = await postWithRetry(`${url.replace(/\/$/, '')}/v1/traces`, token, body);
    result.batches++;
    if (!answer.ok) {
      result.failedBatches++;
      if (result.failedBatches === 1) process.stderr.write(`POST /v1/traces answered ${answer.status}: ${answer.text.slice(0, 300)}\n`);
      continue;
    }
    result.spans += Math.min(batchSize, spans.length - i);
    const partial = (JSON.parse(answer.text || '{}') as { partialSuccess?: { rejectedSpans?: string | number } }).partialSuccess;
    result.rejected += Number(partial?.rejectedSpans ?? 0);
  }
  return result;
}

async function postWithRetry(url: string, token: string, body: string): Promise<{ ok: boolean; status: number; text: string }> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then(
      async (res) => ({ ok: res.ok, status: res.status, text: await res.text() }),
      (e: Error) => ({ ok: false, status: 0, text: e.message }),
    );
    // OTLP/HTTP: 429, 502, 503 and 504 are retryable; the same batch is sent again, and the
    // server counts a batch it already has only once.
    if (r.ok || ![0, 429, 502, 503, 504].includes(r.status) || attempt >= 4) return r;
    await new Promise((res) => setTimeout(res, 200 * 2 ** attempt));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '42' }, end: { type: 'string' } } });
  const spans = simulateUsage(Number(values.seed), values.end ? new Date(values.end) : new Date());
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(toOtlpJson(spans)));
    console.log(`wrote ${spans.length} spans to ${values.out}`);
    return;
  }
  const token = values.token ?? process.env.TRACTION_INGEST_TOKEN;
  if (!values.url || !token) {
    console.error('usage: simulate-usage.ts --url http://127.0.0.1:4600 --token trc_... (or TRACTION_INGEST_TOKEN), or --out FILE');
    process.exit(2);
  }
  const r = await sendSpans(spans, values.url, token);
  console.log(`sent ${r.spans} of ${spans.length} spans in ${r.batches} batches; ${r.rejected} rejected by the server; ${r.failedBatches} batches refused`);
  if (r.failedBatches > 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
