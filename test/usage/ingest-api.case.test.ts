// POST /v1/traces under retries, hostile bodies and bad spans, on each store: a retried
// batch (again, and at once to a second replica on the same store) is counted once; a body
// that is not OTLP is refused whole with an OTLP Status and stores nothing; a bad span is
// refused and counted while the rest of its batch is kept; prompts, completions and e-mail
// addresses reach neither the store nor the logs; an ingest token can do nothing else.
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Database } from '../../src/store/database.js';
import type { Store } from '../../src/store/store.js';
import { readRejections, readUsageDays } from '../../src/store/usage-repository.js';
import { bruteForce, makeSpans, otlpBodies, seedTelemetry, TELEMETRY_KEY } from '../support/genai-spans.js';
import { describeEachStore, T0, type TestApp } from '../support/server-app.js';

const post = (t: TestApp, token: string, body: Uint8Array | string, type: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/v1/traces', headers: { authorization: `Bearer ${token}`, 'content-type': type, ...extra }, payload: Buffer.from(body) });

async function totals(db: Kysely<Database>): Promise<{ requests: number; input: number }> {
  const days = await readUsageDays(db, {});
  return { requests: days.reduce((n, d) => n + d.requests, 0), input: days.reduce((n, d) => n + d.inputTokens, 0) };
}

/** Every row of every table of the store, as text. */
async function dumpStore(store: Store): Promise<string> {
  const tables =
    store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(store.db)).rows.map((r) => r.name);
  expect(tables).toContain('usage_days');
  const parts: string[] = [];
  for (const name of tables) parts.push(name, JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(store.db)).rows));
  return parts.join('\n');
}

function goodSpan(id: number, attrs: Record<string, unknown>, startMs = T0.getTime() - 3_600_000) {
  const kv = Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v } }));
  return {
    traceId: id.toString(16).padStart(32, 'a'),
    spanId: id.toString(16).padStart(16, 'b'),
    name: 'chat',
    startTimeUnixNano: String(startMs * 1e6),
    endTimeUnixNano: String((startMs + 250) * 1e6),
    attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, ...kv],
  };
}
const request = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'support-assistant' } }] }, scopeSpans: [{ spans }] }] });

describeEachStore('POST /v1/traces', (open) => {
  it('counts a retried batch once, also when sent at the same time to a second replica on the same store', async ({ skip }) => {
    const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
    const token = await seedTelemetry(t);
    const specs = makeSpans(1500, T0.getTime(), 7);
    const bodies = (await otlpBodies(specs, 'protobuf')).map((b) => gzipSync(b));
    const second = await buildApp({ store: t.store, now: () => t.clock.now, telemetryKey: TELEMETRY_KEY, logDestination: { write: () => undefined } });
    try {
      for (const b of bodies) expect((await post(t, token, b, 'application/x-protobuf', { 'content-encoding': 'gzip' })).statusCode).toBe(200);
      const once = await totals(t.store.db);
      const again = await Promise.all(bodies.flatMap((b) => [t.app, second.app].map((app) => app.inject({ method: 'POST', url: '/v1/traces', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, payload: b }))));
      expect(again.map((r) => r.statusCode)).toEqual(again.map(() => 200));
      const expected = [...bruteForce(specs).values()];
      expect(once).toEqual({ requests: expected.reduce((n, e) => n + e.requests, 0), input: expected.reduce((n, e) => n + e.input, 0) });
      expect(await totals(t.store.db)).toEqual(once);
    } finally {
      await second.app.close();
    }
  });

  it('finds no prompt, completion, e-mail address or raw user id anywhere in the store, the logs or the answers; a 4-person department is never shown', async ({ skip }) => {
    const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
    const token = await seedTelemetry(t);
    const specs = makeSpans(600, T0.getTime(), 11);
    const answers: string[] = [];
    for (const [encoding, type] of [['protobuf', 'application/x-protobuf'], ['json', 'application/json']] as const)
      for (const b of await otlpBodies(specs, encoding)) {
        const r = await post(t, token, b, type);
        expect(r.statusCode).toBe(200);
        answers.push(r.body);
      }
    const everything = [await dumpStore(t.store), t.logs.join('\n'), answers.join('\n'), JSON.stringify(await readUsageDays(t.store.db, {}))].join('\n');
    expect(everything).toContain('support-assistant'); // the dump is real
    for (const secret of ['PROMPT-SECRET', 'COMPLETION-SECRET', 'SYSTEM-SECRET', 'hunter2', '@northwind.example', 'seller1', 'lawyer0', 'failed for']) expect(everything).not.toContain(secret);
    expect(JSON.stringify(await readUsageDays(t.store.db, {}))).not.toContain('legal');
    expect(JSON.stringify(await readUsageDays(t.store.db, { minGroupSize: 4 }))).toContain('legal'); // it is there, and suppressed
  });

  it('refuses a body that is not OTLP as a whole, with an OTLP status, and stores nothing', async ({ skip }) => {
    const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
    const token = await seedTelemetry(t);
    const malformed = await post(t, token, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), 'application/x-protobuf');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/x-protobuf');
    expect(Buffer.from(malformed.rawPayload).toString('latin1')).toContain('malformed protobuf');
    const json = await post(t, token, '{"resourceSpans": [', 'application/json');
    expect([json.statusCode, (json.json() as { message: string }).message]).toEqual([400, expect.stringContaining('malformed JSON')]);
    const text = await post(t, token, 'hello', 'text/plain');
    expect([text.statusCode, (text.json() as { message: string }).message]).toEqual([415, expect.stringContaining('application/x-protobuf or application/json')]);
    const brotli = await post(t, token, '{}', 'application/json', { 'content-encoding': 'br' });
    expect(brotli.statusCode).toBe(415);
    const big = await post(t, token, Buffer.alloc(9 * 1024 * 1024, 0x20).toString(), 'application/json');
    expect([big.statusCode, (big.json() as { message: string }).message]).toEqual([413, expect.stringContaining('smaller batches')]);
    const bomb = await post(t, token, gzipSync(Buffer.alloc(40 * 1024 * 1024)), 'application/x-protobuf', { 'content-encoding': 'gzip' });
    expect(bomb.statusCode).toBe(413);
    const notGzip = await post(t, token, '{}', 'application/json', { 'content-encoding': 'gzip' });
    expect(notGzip.statusCode).toBe(400);
    expect(await readUsageDays(t.store.db, {})).toEqual([]);
  });

  it('refuses bad spans one by one, counted, and keeps the rest of the batch', async ({ skip }) => {
    const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
    const token = await seedTelemetry(t);
    const ok = { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10, 'enduser.id': 'x' };
    const spans = [
      goodSpan(1, ok),
      goodSpan(2, { ...ok, 'gen_ai.usage.input_tokens': -5 }),
      goodSpan(3, { ...ok, 'gen_ai.usage.output_tokens': 1.5 }),
      goodSpan(4, ok, T0.getTime() + 3_600_000), // an hour in the future
      goodSpan(5, { ...ok, 'gen_ai.request.model': 'no-such-model' }),
      { ...goodSpan(6, ok), traceId: 'not-hex' },
      goodSpan(7, ok),
      { ...goodSpan(8, ok), endTimeUnixNano: '1' },
    ];
    const r = await post(t, token, request(spans), 'application/json');
    expect(r.statusCode).toBe(200);
    const partial = (r.json() as { partialSuccess: { rejectedSpans: string; errorMessage: string } }).partialSuccess;
    expect(partial.rejectedSpans).toBe('5');
    expect(partial.errorMessage).toMatch(/2 spans refused \(invalid_tokens\).*1 span refused \(future_time\).*no price for model no-such-model/);
    const [day] = await readUsageDays(t.store.db, {});
    expect([day?.requests, day?.unpricedRequests, day?.inputTokens]).toEqual([3, 1, 300]);
    expect(day?.cost).toBeCloseTo((2 * (100 * 0.15 + 10 * 0.6)) / 1e6, 12);
    expect((await readRejections(t.store.db)).map((x) => `${x.reason}:${x.spans}`)).toEqual(['future_time:1', 'invalid_id:1', 'invalid_time:1', 'invalid_tokens:2']);
  });

  it('lets an ingest token send telemetry and nothing else; a read token may not send', async ({ skip }) => {
    const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
    const token = await seedTelemetry(t);
    const list = await t.app.inject({ method: 'GET', url: '/api/use-cases', headers: { authorization: `Bearer ${token}` } });
    expect([list.statusCode, (list.json() as { error: { code: string } }).error.code]).toEqual([403, 'token_scope']);
    const anonymous = await t.app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(anonymous.statusCode).toBe(401);
    expect((await post(t, token, '{}', 'application/json')).statusCode).toBe(200);
    const read = await seedTelemetry(t, 'read');
    const refused = await post(t, read, request([goodSpan(1, { 'gen_ai.request.model': 'gpt-4o-mini' })]), 'application/json');
    expect([refused.statusCode, (refused.json() as { error: { code: string } }).error.code]).toEqual([403, 'token_scope']);
    expect(await readUsageDays(t.store.db, {})).toEqual([]);
  });
});
