// The one way an action tells people about a change: write the event into the outbox with
// the same transaction handle (`tx`) as the change. If the change rolls back, so does the
// event; if it commits, the dispatcher will find the event. Nothing is sent from here.
import type { Kysely } from 'kysely';
import type { NotificationEventInput } from '../domain/notifications.js';
import type { Database } from '../store/database.js';
import { newId } from '../store/evidence-repository.js';
import { insertEvent } from '../store/notification-repository.js';

/** Records `event` in the outbox inside the caller's transaction; returns its id (evt_...), which receivers deduplicate on. */
export async function recordEvent(tx: Kysely<Database>, event: NotificationEventInput, at: Date = new Date()): Promise<string> {
  const id = newId('evt');
  await insertEvent(tx, id, event, at);
  return id;
}
