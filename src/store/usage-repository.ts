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
  const h = createHash('sha256');
  for (const k of spans.map((s) => s.key).sort()) h.update(k);
  return h.digest('hex');
}

/**
 * Counts a prepared batch in one transaction, once: its fingerprint goes into
 * usage_seen_batches first, and a batch already there (a retry, to this replica or another,
 * before or after the first finished) adds nothing, its refusals included. On PostgreSQL the
 * unique key makes a concurrent second insert wait for the first transaction, then skip.
 * Limit: a span sent again inside a different batch is counted again (exporters and the
 * Collector retry whole requests).
 */
export async function recordUsageBatch(store: Store, batch: PreparedBatch, now: Date): Promise<RecordResult> {
  const rejected = [...batch.rejected.values()].reduce((a, b) => a + b, 0);
  if (batch.spans.length === 0 && rejected === 0) return { counted: 0, duplicates: 0, rejected: 0 };
  const at = now.toISOString();
  const key = batch.spans.length > 0 ? batchKey(batch.spans) : undefined;
  return store.transaction(async (tx) => {
    if (key !== undefined) {
      const fresh = await tx.insertInto('usage_seen_batches').values({ batch_key: key, received_at: at, spans: batch.spans.length }).onConflict((oc) => oc.column('batch_key').doNothing()).returning('batch_key').execute();
      if (fresh.length === 0) return { counted: 0, duplicates: batch.spans.length, rejected: 0 };
    }
    const { days, unattributed } = aggregate(batch.spans);
    // Always in key order: two replicas locking the same rows in different orders would deadlock.
    for (const k of [...days.keys()].sort()) await mergeIntoStored(tx, store.dialect, days.get(k)!, at);
    for (const [k, n] of [...unattributed].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [day, service] = splitKey(k);
      await tx
        .insertInto('usage_unattributed')
        .values({ day, service_name: service, requests: n })
        .onConflict((oc) => oc.columns(['day', 'service_name']).doUpdateSet({ requests: sql`usage_unattributed.requests + excluded.requests` }))
        .execute();
    }
    for (const [reason, n] of [...batch.rejected].sort(([a], [b]) => (a < b ? -1 : 1)))
      await tx
        .insertInto('usage_rejections')
        .values({ day: at.slice(0, 10), reason, spans: n })
        .onConflict((oc) => oc.columns(['day', 'reason']).doUpdateSet({ spans: sql`usage_rejections.spans + excluded.spans` }))
        .execute();
    return { counted: batch.spans.length, duplicates: 0, rejected };
  });
}

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
