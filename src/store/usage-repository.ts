// The usage store: merging a batch of reduced spans into the day aggregates (counting each
// span once, whatever is retried or sent to which replica), and reading them back.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { UsageDay } from '../domain/usage.js';
import type { DepartmentDay } from '../usage/departments.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../usage/small-groups.js';
import { aggregate, emptyDay, mergeDay, type DayAggregate } from '../usage/aggregate.js';
import type { PreparedBatch } from '../usage/ingest-batch.js';
import type { ReducedSpan } from '../usage/reduce-span.js';
import type { Database } from './database.js';
import type { Store } from './store.js';
import { dayToRow, dayToUsageDay, rowToDay } from './usage-rows.js';


export interface RecordResult {
  /** Spans counted now. */
  counted: number;
  /** Spans of a batch counted before (a retry), not counted again. */
  duplicates: number;
  rejected: number;
}

/**
 * The batch's fingerprint: SHA-256 over its spans' sorted trace and span ids. A retry sends
 * the same spans, so the same fingerprint, whatever the encoding or order; a batch with any
 * other span is another batch.
 */
export function batchKey(spans: readonly ReducedSpan[]): string {
  // Keys are 48 hex characters each, so joining them hashes the same bytes as one update per key.
  return createHash('sha256').update(spans.map((s) => s.key).sort().join('')).digest('hex');
}

/**
 * Counts a prepared batch once, durably: the promise settles after the transaction holding
 * it has committed. Batches handed in at the same moment (concurrent requests) share one
 * transaction (group commit, see UsageWriter), so a day's row is read and written once for
 * all of them; each is still counted or skipped on its own.
 */
export function recordUsageBatch(store: Store, batch: PreparedBatch, now: Date): Promise<RecordResult> {
  let writer = writers.get(store);
  if (!writer) writers.set(store, (writer = new UsageWriter(store)));
  return writer.submit(batch, now);
}

/** Most batches one transaction takes (512-span batches: 32k spans). */
const MAX_GROUP = 64;

const writers = new WeakMap<Store, UsageWriter>();

interface Pending {
  batch: PreparedBatch;
  now: Date;
  resolve: (r: RecordResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit. A batch waits at most until the event loop has read the other requests that
 * arrived with it (setImmediate), or until the transaction under way commits; then every
 * waiting batch goes into one transaction, and each request is answered only after that
 * commit. A failed transaction fails every request in it (nothing of any is written), so
 * each exporter retries its own batch.
 */
class UsageWriter {
  private queue: Pending[] = [];
  private running = false;
  private scheduled = false;
  constructor(private readonly store: Store) {}

  submit(batch: PreparedBatch, now: Date): Promise<RecordResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, now, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    const group = this.queue.splice(0, MAX_GROUP);
    this.running = true;
    try {
      const results = await recordUsageBatches(this.store, group);
      group.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      for (const p of group) p.reject(e);
    } finally {
      this.running = false;
      this.schedule();
    }
  }
}

/**
 * Counts prepared batches in one transaction, each once: its fingerprint goes into
 * usage_seen_batches first, and a batch already there (a retry, to this replica or another,
 * before or after the first finished, or earlier in the same group) adds nothing, its
 * refusals included. The fresh batches' spans are aggregated in memory together, and each
 * day's stored row is read, merged and written once. On PostgreSQL the unique key makes a
 * concurrent second insert wait for the first transaction, then skip.
 * Limit: a span sent again inside a different batch is counted again (exporters and the
 * Collector retry whole requests).
 */
export async function recordUsageBatches(store: Store, items: readonly { batch: PreparedBatch; now: Date }[]): Promise<RecordResult[]> {
  const work = items.map(({ batch, now }) => ({
    batch,
    at: now.toISOString(),
    rejected: [...batch.rejected.values()].reduce((a, b) => a + b, 0),
    key: batch.spans.length > 0 ? batchKey(batch.spans) : undefined,
  }));
  const results: RecordResult[] = work.map(() => ({ counted: 0, duplicates: 0, rejected: 0 }));
  if (work.every((w) => w.key === undefined && w.rejected === 0)) return results;
  const updatedAt = work.reduce((a, w) => (w.at > a ? w.at : a), '');
  return store.transaction(async (tx) => {
    // The group's distinct fingerprints, the first batch of each standing for it.
    const firstOf = new Map<string, number>();
    work.forEach((w, i) => {
      if (w.key !== undefined && !firstOf.has(w.key)) firstOf.set(w.key, i);
    });
    const fresh = new Set<string>();
    const keyed = [...firstOf];
    for (let i = 0; i < keyed.length; i += 200) {
      const rows = keyed.slice(i, i + 200).map(([key, at]) => ({ batch_key: key, received_at: work[at]!.at, spans: work[at]!.batch.spans.length }));
      const inserted = await tx.insertInto('usage_seen_batches').values(rows).onConflict((oc) => oc.column('batch_key').doNothing()).returning('batch_key').execute();
      for (const r of inserted) fresh.add(r.batch_key);
    }
    const counted: ReducedSpan[] = [];
    const rejections = new Map<string, number>();
    work.forEach((w, i) => {
      if (w.key !== undefined && !(fresh.has(w.key) && firstOf.get(w.key) === i)) {
        results[i] = { counted: 0, duplicates: w.batch.spans.length, rejected: 0 };
        return;
      }
      for (const s of w.batch.spans) counted.push(s);
      for (const [reason, n] of w.batch.rejected) bump(rejections, `${w.at.slice(0, 10)}|${reason}`, n);
      results[i] = { counted: w.batch.spans.length, duplicates: 0, rejected: w.rejected };
    });
    const { days, unattributed } = aggregate(counted);
    // Always in key order: two replicas locking the same rows in different orders would deadlock.
    for (const k of [...days.keys()].sort()) await mergeIntoStored(tx, store.dialect, days.get(k)!, updatedAt);
    for (const [k, n] of [...unattributed].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [day, service] = splitKey(k);
      await tx
        .insertInto('usage_unattributed')
        .values({ day, service_name: service, requests: n })
        .onConflict((oc) => oc.columns(['day', 'service_name']).doUpdateSet({ requests: sql`usage_unattributed.requests + excluded.requests` }))
        .execute();
    }
    for (const [k, n] of [...rejections].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [day, reason] = splitKey(k);
      await tx
        .insertInto('usage_rejections')
        .values({ day, reason, spans: n })
        .onConflict((oc) => oc.columns(['day', 'reason']).doUpdateSet({ spans: sql`usage_rejections.spans + excluded.spans` }))
        .execute();
    }
    return results;
  });
}

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

const splitKey = (k: string): [string, string] => {
  const i = k.indexOf('|');
  return [k.slice(0, i), k.slice(i + 1)];
};

/** Read, merge, write the day's row; on PostgreSQL the row is locked first, so concurrent replicas merge in turn. */
async function mergeIntoStored(tx: Kysely<Database>, dialect: Store['dialect'], d: DayAggregate, at: string): Promise<void> {
  let q = tx.selectFrom('usage_days').selectAll().where('use_case_id', '=', d.useCaseId).where('day', '=', d.day);
  if (dialect === 'postgres') {
    // Make sure a row exists to lock: two replicas inserting the first row of a day would otherwise collide.
    await tx.insertInto('usage_days').values(dayToRow(emptyDay(d.useCaseId, d.day), at)).onConflict((oc) => oc.columns(['use_case_id', 'day']).doNothing()).execute();
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    await tx.insertInto('usage_days').values(dayToRow(d, at)).execute();
    return;
  }
  const stored = rowToDay(row);
  mergeDay(stored, d);
  const { use_case_id: _u, day: _d, ...values } = dayToRow(stored, at);
  await tx.updateTable('usage_days').set(values).where('use_case_id', '=', d.useCaseId).where('day', '=', d.day).execute();
}

export interface UsageQuery {
  useCaseId?: string;
  /** First and last UTC day, inclusive (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Departments with fewer distinct users over the whole range are left out of every day (default 5). */
  minGroupSize?: number;
}

/**
 * One row per use case and day, whole-day totals, ordered by use case and day. A department
 * appears only where at least `minGroupSize` distinct people of it used the use case in the
 * range; its requests still count in the day's totals.
 */
export async function readUsageDays(db: Kysely<Database>, query: UsageQuery): Promise<UsageDay[]> {
  let q = db.selectFrom('usage_days').selectAll().orderBy('use_case_id').orderBy('day');
  if (query.useCaseId !== undefined) q = q.where('use_case_id', '=', query.useCaseId);
  if (query.from !== undefined) q = q.where('day', '>=', query.from);
  if (query.to !== undefined) q = q.where('day', '<=', query.to);
  const days = (await q.execute()).map(rowToDay);
  const minGroup = query.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const peoplePerDepartment = new Map<string, Set<string>>();
  for (const d of days)
    for (const [name, dep] of d.departments) {
      const key = `${d.useCaseId}|${name}`;
      const set = peoplePerDepartment.get(key) ?? new Set<string>();
      for (const u of dep.users) set.add(u);
      peoplePerDepartment.set(key, set);
    }
  return days.map((d) => {
    const shown = new Set([...d.departments.keys()].filter((name) => (peoplePerDepartment.get(`${d.useCaseId}|${name}`)?.size ?? 0) >= minGroup));
    return dayToUsageDay(d, shown);
  });
}

/**
 * One row per use case, day and department, with the department's pseudonymous users that
 * day: the input of usage/departments.ts, which decides (with the minimum group size and
 * secondary suppression) which departments may be named. Never hand these rows to a view.
 */
export async function readDepartmentDays(db: Kysely<Database>, query: Omit<UsageQuery, 'minGroupSize'>): Promise<(DepartmentDay & { useCaseId: string })[]> {
  let q = db.selectFrom('usage_days').select(['use_case_id', 'day', 'departments']).orderBy('use_case_id').orderBy('day');
  if (query.useCaseId !== undefined) q = q.where('use_case_id', '=', query.useCaseId);
  if (query.from !== undefined) q = q.where('day', '>=', query.from);
  if (query.to !== undefined) q = q.where('day', '<=', query.to);
  return (await q.execute()).flatMap((r) =>
    Object.entries(JSON.parse(r.departments) as Record<string, { requests: number; users: string[] }>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([department, dep]) => ({
      useCaseId: r.use_case_id,
      day: r.day,
      department,
      users: dep.users,
      requests: Number(dep.requests),
    })),
  );
}

/** Requests no use case claimed, per day and service, so they can be shown and claimed. */
export async function readUnattributed(db: Kysely<Database>, query: { from?: string; to?: string } = {}): Promise<{ day: string; service: string; requests: number }[]> {
  let q = db.selectFrom('usage_unattributed').selectAll().orderBy('day').orderBy('service_name');
  if (query.from !== undefined) q = q.where('day', '>=', query.from);
  if (query.to !== undefined) q = q.where('day', '<=', query.to);
  return (await q.execute()).map((r) => ({ day: r.day, service: r.service_name, requests: Number(r.requests) }));
}

/** Spans refused at ingest, per day received and reason. */
export async function readRejections(db: Kysely<Database>): Promise<{ day: string; reason: string; spans: number }[]> {
  const rows = await db.selectFrom('usage_rejections').selectAll().orderBy('day').orderBy('reason').execute();
  return rows.map((r) => ({ day: r.day, reason: r.reason, spans: Number(r.spans) }));
}
