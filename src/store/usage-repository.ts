// The usage store: merging a batch of reduced spans into the day aggregates (counting each
// span once, whatever is retried or sent to which replica), and reading them back.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { UsageDay } from '../domain/usage.js';
import type { DepartmentDay } from '../usage/departments.js';
import { DEFAULT_MIN_GROUP_SIZE } from '../usage/small-groups.js';
import { emptyDay, mergeDay, type DayAggregate } from '../usage/aggregate.js';
import { rejectedCount, type PreparedBatch } from '../usage/ingest-batch.js';
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
 * The day rows this process wrote last, as merged in memory, so the next batch of the same
 * use case and day need not read and parse the stored row again (its user sets and sketches
 * made that the dearest step of a transaction). An entry is used only while the stored row
 * is still the one it describes: `requests` only ever grows (every write adds requests), so
 * another writer (a replica, `traction telemetry import`) changes it; the token and cost sums
 * are compared too. An entry is taken out while a transaction uses it and put back only after
 * that transaction committed; a failed one leaves the row to be read again.
 */
const DAY_CACHE_SIZE = 64;

interface CachedDay {
  day: DayAggregate;
  /** What the stored row held when this process wrote it. */
  version: RowVersion;
}

interface RowVersion {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

const dayCaches = new WeakMap<Store, Map<string, CachedDay>>();

function dayCache(store: Store): Map<string, CachedDay> {
  let cache = dayCaches.get(store);
  if (!cache) dayCaches.set(store, (cache = new Map()));
  return cache;
}

const versionOf = (d: DayAggregate): RowVersion => ({ requests: d.requests, inputTokens: d.inputTokens, outputTokens: d.outputTokens, cost: d.cost });
const sameVersion = (a: RowVersion, b: RowVersion) => a.requests === b.requests && a.inputTokens === b.inputTokens && a.outputTokens === b.outputTokens && a.cost === b.cost;

/**
 * Counts prepared batches in one transaction, each once: its fingerprint goes into
 * usage_seen_batches first, and a batch already there (a retry, to this replica or another,
 * before or after the first finished, or earlier in the same group) adds nothing, its
 * refusals included. The fresh batches' day aggregates (made when each was prepared) are
 * merged into each day's stored row, which is read and written once per transaction. On
 * PostgreSQL the unique key makes a concurrent second insert wait for the first transaction,
 * then skip.
 * Limit: a span sent again inside a different batch is counted again (exporters and the
 * Collector retry whole requests).
 */
export async function recordUsageBatches(store: Store, items: readonly { batch: PreparedBatch; now: Date }[]): Promise<RecordResult[]> {
  const work = items.map(({ batch, now }) => ({ batch, at: now.toISOString(), rejected: rejectedCount(batch) }));
  const results: RecordResult[] = work.map(() => ({ counted: 0, duplicates: 0, rejected: 0 }));
  if (work.every((w) => w.batch.key === undefined && w.rejected === 0)) return results;
  const updatedAt = work.reduce((a, w) => (w.at > a ? w.at : a), '');
  const cache = dayCache(store);
  const written: [string, CachedDay][] = [];
  await store.transaction(async (tx) => {
    written.length = 0; // a transaction retried from the start forgets what the failed attempt merged
    // The group's distinct fingerprints, the first batch of each standing for it.
    const firstOf = new Map<string, number>();
    work.forEach((w, i) => {
      if (w.batch.key !== undefined && !firstOf.has(w.batch.key)) firstOf.set(w.batch.key, i);
    });
    const fresh = new Set<string>();
    const keyed = [...firstOf];
    for (let i = 0; i < keyed.length; i += 200) {
      const rows = keyed.slice(i, i + 200).map(([key, at]) => ({ batch_key: key, received_at: work[at]!.at, spans: work[at]!.batch.kept }));
      const inserted = await tx.insertInto('usage_seen_batches').values(rows).onConflict((oc) => oc.column('batch_key').doNothing()).returning('batch_key').execute();
      for (const r of inserted) fresh.add(r.batch_key);
    }
    // Each day's and service's parts from the batches counted now, in batch order.
    const days = new Map<string, DayAggregate[]>();
    const unattributed = new Map<string, number>();
    const rejections = new Map<string, number>();
    work.forEach((w, i) => {
      if (w.batch.key !== undefined && !(fresh.has(w.batch.key) && firstOf.get(w.batch.key) === i)) {
        results[i] = { counted: 0, duplicates: w.batch.kept, rejected: 0 };
        return;
      }
      for (const [k, d] of w.batch.usage.days) {
        const parts = days.get(k);
        if (parts) parts.push(d);
        else days.set(k, [d]);
      }
      for (const [k, n] of w.batch.usage.unattributed) bump(unattributed, k, n);
      for (const [reason, n] of w.batch.rejected) bump(rejections, `${w.at.slice(0, 10)}|${reason}`, n);
      results[i] = { counted: w.batch.kept, duplicates: 0, rejected: w.rejected };
    });
    // Always in key order: two replicas locking the same rows in different orders would deadlock.
    for (const k of [...days.keys()].sort()) written.push([k, await mergeIntoStored(tx, store.dialect, cache, k, days.get(k)!, updatedAt)]);
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
    // Last, so its lock (PostgreSQL) is held only until the commit.
    if (days.size + unattributed.size + rejections.size > 0) await bumpUsageRevision(tx);
  });
  // Committed: what was written is what is stored now.
  for (const [k, entry] of written) {
    cache.delete(k);
    cache.set(k, entry);
    if (cache.size > DAY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return results;
}

/**
 * The usage tables' revision: a row of usage_settings given a new random value in every
 * transaction that changes usage_days, usage_unattributed or usage_rejections (this module
 * is their only writer), so a reader can tell in one primary-key read whether anything it
 * computed from them is still current, whichever process wrote (server/read-model.ts).
 */
const REVISION_NAME = 'revision';

async function bumpUsageRevision(tx: Kysely<Database>): Promise<void> {
  const value = randomUUID();
  await tx.insertInto('usage_settings').values({ name: REVISION_NAME, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}

/** The current revision of the usage tables ('' before the first usage was recorded). */
export async function usageRevision(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('usage_settings').select('value').where('name', '=', REVISION_NAME).executeTakeFirst();
  return row?.value ?? '';
}

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

const splitKey = (k: string): [string, string] => {
  const i = k.indexOf('|');
  return [k.slice(0, i), k.slice(i + 1)];
};

/**
 * Read, merge, write the day's row (`key` is use case|day); on PostgreSQL the row is locked
 * first, so concurrent replicas merge in turn. The batches' parts are merged into the stored
 * aggregate (never into a part: a prepared batch may be recorded again). Returns the row as
 * written, for the cache.
 */
async function mergeIntoStored(tx: Kysely<Database>, dialect: Store['dialect'], cache: Map<string, CachedDay>, key: string, parts: readonly DayAggregate[], at: string): Promise<CachedDay> {
  const { useCaseId, day } = parts[0]!;
  if (dialect === 'postgres') {
    // Make sure a row exists to lock: two replicas inserting the first row of a day would otherwise collide.
    await tx.insertInto('usage_days').values(dayToRow(emptyDay(useCaseId, day), at)).onConflict((oc) => oc.columns(['use_case_id', 'day']).doNothing()).execute();
  }
  // The row's counters first (they sit before its large documents); the whole row only when this process's copy is not current.
  let head = tx.selectFrom('usage_days').select(['requests', 'input_tokens', 'output_tokens', 'cost']).where('use_case_id', '=', useCaseId).where('day', '=', day);
  if (dialect === 'postgres') head = head.forUpdate();
  const found = await head.executeTakeFirst();
  const cached = cache.get(key);
  cache.delete(key); // taken while this transaction may change it
  let stored: DayAggregate;
  if (!found) stored = emptyDay(useCaseId, day);
  else if (cached && sameVersion(cached.version, { requests: Number(found.requests), inputTokens: Number(found.input_tokens), outputTokens: Number(found.output_tokens), cost: Number(found.cost) })) stored = cached.day;
  else stored = rowToDay(await tx.selectFrom('usage_days').selectAll().where('use_case_id', '=', useCaseId).where('day', '=', day).executeTakeFirstOrThrow());
  for (const p of parts) mergeDay(stored, p);
  const row = dayToRow(stored, at);
  if (!found) await tx.insertInto('usage_days').values(row).execute();
  else {
    const { use_case_id: _u, day: _d, ...values } = row;
    await tx.updateTable('usage_days').set(values).where('use_case_id', '=', useCaseId).where('day', '=', day).execute();
  }
  return { day: stored, version: versionOf(stored) };
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
