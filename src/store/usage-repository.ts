// The usage store: merging a batch of reduced spans into the day aggregates (counting each
// span once, whatever is retried or sent to which replica), and reading them back.
import { sql, type Kysely } from 'kysely';
import type { UsageDay } from '../domain/usage.js';
import { aggregate, emptyDay, mergeDay, type DayAggregate } from '../usage/aggregate.js';
import type { PreparedBatch } from '../usage/ingest-batch.js';
import type { ReducedSpan } from '../usage/reduce-span.js';
import type { Database } from './database.js';
import type { Store } from './store.js';
import { dayToRow, dayToUsageDay, rowToDay } from './usage-rows.js';

/** Groups of fewer distinct users than this are never shown (PRODUCT.md). */
export const DEFAULT_MIN_GROUP_SIZE = 5;

export interface RecordResult {
  /** Spans counted now. */
  counted: number;
  /** Spans already counted by an earlier delivery (a retry), not counted again. */
  duplicates: number;
  rejected: number;
}

// Well under SQLite's bound-parameter limit and PostgreSQL's 65,535 (two per row).
const CHUNK = 1000;

/**
 * Counts a prepared batch in one transaction: the spans' keys go into usage_seen_spans and
 * only those that were not there yet are aggregated, so a retried batch (to this replica or
 * another, before or after the first finished) adds nothing. PostgreSQL's unique index makes
 * a concurrent second insert of a key wait for the first transaction and then skip it.
 */
export async function recordUsageBatch(store: Store, batch: PreparedBatch, now: Date): Promise<RecordResult> {
  const rejected = [...batch.rejected.values()].reduce((a, b) => a + b, 0);
  const unique = new Map<string, ReducedSpan>();
  for (const s of batch.spans) unique.set(s.key, s);
  if (unique.size === 0 && rejected === 0) return { counted: 0, duplicates: batch.spans.length, rejected };
  const at = now.toISOString();
  const counted = await store.transaction(async (tx) => {
    const fresh = await insertNewKeys(tx, [...unique.values()]);
    const { days, unattributed } = aggregate(fresh);
    // Always in key order: two replicas locking the same rows in different orders would deadlock.
    for (const key of [...days.keys()].sort()) await mergeIntoStored(tx, store.dialect, days.get(key)!, at);
    for (const [key, n] of [...unattributed].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [day, service] = splitKey(key);
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
    return fresh.length;
  });
  return { counted, duplicates: batch.spans.length - counted, rejected };
}

const splitKey = (k: string): [string, string] => {
  const i = k.indexOf('|');
  return [k.slice(0, i), k.slice(i + 1)];
};

async function insertNewKeys(tx: Kysely<Database>, spans: ReducedSpan[]): Promise<ReducedSpan[]> {
  const byKey = new Map(spans.map((s) => [s.key, s]));
  const fresh: ReducedSpan[] = [];
  for (let i = 0; i < spans.length; i += CHUNK) {
    const rows = spans.slice(i, i + CHUNK).map((s) => ({ span_key: s.key, day: s.day }));
    const inserted = await tx.insertInto('usage_seen_spans').values(rows).onConflict((oc) => oc.column('span_key').doNothing()).returning('span_key').execute();
    for (const r of inserted) fresh.push(byKey.get(r.span_key)!);
  }
  return fresh;
}

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
