// Turns outbox events into deliveries: per person (e-mail, or held for their digest, or
// nothing, as each chose for the kind) and per shared channel (Slack, Teams, webhooks whose
// `kinds` include it). Each event is fanned out in one transaction that first marks it done
// with a conditional update, so two dispatchers never both fan one out; the unique
// (event, channel, recipient) key makes a repeat add nothing in any case.
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { getDefinition } from '../store/definition-repository.js';
import { newId } from '../store/evidence-repository.js';
import { contactsOf, eventsNotFannedOut, insertDeliveries, markFannedOut, modeFor, preferencesOf, type NewDelivery, type NotificationEvent } from '../store/notification-repository.js';
import type { Store } from '../store/store.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { readNotificationsConfig, sharedChannels } from './notifications-config.js';
import { isNotificationKind } from './message.js';

/** The usernames an event is for: holders of its roles (traction.yaml) and the people it names. */
export function recipientsOf(e: Pick<NotificationEvent, 'audience'>, roles: WorkspaceConfig['roles']): string[] {
  const fromRoles = (e.audience.roles ?? []).flatMap((r) => (roles as Record<string, string[] | undefined>)[r] ?? []);
  return [...new Set([...fromRoles, ...(e.audience.users ?? [])])].sort();
}

async function deliveriesFor(tx: Kysely<Database>, e: NotificationEvent): Promise<NewDelivery[]> {
  const config = await readNotificationsConfig(tx);
  const rows: NewDelivery[] = [];
  const add = (channel: string, recipient: string, status: NewDelivery['status']) => rows.push({ id: newId('dlv'), event_id: e.id, channel, recipient, status });
  if (config?.email) {
    const roles = ((await getDefinition(tx, 'config', 'config'))?.body as WorkspaceConfig | undefined)?.roles ?? {};
    const people = recipientsOf(e, roles);
    const [prefs, contacts] = await Promise.all([preferencesOf(tx, people), contactsOf(tx, people)]);
    for (const p of people) {
      // Someone without an address gets no e-mail; the inbox still shows what waits for them.
      if (!contacts.has(p)) continue;
      const mode = isNotificationKind(e.kind) ? modeFor(prefs, p, e.kind) : 'immediate';
      if (mode !== 'off') add('email', p, mode === 'digest' ? 'held' : 'pending');
    }
  }
  for (const ch of sharedChannels(config)) if (!ch.kinds || (isNotificationKind(e.kind) && ch.kinds.includes(e.kind))) add(ch.key, '', 'pending');
  return rows;
}

/** Fans out every event not yet fanned out; returns how many this process did. */
export async function fanOutEvents(store: Store, now: Date, batch = 100): Promise<number> {
  let done = 0;
  for (;;) {
    const events = await eventsNotFannedOut(store.db, batch);
    if (events.length === 0) return done;
    for (const e of events)
      done += await store.transaction(async (tx) => {
        if (!(await markFannedOut(tx, e.id, now))) return 0;
        await insertDeliveries(tx, await deliveriesFor(tx, e), now);
        return 1;
      });
    if (events.length < batch) return done;
  }
}
