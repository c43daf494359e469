// A deterministic set of GenAI spans (what an instrumented support assistant and invoice
// matcher would emit, prompts and e-mail addresses included) and a brute-force count of
// them, written without any of src/usage, to check the stored aggregates against.
import { createHmac } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { sha256 } from '../../src/server/auth/principal.js';
import { insertApiToken } from '../../src/store/api-token-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { newId } from '../../src/store/evidence-repository.js';
import { findCredentials } from '../../src/store/user-repository.js';
import { contentHash } from '../../src/workspace/definitions.js';
import { CONFIG, sampleUseCase, T0, type TestApp } from './server-app.js';

export const TELEMETRY_KEY = Buffer.alloc(32, 7);
export const SECRET_PROMPT = 'PROMPT-SECRET: my salary is 123456 and my password is hunter2';
export const SECRET_COMPLETION = 'COMPLETION-SECRET: here is your password';

export const PRICES = [
  { model: 'gpt-4o-mini*', input_per_1m: 0.15, output_per_1m: 0.6, cached_input_per_1m: 0.075, valid_from: '2026-01-01' },
  { model: 'claude-sonnet', input_per_1m: 3, output_per_1m: 15, valid_from: '2026-01-01' },
  // A price change: spans from 1 March on cost less.
  { model: 'claude-sonnet', input_per_1m: 2, output_per_1m: 10, valid_from: '2026-03-01' },
];

/** Independent of src/usage/price-table.ts: the same table, written out by hand. */
function priceOf(model: string, day: string): { i: number; o: number; c: number } | undefined {
  if (model.startsWith('gpt-4o-mini')) return { i: 0.15, o: 0.6, c: 0.075 };
  if (model === 'claude-sonnet') return day >= '2026-03-01' ? { i: 2, o: 10, c: 2 } : { i: 3, o: 15, c: 3 };
  return undefined;
}

export const USE_CASES = [
  sampleUseCase('support-assistant', { telemetry: { match: { 'service.name': 'support-assistant' }, user_attribute: 'enduser.id', department_attribute: 'org.department', audience: 40 } }),
  sampleUseCase('invoice-matching', { telemetry: { match: { 'service.name': 'invoices', 'gen_ai.agent.name': 'matcher' } } }),
];

export interface SpanSpec {
  service: string;
  agent?: string;
  useCaseAttr?: string;
  user: string;
  department: string;
  model: string;
  startMs: number;
  durationMs: number;
  input: number;
  output: number;
  cached: number;
  reasoning: number;
  error?: 'status' | 'rate_limit';
  ttftS?: number;
}

/** A small linear congruential generator (Numerical Recipes constants): reproducible, no dependency. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** `n` spans over the 3 days before `endMs`: 30 sales users, a legal department of 4, an unattributed service. */
export function makeSpans(n: number, endMs: number, seed = 42): SpanSpec[] {
  const r = lcg(seed);
  const out: SpanSpec[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    const legal = r() < 0.15;
    const user = legal ? `lawyer${Math.floor(r() * 4)}@northwind.example` : `seller${Math.floor(r() * 30)}@northwind.example`;
    const models = ['gpt-4o-mini-2024-07-18', 'claude-sonnet', 'mystery-model'];
    const input = Math.floor(r() * 4000);
    out.push({
      service: kind < 0.6 ? 'support-assistant' : kind < 0.85 ? 'invoices' : 'hr-bot',
      ...(kind >= 0.6 && kind < 0.85 ? { agent: 'matcher' } : {}),
      user,
      department: legal ? 'legal' : 'sales',
      model: models[Math.floor(r() * (r() < 0.05 ? 3 : 2))]!,
      startMs: endMs - 3 * 86_400_000 + Math.floor(r() * 3 * 86_400_000 - 60_000),
      // Log-normal-ish latencies from ~50 ms to several seconds.
      durationMs: Math.round(Math.exp(4 + r() * 4) * 1000) / 1000,
      input,
      output: Math.floor(r() * 800),
      cached: Math.floor(r() * input * 0.5),
      reasoning: Math.floor(r() * 100),
      ...(r() < 0.05 ? { error: r() < 0.5 ? ('status' as const) : ('rate_limit' as const) } : {}),
      ...(r() < 0.7 ? { ttftS: Math.round(r() * 2000) / 1e6 + 0.05 } : {}),
    });
  }
  return out;
}

/** Emits the spans through an OpenTelemetry tracer (one per service, since the resource carries service.name). */
export function emit(tracers: Record<string, Tracer>, specs: SpanSpec[]): void {
  for (const s of specs) {
    const span = tracers[s.service]!.startSpan(`chat ${s.model}`, {
      startTime: s.startMs,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': s.model,
        'gen_ai.usage.input_tokens': s.input,
        'gen_ai.usage.output_tokens': s.output,
        'gen_ai.usage.cache_read.input_tokens': s.cached,
        'gen_ai.usage.reasoning.output_tokens': s.reasoning,
        'enduser.id': s.user,
        'org.department': s.department,
        'user.email': s.user,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `${SECRET_PROMPT} from ${s.user}` }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: SECRET_COMPLETION }] }]),
        'gen_ai.system_instructions': 'You are a helpful assistant. SYSTEM-SECRET',
        ...(s.agent ? { 'gen_ai.agent.name': s.agent } : {}),
        ...(s.error === 'rate_limit' ? { 'error.type': 'rate_limit' } : {}),
        ...(s.ttftS !== undefined ? { 'gen_ai.server.time_to_first_token': s.ttftS } : {}),
      },
    });
    if (s.error === 'status') span.setStatus({ code: SpanStatusCode.ERROR, message: `failed for ${s.user}` });
    span.end(s.startMs + s.durationMs);
  }
}

export interface Expected {
  requests: number;
  errors: Record<string, number>;
  users: Set<string>;
  input: number;
  output: number;
  cached: number;
  reasoning: number;
  cost: number;
  unpriced: number;
  durations: number[];
  ttfts: number[];
  departmentUsers: Map<string, Set<string>>;
}

const hmac = (id: string) => createHmac('sha256', TELEMETRY_KEY).update(id).digest('hex').slice(0, 32);

/** Brute force: per `useCase|day`, everything counted straight from the specs. */
export function bruteForce(specs: SpanSpec[]): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const s of specs) {
    const useCase = s.service === 'support-assistant' ? 'support-assistant' : s.service === 'invoices' ? 'invoice-matching' : undefined;
    if (!useCase) continue;
    const day = new Date(s.startMs).toISOString().slice(0, 10);
    const key = `${useCase}|${day}`;
    let e = out.get(key);
    if (!e) out.set(key, (e = { requests: 0, errors: {}, users: new Set(), input: 0, output: 0, cached: 0, reasoning: 0, cost: 0, unpriced: 0, durations: [], ttfts: [], departmentUsers: new Map() }));
    e.requests++;
    const err = s.error === 'status' ? 'error' : s.error;
    if (err) e.errors[err] = (e.errors[err] ?? 0) + 1;
    // Only support-assistant says where its user id is (enduser.id); invoice-matching's default user.id is absent.
    if (useCase === 'support-assistant') {
      e.users.add(hmac(s.user));
      const dep = e.departmentUsers.get(s.department) ?? new Set<string>();
      dep.add(hmac(s.user));
      e.departmentUsers.set(s.department, dep);
    }
    e.input += s.input;
    e.output += s.output;
    e.cached += s.cached;
    e.reasoning += s.reasoning;
    const p = priceOf(s.model, day);
    if (p) e.cost += ((s.input - s.cached) * p.i + s.cached * p.c + s.output * p.o) / 1e6;
    else e.unpriced++;
    e.durations.push(s.durationMs);
    if (s.ttftS !== undefined) e.ttfts.push(s.ttftS * 1000);
  }
  return out;
}

/** The exact order statistic DDSketch's guarantee refers to: sorted[floor(q (n - 1))]. */
export function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** OTLP request bodies for `specs` as the SDK's own serialisers write them (one request per service). */
export async function otlpBodies(specs: SpanSpec[], encoding: 'protobuf' | 'json'): Promise<Uint8Array[]> {
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { JsonTraceSerializer, ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  const bodies: Uint8Array[] = [];
  for (const service of [...new Set(specs.map((s) => s.service))]) {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    emit({ [service]: provider.getTracer('genai-test') }, specs.filter((s) => s.service === service));
    const spans = exporter.getFinishedSpans();
    bodies.push((encoding === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(spans)!);
    await provider.shutdown();
  }
  return bodies;
}

/** Stores the telemetry use cases and the price table, and mints a contributor's token of `scope`. */
export async function seedTelemetry(t: TestApp, scope: 'ingest' | 'read' = 'ingest'): Promise<string> {
  const def = (kind: 'config' | 'use_case', id: string, body: unknown) => ({ kind, id, body, hash: contentHash(body) });
  await applyDefinitions(t.store, [def('config', 'config', { ...CONFIG, prices: PRICES }), ...USE_CASES.map((u) => def('use_case', u.id, u))], 'seed', T0);
  const user = (await findCredentials(t.store.db, 'contributor'))!.user;
  const secret = `trc_${newId('secret')}`;
  await insertApiToken(t.store.db, { id: newId('tok'), userId: user.id, name: 'collector', scope, tokenHash: sha256(secret), expiresAt: null }, 'seed', T0);
  return secret;
}

