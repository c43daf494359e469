// The usage_alerts table (migration 0019): which usage flags were alerted and whether they are
// still raised. Each write is conditional, so two runs at once (a scheduled job and a person's
// `traction notify usage-alerts`) never both tell the same flag: the one whose insert or
// update took the row records the event, the other finds nothing to do.
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface UsageAlertsTable {
  use_case_id: string;
  flag: string;
  period: string;
  raised_at: string;
  cleared_at: string | null;
  event_id: string | null;
}

declare module './database.js' {
  interface Database {
    usage_alerts: UsageAlertsTable;
  }
}

export interface UsageAlertKey {
  useCaseId: string;
  flag: string;
  /** The month for a flag alerted once per month (over_budget), '' otherwise. */
  period: string;
}

export interface UsageAlertRow extends UsageAlertKey {
  raisedAt: string;
  clearedAt: string | null;
  eventId: string | null;
}

/** One string per key, for sets and maps. */
export function usageAlertKey(k: UsageAlertKey): string {
  return `${k.useCaseId}\u0000${k.flag}\u0000${k.period}`;
}

/** The alerts whose flag was still raised at the last run. */
export async function raisedUsageAlerts(db: Kysely<Database>): Promise<UsageAlertRow[]> {
  const rows = await db.selectFrom('usage_alerts').selectAll().where('cleared_at', 'is', null).orderBy('use_case_id').orderBy('flag').orderBy('period').execute();
  return rows.map((r) => ({ useCaseId: r.use_case_id, flag: r.flag, period: r.period, raisedAt: r.raised_at, clearedAt: r.cleared_at, eventId: r.event_id }));
}

/**
 * Marks the flag raised; true when this call raised it (it was never alerted, or, for a flag
 * without a period, it had cleared since), false when it is raised already or, for a flag
 * with a period, was alerted in that period before.
 */
export async function claimUsageAlert(db: Kysely<Database>, k: UsageAlertKey, at: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('usage_alerts')
    .values({ use_case_id: k.useCaseId, flag: k.flag, period: k.period, raised_at: at.toISOString(), cleared_at: null, event_id: null })
    .onConflict((oc) => oc.columns(['use_case_id', 'flag', 'period']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
  if (k.period !== '') return false;
  const again = await db
    .updateTable('usage_alerts')
    .set({ raised_at: at.toISOString(), cleared_at: null, event_id: null })
    .where('use_case_id', '=', k.useCaseId)
    .where('flag', '=', k.flag)
    .where('period', '=', k.period)
    .where('cleared_at', 'is not', null)
    .executeTakeFirst();
  return Number(again.numUpdatedRows) === 1;
}

/** The event that told the alert just claimed. */
export async function setUsageAlertEvent(db: Kysely<Database>, k: UsageAlertKey, eventId: string): Promise<void> {
  await db.updateTable('usage_alerts').set({ event_id: eventId }).where('use_case_id', '=', k.useCaseId).where('flag', '=', k.flag).where('period', '=', k.period).execute();
}

/** Marks a raised flag cleared; true when this call cleared it. */
export async function clearUsageAlert(db: Kysely<Database>, k: UsageAlertKey, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('usage_alerts')
    .set({ cleared_at: at.toISOString() })
    .where('use_case_id', '=', k.useCaseId)
    .where('flag', '=', k.flag)
    .where('period', '=', k.period)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
