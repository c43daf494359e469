// The notification tables (migration 0016): the outbox of events, the deliveries made from
// them, and each person's preferences and address. Row <-> domain conversion happens here.
// The claim of due deliveries is the one place where several dispatchers meet: on
// PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED (each process takes others' leftovers,
// never the same row), on SQLite the write lock of BEGIN IMMEDIATE makes the claim atomic.
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_DELIVERY_MODE, type Audience, type DeliveryMode, type NotificationEventInput } from '../domain/notifications.js';
import type { Database } from './database.js';
import type { Store } from './store.js';

export interface NotificationEventsTable {
  id: string;
  kind: string;
  title: string;
  detail: string;
  use_case_id: string | null;
  href: string | null;
  audience: string;
  data: string;
  created_at: string;
  fanned_out_at: string | null;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'dead' | 'held' | 'digested';

export interface NotificationDeliveriesTable {
  id: string;
  event_id: string;
  channel: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  digest_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationPreferencesTable {
  username: string;
  kind: string;
  mode: string;
  updated_at: string;
}

export interface NotificationContactsTable {
  username: string;
  email: string;
  updated_at: string;
}

declare module './database.js' {
  interface Database {
    notification_events: NotificationEventsTable;
    notification_deliveries: NotificationDeliveriesTable;
    notification_preferences: NotificationPreferencesTable;
    notification_contacts: NotificationContactsTable;
  }
}

/** An event of the outbox. `kind` is a NotificationKind, or `digest` for a digest the dispatcher made. */
export interface NotificationEvent {
  id: string;
  kind: string;
  title: string;
  detail: string;
  useCaseId: string | null;
  href: string | null;
  audience: Audience;
  data: Record<string, unknown>;
  createdAt: string;
  fannedOutAt: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  channel: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  digestId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toNotificationEvent(r: Selectable<NotificationEventsTable>): NotificationEvent {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    detail: r.detail,
    useCaseId: r.use_case_id,
    href: r.href,
    audience: JSON.parse(r.audience) as Audience,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: r.created_at,
    fannedOutAt: r.fanned_out_at,
  };
}

export function toDelivery(r: Selectable<NotificationDeliveriesTable>): Delivery {
  return {
    id: r.id,
    eventId: r.event_id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    leaseUntil: r.lease_until,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    digestId: r.digest_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** An outbox event: a NotificationKind, or `digest` (a person's digest, made by runDigests). */
export type StoredEventInput = Omit<NotificationEventInput, 'kind'> & { kind: NotificationEventInput['kind'] | 'digest' };

export async function insertEvent(db: Kysely<Database>, id: string, e: StoredEventInput, at: Date, fannedOut = false): Promise<void> {
  await db
    .insertInto('notification_events')
    .values({
      id,
      kind: e.kind,
      title: e.title,
      detail: e.detail ?? '',
      use_case_id: e.useCaseId ?? null,
      href: e.href ?? null,
      audience: JSON.stringify({ roles: e.audience.roles ?? [], users: e.audience.users ?? [] }),
      data: JSON.stringify(e.data ?? {}),
      created_at: at.toISOString(),
      fanned_out_at: fannedOut ? at.toISOString() : null,
    })
    .execute();
}

export async function getEvent(db: Kysely<Database>, id: string): Promise<NotificationEvent | undefined> {
  const r = await db.selectFrom('notification_events').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toNotificationEvent(r) : undefined;
}

export async function eventsNotFannedOut(db: Kysely<Database>, limit: number): Promise<NotificationEvent[]> {
  const rows = await db.selectFrom('notification_events').selectAll().where('fanned_out_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
  return rows.map(toNotificationEvent);
}

/** Marks the event fanned out; false when another dispatcher did it first (then add nothing). */
export async function markFannedOut(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('notification_events').set({ fanned_out_at: at.toISOString() }).where('id', '=', id).where('fanned_out_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type NewDelivery = Pick<Insertable<NotificationDeliveriesTable>, 'id' | 'event_id' | 'channel' | 'recipient' | 'status'>;

/** Adds deliveries; one that exists (same event, channel and recipient) is left as it is. */
export async function insertDeliveries(db: Kysely<Database>, rows: NewDelivery[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const t = at.toISOString();
  await db
    .insertInto('notification_deliveries')
    .values(rows.map((r) => ({ ...r, attempts: 0, next_attempt_at: t, created_at: t, updated_at: t })))
    .onConflict((oc) => oc.columns(['event_id', 'channel', 'recipient']).doNothing())
    .execute();
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: pending ones whose time has come, and
 * sending ones whose lease ran out (a dispatcher that died midway). Each claim counts as an
 * attempt; the attempt number is the claim's token for `finishDelivery`.
 */
export async function claimDue(store: Store, now: Date, leaseMs: number, limit: number): Promise<Delivery[]> {
  const t = now.toISOString();
  return store.transaction(async (tx) => {
    let q = tx
      .selectFrom('notification_deliveries')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', t)]), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', t)])]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await tx
      .updateTable('notification_deliveries')
      .set({ status: 'sending', lease_until: new Date(now.getTime() + leaseMs).toISOString(), attempts: sql<number>`attempts + 1`, updated_at: t })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return rows.map(toDelivery).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
  });
}

export type Outcome = { status: 'delivered' } | { status: 'pending'; error: string; nextAttemptAt: Date } | { status: 'dead'; error: string };

/** Records how a claimed attempt ended; false when the claim was lost meanwhile (its lease ran out and another took it). */
export async function finishDelivery(db: Kysely<Database>, d: Delivery, outcome: Outcome, now: Date): Promise<boolean> {
  const t = now.toISOString();
  const set =
    outcome.status === 'delivered'
      ? { status: 'delivered' as const, delivered_at: t, last_error: null, lease_until: null }
      : outcome.status === 'pending'
        ? { status: 'pending' as const, last_error: outcome.error.slice(0, 1000), next_attempt_at: outcome.nextAttemptAt.toISOString(), lease_until: null }
        : { status: 'dead' as const, last_error: outcome.error.slice(0, 1000), lease_until: null };
  const r = await db.updateTable('notification_deliveries').set({ ...set, updated_at: t }).where('id', '=', d.id).where('status', '=', 'sending').where('attempts', '=', d.attempts).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Removes deliveries finished (delivered, carried by a digest, given up on) and last touched
 * before `before`, then the fanned-out events older than that with no delivery left; pending,
 * sending and held ones stay whatever their age. One transaction: the log never shows an
 * event's deliveries half gone.
 */
export async function pruneFinished(store: Store, before: Date): Promise<{ deliveries: number; events: number }> {
  const t = before.toISOString();
  return store.transaction(async (tx) => {
    const d = await tx.deleteFrom('notification_deliveries').where('status', 'in', ['delivered', 'digested', 'dead']).where('updated_at', '<', t).executeTakeFirst();
    const e = await tx
      .deleteFrom('notification_events')
      .where('fanned_out_at', 'is not', null)
      .where('created_at', '<', t)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('notification_deliveries').select('id').whereRef('notification_deliveries.event_id', '=', 'notification_events.id'))))
      .executeTakeFirst();
    return { deliveries: Number(d.numDeletedRows), events: Number(e.numDeletedRows) };
  });
}

/** A dead-lettered delivery goes back to the queue with its attempts reset; false if it is not dead. */
export async function requeueDead(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const t = now.toISOString();
  const r = await db.updateTable('notification_deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: t, lease_until: null, updated_at: t }).where('id', '=', id).where('status', '=', 'dead').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getDelivery(db: Kysely<Database>, id: string): Promise<Delivery | undefined> {
  const r = await db.selectFrom('notification_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDelivery(r) : undefined;
}

export interface DeliveryLogRow extends Delivery {
  kind: string;
  title: string;
  useCaseId: string | null;
}

export async function listDeliveryLog(db: Kysely<Database>, filter: { status?: DeliveryStatus | undefined; id?: string; limit: number }): Promise<DeliveryLogRow[]> {
  let q = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select(['e.kind', 'e.title', 'e.use_case_id'])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(filter.limit);
  if (filter.status) q = q.where('d.status', '=', filter.status);
  if (filter.id !== undefined) q = q.where('d.id', '=', filter.id);
  const rows = await q.execute();
  return rows.map((r) => ({ ...toDelivery(r), kind: r.kind, title: r.title, useCaseId: r.use_case_id }));
}

export async function countDeliveriesByStatus(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('notification_deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Held deliveries (waiting for a digest) created up to `until`, oldest first. */
export async function heldDeliveries(db: Kysely<Database>, until: Date): Promise<(Delivery & { title: string; href: string | null })[]> {
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select(['e.title', 'e.href'])
    .where('d.status', '=', 'held')
    .where('d.created_at', '<=', until.toISOString())
    .orderBy('d.recipient')
    .orderBy('d.created_at')
    .execute();
  return rows.map((r) => ({ ...toDelivery(r), title: r.title, href: r.href }));
}

/** Marks held deliveries as carried by a digest; only rows still held change, and their ids are returned. */
export async function markDigested(db: Kysely<Database>, ids: string[], digestId: string, now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.updateTable('notification_deliveries').set({ status: 'digested', digest_id: digestId, updated_at: now.toISOString() }).where('id', 'in', ids).where('status', '=', 'held').returning('id').execute();
  return new Set(rows.map((r) => r.id));
}

/** The people who chose `kind` themselves (a stored choice other than off), sorted. */
export async function peopleWhoChose(db: Kysely<Database>, kind: string): Promise<string[]> {
  const rows = await db.selectFrom('notification_preferences').select('username').where('kind', '=', kind).where('mode', '!=', 'off').orderBy('username').execute();
  return rows.map((r) => r.username);
}

export async function preferencesOf(db: Kysely<Database>, usernames: string[]): Promise<Map<string, Map<string, DeliveryMode>>> {
  const out = new Map<string, Map<string, DeliveryMode>>();
  if (usernames.length === 0) return out;
  const rows = await db.selectFrom('notification_preferences').selectAll().where('username', 'in', usernames).execute();
  for (const r of rows) {
    const m = out.get(r.username) ?? new Map<string, DeliveryMode>();
    m.set(r.kind, r.mode as DeliveryMode);
    out.set(r.username, m);
  }
  return out;
}

export function modeFor(prefs: Map<string, Map<string, DeliveryMode>>, username: string, kind: string): DeliveryMode {
  return prefs.get(username)?.get(kind) ?? DEFAULT_DELIVERY_MODE;
}

export async function setPreferences(db: Kysely<Database>, username: string, modes: Record<string, DeliveryMode>, now: Date): Promise<void> {
  const t = now.toISOString();
  for (const [kind, mode] of Object.entries(modes))
    await db
      .insertInto('notification_preferences')
      .values({ username, kind, mode, updated_at: t })
      .onConflict((oc) => oc.columns(['username', 'kind']).doUpdateSet({ mode, updated_at: t }))
      .execute();
}

export async function contactsOf(db: Kysely<Database>, usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db.selectFrom('notification_contacts').select(['username', 'email']).where('username', 'in', usernames).execute();
  return new Map(rows.map((r) => [r.username, r.email]));
}

export async function setContact(db: Kysely<Database>, username: string, email: string | null, now: Date): Promise<void> {
  if (email === null) {
    await db.deleteFrom('notification_contacts').where('username', '=', username).execute();
    return;
  }
  const t = now.toISOString();
  await db
    .insertInto('notification_contacts')
    .values({ username, email, updated_at: t })
    .onConflict((oc) => oc.column('username').doUpdateSet({ email, updated_at: t }))
    .execute();
}
