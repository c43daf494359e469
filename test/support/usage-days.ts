// Brute-force UsageDay records from simulated spans, for tests of the usage views: attribution
// by the use cases' `telemetry.match`, cost at the price in force on the span's day, exact
// nearest-rank percentiles and keyed-hash user ids. An independent reference for the views,
// and the days the dashboard screenshots show until engineer A's store read is merged.
import { createHmac } from 'node:crypto';
import type { UseCase } from '../../src/domain/use-case.js';
import type { ModelPrice, UsageDay } from '../../src/domain/usage.js';
import type { SimulatedSpan } from '../../examples/northwind/simulate-usage.js';

function owner(s: SimulatedSpan, useCases: readonly UseCase[]): UseCase | undefined {
  return useCases.find((u) => u.telemetry && Object.keys(u.telemetry.match).length > 0 && Object.entries(u.telemetry.match).every(([k, v]) => (s.resource[k] ?? s.attributes[k]) === v));
}

function priceOf(prices: readonly ModelPrice[], model: string, day: string): ModelPrice | undefined {
  const matches = (p: ModelPrice) => (p.model.endsWith('*') ? model.startsWith(p.model.slice(0, -1)) : model === p.model);
  return prices.filter((p) => matches(p) && p.valid_from <= day).sort((a, b) => b.valid_from.localeCompare(a.valid_from))[0];
}

/**
 * The exact q-quantile as the store's sketch defines it (src/usage/latency-sketch.ts): the
 * sorted values' element at floor(q (n - 1)); the stored quantile lies within 1% of it.
 */
export function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

export function usageDaysFromSpans(spans: readonly SimulatedSpan[], useCases: readonly UseCase[], prices: readonly ModelPrice[]): UsageDay[] {
  const days = new Map<string, UsageDay & { durations: number[]; userSet: Set<string> }>();
  for (const s of spans) {
    const u = owner(s, useCases);
    if (!u) continue;
    const day = new Date(Number(s.startNs / 1_000_000n)).toISOString().slice(0, 10);
    const key = `${u.id}/${day}`;
    let d = days.get(key);
    if (!d) {
      d = { useCaseId: u.id, day, requests: 0, errors: {}, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cost: 0, unpricedRequests: 0, users: [], departments: {}, models: {}, latencyMs: null, ttftMs: null, durations: [], userSet: new Set() };
      days.set(key, d);
    }
    const a = s.attributes;
    const input = Number(a['gen_ai.usage.input_tokens'] ?? 0);
    const output = Number(a['gen_ai.usage.output_tokens'] ?? 0);
    const cached = Number(a['gen_ai.usage.cache_read.input_tokens'] ?? 0);
    const model = String(a['gen_ai.response.model']);
    d.requests++;
    if (s.error) d.errors[String(a['error.type'])] = (d.errors[String(a['error.type'])] ?? 0) + 1;
    d.inputTokens += input;
    d.outputTokens += output;
    d.cachedInputTokens += cached;
    const p = priceOf(prices, model, day);
    if (p) d.cost += ((input - cached) * p.input_per_1m + cached * (p.cached_input_per_1m ?? p.input_per_1m) + output * p.output_per_1m) / 1e6;
    else d.unpricedRequests++;
    const user = a[u.telemetry?.user_attribute ?? 'user.id'];
    if (typeof user === 'string') d.userSet.add(createHmac('sha256', 'test-key').update(user).digest('hex').slice(0, 16));
    const dept = u.telemetry?.department_attribute ? a[u.telemetry.department_attribute] : undefined;
    if (typeof dept === 'string') d.departments[dept] = (d.departments[dept] ?? 0) + 1;
    d.models[model] = (d.models[model] ?? 0) + 1;
    d.durations.push(Number(s.endNs - s.startNs) / 1e6);
  }
  return [...days.values()].map(({ durations, userSet, ...d }) => {
    const sorted = durations.sort((x, y) => x - y);
    return { ...d, users: [...userSet].sort(), latencyMs: { p50: exactQuantile(sorted, 0.5), p90: exactQuantile(sorted, 0.9), p99: exactQuantile(sorted, 0.99) } };
  });
}
