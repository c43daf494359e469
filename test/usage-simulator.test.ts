// Northwind's usage simulator: seeded, OTLP JSON as the specification encodes it, every span
// claimed by a use case's `telemetry:` block, the story it must tell (adoption rising, one use
// case stalling, a cost spike, a department of 3) measured with the usage views over a
// brute-force aggregation, and the sender's batches and retries against a real HTTP server.
import { createServer } from 'node:http';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendSpans, simulateUsage, toOtlpJson, type SimulatedSpan } from '../examples/northwind/simulate-usage.js';
import type { UsageDay } from '../src/domain/usage.js';
import type { Workspace } from '../src/domain/workspace.js';
import { useCaseUsage } from '../src/usage/usage-overview.js';
import { loadWorkspace } from '../src/workspace/load-workspace.js';
import { usageDaysFromSpans } from './support/usage-days.js';

const END = new Date('2026-12-02T15:00:00Z');
let ws: Workspace;
let spans: SimulatedSpan[];
let days: UsageDay[];

beforeAll(async () => {
  const loaded = await loadWorkspace(path.resolve(import.meta.dirname, '../examples/northwind'));
  ws = loaded.workspace!;
  spans = simulateUsage(42, END);
  days = usageDaysFromSpans(spans, ws.useCases, ws.config.prices);
});

const report = (id: string) => useCaseUsage(ws.useCases.find((u) => u.id === id)!, { config: ws.config, days, departmentDays: [], benchmark: null, now: new Date('2026-12-01T12:00:00Z') });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the simulated spans', () => {
  it('are the same for a seed and differ for another', () => {
    const again = simulateUsage(42, END);
    expect(again.length).toBe(spans.length);
    expect(again[again.length - 1]).toEqual(spans[spans.length - 1]);
    expect(simulateUsage(43, END)[0]!.traceId).not.toBe(spans[0]!.traceId);
  });

  it('cover the 90 full days before the end day and none after', () => {
    const first = Math.min(...spans.map((s) => Number(s.startNs / 1_000_000n)));
    const last = Math.max(...spans.map((s) => Number(s.endNs / 1_000_000n)));
    expect(first).toBeGreaterThanOrEqual(Date.parse('2026-09-03T00:00:00Z'));
    expect(last).toBeLessThan(Date.parse('2026-12-02T00:00:00Z') + 60_000);
    // Every working day has spans (weekends may be quiet): 2026-09-03 .. 2026-12-01 has 64.
    const weekdays = new Set(days.map((d) => d.day).filter((d) => ![0, 6].includes(new Date(d).getUTCDay())));
    expect(weekdays.size).toBe(64);
  });

  it('are all claimed by a use case, with e-mail-like user ids and some content to drop', () => {
    expect(days.reduce((s, d) => s + d.requests, 0)).toBe(spans.length);
    expect(new Set(days.map((d) => d.useCaseId))).toEqual(new Set(['invoice-processing', 'customer-service-assistant', 'demand-forecasting', 'product-data-enrichment']));
    const users = spans.flatMap((s) => (typeof s.attributes['user.id'] === 'string' ? [s.attributes['user.id']] : []));
    expect(users.every((u) => /^[a-z]+\.[a-z]+\d+@northwind\.example$/.test(u))).toBe(true);
    expect(spans.some((s) => 'gen_ai.input.messages' in s.attributes)).toBe(true);
  });

  it('are encoded as OTLP JSON: hex ids, 64-bit integers as strings, typed attribute values', () => {
    const body = toOtlpJson(spans.slice(0, 2000));
    expect(body.resourceSpans.length).toBeGreaterThan(0);
    for (const rs of body.resourceSpans) {
      expect(rs.resource.attributes.find((a) => a.key === 'service.name')?.value).toHaveProperty('stringValue');
      for (const s of rs.scopeSpans[0]!.spans) {
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
        expect(BigInt(s.endTimeUnixNano)).toBeGreaterThan(BigInt(s.startTimeUnixNano));
        expect(s.attributes.find((a) => a.key === 'gen_ai.usage.input_tokens')?.value).toEqual({ intValue: expect.stringMatching(/^\d+$/) });
      }
    }
  });
});

describe('the story the spans tell', () => {
  it('invoice processing: adoption rises, and the treasury team of 3 stays a group of 3', () => {
    const weeks = report('invoice-processing').weekly.map((w) => w.active_users);
    expect(mean(weeks.slice(-4))).toBeGreaterThan(2 * mean(weeks.slice(0, 4)));
    const treasury = new Set(spans.filter((s) => s.attributes['northwind.department'] === 'Treasury').map((s) => s.attributes['user.id']));
    expect(treasury.size).toBe(3);
  });

  it('demand forecasting stalls: falling use is flagged', () => {
    const r = report('demand-forecasting');
    expect(r.flags).toContain('falling_use');
    expect(r.flags).toContain('unpriced_models'); // the on-premises model has no price
  });

  it('product data enrichment: the catalogue re-run pushes one month over the run cost, the others stay under', () => {
    const months = report('product-data-enrichment').monthly;
    expect(months.filter((m) => m.over_budget).map((m) => m.month)).toEqual(['2026-11']);
    expect(Math.max(...months.filter((m) => !m.over_budget).map((m) => m.cost))).toBeLessThan(0.5 * months[0]!.budget);
  });
});

describe('sendSpans', () => {
  it('posts batches of 512 with the token, retries a 503 with the same body, and counts rejected spans', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls++;
        expect(req.url).toBe('/v1/traces');
        expect(req.headers.authorization).toBe('Bearer trc_test');
        expect(req.headers['content-type']).toBe('application/json');
        bodies.push(body);
        if (calls === 2) return void res.writeHead(503).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(calls === 3 ? { partialSuccess: { rejectedSpans: '7', errorMessage: 'no price' } } : {}));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await sendSpans(spans.slice(0, 1100), `http://127.0.0.1:${port}/`, 'trc_test');
      expect(r).toEqual({ batches: 3, spans: 1100, rejected: 7, failedBatches: 0 });
      expect(bodies.length).toBe(4);
      expect(bodies[2]).toBe(bodies[1]);
      expect(bodies.map((b) => (JSON.parse(b) as ReturnType<typeof toOtlpJson>).resourceSpans.reduce((s, rs) => s + rs.scopeSpans[0]!.spans.length, 0))).toEqual([512, 512, 512, 76]);
    } finally {
      server.close();
    }
  });
});
