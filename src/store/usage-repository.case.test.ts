// The usage store on each database: batches merge into one row per use case and day (whole-day
// totals), filters by use case and day range, the minimum group size over the range read, and
// a batch recorded twice counted once, also when concurrent batches share one transaction
// (group commit).
import { expect, it, onTestFinished } from 'vitest';
import { describeEachStore } from '../../test/support/store-suite.js';
import { Ingestor } from '../usage/ingest-batch.js';
import type { Store } from './store.js';
import { readDepartmentDays, readRejections, readUnattributed, readUsageDays, recordUsageBatch } from './usage-repository.js';

const NOW = new Date('2026-03-10T12:00:00Z');
const ingestor = new Ingestor({
  rules: [{ useCaseId: 'a', telemetry: { match: { 'service.name': 'a' }, user_attribute: 'user.id', department_attribute: 'dept' } }],
  useCaseIds: new Set(['a', 'b']),
  prices: [{ model: 'm', input_per_1m: 1, output_per_1m: 2, valid_from: '2026-01-01' }],
  key: Buffer.alloc(32, 3),
});

let next = 1;
/** One OTLP JSON request of spans `[service, day, user, dept, useCaseAttr?]`. */
function body(spans: [string, string, string, string, string?][]): Buffer {
  const resourceSpans = spans.map(([service, day, user, dept, uc]) => {
    const start = Date.parse(`${day}T10:00:00Z`);
    const id = next++;
    const attrs: Record<string, string | number> = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 500, 'user.id': user, dept, ...(uc ? { 'traction.use_case.id': uc } : {}) };
    return {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: id.toString(16).padStart(32, '0'),
              spanId: id.toString(16).padStart(16, '0'),
              startTimeUnixNano: String(start * 1e6),
              endTimeUnixNano: String((start + 100) * 1e6),
              attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
            },
          ],
        },
      ],
    };
  });
  return Buffer.from(JSON.stringify({ resourceSpans }));
}
const prepare = (b: Buffer) => ingestor.prepare(ingestor.decode(b, 'json', false), NOW.getTime());

describeEachStore('usage repository', (open, factory) => {
  it('merges batches into one row per use case and day, filters, and applies the group size over the range', async ({ skip }) => {
    const store = await open(skip);
    const people = ['p1', 'p2', 'p3', 'p4', 'p5'];
    // Day 1: five sales people in two batches, one legal person; day 2: two sales people; use case b by id; one unattributed.
    await recordUsageBatch(store, prepare(body(people.slice(0, 3).map((p) => ['a', '2026-03-01', p, 'sales']))), NOW);
    await recordUsageBatch(store, prepare(body([...people.slice(3).map((p): [string, string, string, string] => ['a', '2026-03-01', p, 'sales']), ['a', '2026-03-01', 'lawyer', 'legal']])), NOW);
    const day2 = prepare(body([['a', '2026-03-02', 'p1', 'sales'], ['a', '2026-03-02', 'p2', 'sales'], ['x', '2026-03-02', 'q', 'ops', 'b'], ['other', '2026-03-02', 'z', 'ops']]));
    await recordUsageBatch(store, day2, NOW);
    expect(await recordUsageBatch(store, day2, NOW)).toEqual({ counted: 0, duplicates: 4, rejected: 0 });

    const all = await readUsageDays(store.db, {});
    expect(all.map((d) => [d.useCaseId, d.day, d.requests, d.users.length, d.departments])).toEqual([
      ['a', '2026-03-01', 6, 6, { sales: 5 }],
      ['a', '2026-03-02', 2, 2, { sales: 2 }],
      ['b', '2026-03-02', 1, 1, {}],
    ]);
    // 1,000 input at 1/1M and 500 output at 2/1M: 0.002 per request.
    expect(all[0]!.cost).toBeCloseTo(0.012, 12);
    // Read on day 2 alone, sales has only 2 people: not shown.
    expect((await readUsageDays(store.db, { useCaseId: 'a', from: '2026-03-02' })).map((d) => [d.day, d.departments])).toEqual([['2026-03-02', {}]]);
    expect((await readUsageDays(store.db, { to: '2026-03-01' })).map((d) => d.day)).toEqual(['2026-03-01']);
    expect((await readUsageDays(store.db, { minGroupSize: 1 }))[0]!.departments).toEqual({ sales: 5, legal: 1 });
    expect(await readUnattributed(store.db)).toEqual([{ day: '2026-03-02', service: 'other', requests: 1 }]);
    // The per-department rows for usage/departments.ts: every department with its day's pseudonyms (never shown as such).
    const deps = await readDepartmentDays(store.db, { useCaseId: 'a' });
    expect(deps.map((d) => [d.day, d.department, d.users.length, d.requests])).toEqual([
      ['2026-03-01', 'legal', 1, 1],
      ['2026-03-01', 'sales', 5, 5],
      ['2026-03-02', 'sales', 2, 2],
    ]);
    expect(deps.flatMap((d) => d.users).some((u) => /^(p\d|lawyer)$/.test(u))).toBe(false);
    expect((await readDepartmentDays(store.db, { useCaseId: 'a', from: '2026-03-02' })).map((d) => d.day)).toEqual(['2026-03-02']);
  });

  it('counts concurrent batches in one transaction each once: a retry in the same group adds nothing, refusals count once', async ({ skip }) => {
    const store = await open(skip);
    const other = await factory.create();
    onTestFinished(() => other.dispose());
    const sequential = other.store;
    const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const a = body(people.slice(0, 3).map((p) => ['a', '2026-03-01', p, 'sales']));
    const b = body([...people.slice(3).map((p): [string, string, string, string] => ['a', '2026-03-02', p, 'sales']), ['other', '2026-03-02', 'z', 'ops']]);
    // A batch with one good span and one with negative tokens (refused and counted).
    const c = JSON.parse(body([['a', '2026-03-01', 'p9', 'legal'], ['a', '2026-03-01', 'p8', 'legal']]).toString()) as { resourceSpans: { scopeSpans: { spans: { attributes: { key: string; value: unknown }[] }[] }[] }[] };
    c.resourceSpans[1]!.scopeSpans[0]!.spans[0]!.attributes.find((x) => x.key === 'gen_ai.usage.input_tokens')!.value = { intValue: '-5' };
    const batches = [prepare(a), prepare(b), prepare(a), prepare(Buffer.from(JSON.stringify(c))), prepare(b)];
    // All five handed in at once: one group.
    const results = await Promise.all(batches.map((x) => recordUsageBatch(store, x, NOW)));
    expect(results).toEqual([
      { counted: 3, duplicates: 0, rejected: 0 },
      { counted: 4, duplicates: 0, rejected: 0 },
      { counted: 0, duplicates: 3, rejected: 0 },
      { counted: 1, duplicates: 0, rejected: 1 },
      { counted: 0, duplicates: 4, rejected: 0 },
    ]);
    // The same batches one after the other, each in its own transaction, give the same store.
    for (const x of batches) await recordUsageBatch(sequential, x, NOW);
    expect(await readUsageDays(store.db, { minGroupSize: 1 })).toEqual(await readUsageDays(sequential.db, { minGroupSize: 1 }));
    expect(await readUnattributed(store.db)).toEqual([{ day: '2026-03-02', service: 'other', requests: 1 }]);
    expect(await readRejections(store.db)).toEqual([{ day: '2026-03-10', reason: 'invalid_tokens', spans: 1 }]);
    expect(await readRejections(sequential.db)).toEqual(await readRejections(store.db));
    expect((await readUsageDays(store.db, {})).map((d) => [d.day, d.requests])).toEqual([
      ['2026-03-01', 4],
      ['2026-03-02', 3],
    ]);
    // Sent again later, alone: still nothing more.
    expect(await Promise.all(batches.slice(0, 2).map((x) => recordUsageBatch(store, x, NOW)))).toEqual([
      { counted: 0, duplicates: 3, rejected: 0 },
      { counted: 0, duplicates: 4, rejected: 0 },
    ]);
  });

  it('fails every batch of a group whose transaction fails and writes nothing of any; sent again, they count', async ({ skip }) => {
    const store = await open(skip);
    const failing: Store = {
      ...store,
      transaction: (fn) =>
        store.transaction(async (tx) => {
          await fn(tx);
          throw new Error('the disk is full');
        }),
    };
    const a = prepare(body([['a', '2026-03-01', 'p1', 'sales'], ['a', '2026-03-01', 'p2', 'sales']]));
    const b = prepare(body([['a', '2026-03-02', 'p3', 'sales'], ['other', '2026-03-02', 'z', 'ops']]));
    const settled = await Promise.allSettled([a, b].map((x) => recordUsageBatch(failing, x, NOW)));
    expect(settled.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled'))).toEqual(['the disk is full', 'the disk is full']);
    expect(await readUsageDays(store.db, {})).toEqual([]);
    expect(await readUnattributed(store.db)).toEqual([]);
    // The fingerprints were rolled back with the rest: the exporters' retries count.
    expect(await Promise.all([a, b].map((x) => recordUsageBatch(store, x, NOW)))).toEqual([
      { counted: 2, duplicates: 0, rejected: 0 },
      { counted: 2, duplicates: 0, rejected: 0 },
    ]);
  });

  it('merges into the row as stored when another writer changed it since this process wrote it', async ({ skip }) => {
    const store = await open(skip);
    // Another Store on the same database: its own writer and memory, as a replica or `traction telemetry import` has.
    const replica: Store = { ...store };
    await recordUsageBatch(store, prepare(body([['a', '2026-03-01', 'p1', 'sales'], ['a', '2026-03-01', 'p2', 'sales']])), NOW);
    await recordUsageBatch(replica, prepare(body([['a', '2026-03-01', 'p3', 'legal']])), NOW);
    await recordUsageBatch(store, prepare(body([['a', '2026-03-01', 'p4', 'sales']])), NOW);
    await recordUsageBatch(replica, prepare(body([['a', '2026-03-01', 'p5', 'sales']])), NOW);
    const [day] = await readUsageDays(store.db, { minGroupSize: 1 });
    expect([day!.requests, day!.users.length, day!.departments, day!.inputTokens]).toEqual([5, 5, { sales: 4, legal: 1 }, 5000]);
    expect(day!.cost).toBeCloseTo((5 * (1000 * 1 + 500 * 2)) / 1e6, 12);
  });

  it('forgets what a failed transaction merged in memory: the next batch merges into the row as committed', async ({ skip }) => {
    const store = await open(skip);
    let fail = false;
    const flaky: Store = {
      ...store,
      transaction: (fn) =>
        store.transaction(async (tx) => {
          const r = await fn(tx);
          if (fail) throw new Error('the disk is full');
          return r;
        }),
    };
    await recordUsageBatch(flaky, prepare(body([['a', '2026-03-01', 'p1', 'sales']])), NOW);
    fail = true;
    const lost = prepare(body([['a', '2026-03-01', 'p2', 'sales'], ['a', '2026-03-01', 'p3', 'sales']]));
    await expect(recordUsageBatch(flaky, lost, NOW)).rejects.toThrow('the disk is full');
    fail = false;
    await recordUsageBatch(flaky, prepare(body([['a', '2026-03-01', 'p4', 'legal']])), NOW);
    const read = async () => (await readUsageDays(store.db, { minGroupSize: 1 })).map((d) => [d.requests, d.users.length, d.departments]);
    expect(await read()).toEqual([[2, 2, { sales: 1, legal: 1 }]]);
    // The exporter's retry of the failed batch counts now, once.
    expect(await recordUsageBatch(flaky, lost, NOW)).toEqual({ counted: 2, duplicates: 0, rejected: 0 });
    expect(await read()).toEqual([[4, 4, { sales: 3, legal: 1 }]]);
  });
});
