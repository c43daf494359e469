// Daily digests: every delivery held for a person's digest becomes one e-mail listing them.
// One transaction per person: the digest event (already fanned out) with its one delivery,
// and the held rows marked as carried by it; a second run finds nothing held and sends
// nothing, so a schedule that fires twice does no harm.
import { newId } from '../store/evidence-repository.js';
import { heldDeliveries, insertDeliveries, insertEvent, markDigested } from '../store/notification-repository.js';
import type { Store } from '../store/store.js';
import { eventLink } from './message.js';
import { readNotificationsConfig } from './notifications-config.js';

export interface DigestSummary {
  people: number;
  items: number;
}

export async function runDigests(store: Store, now: Date): Promise<DigestSummary> {
  const held = await heldDeliveries(store.db, now);
  const dashboardUrl = (await readNotificationsConfig(store.db))?.dashboard_url;
  const byPerson = new Map<string, typeof held>();
  for (const h of held) byPerson.set(h.recipient, [...(byPerson.get(h.recipient) ?? []), h]);
  const summary: DigestSummary = { people: 0, items: 0 };
  for (const [person, items] of byPerson) {
    const n = await store.transaction(async (tx) => {
      const id = newId('evt');
      // Only the rows this transaction took: another run may have carried some already.
      const taken = await markDigested(tx, items.map((i) => i.id), id, now);
      const mine = items.filter((i) => taken.has(i.id));
      const count = mine.length;
      if (count === 0) return 0;
      const lines = mine.map((i) => `- ${i.title}${i.href ? ` (${eventLink(i, dashboardUrl)})` : ''}`);
      // `digest` is not a kind a person chooses: it is how their choice of a digest is carried out.
      await insertEvent(tx, id, { kind: 'digest', title: `Your digest: ${count} notification${count === 1 ? '' : 's'}`, detail: lines.join('\n'), audience: { users: [person] }, data: { items: mine.map((i) => i.eventId) } }, now, true);
      await insertDeliveries(tx, [{ id: newId('dlv'), event_id: id, channel: 'email', recipient: person, status: 'pending' }], now);
      return count;
    });
    if (n > 0) {
      summary.people += 1;
      summary.items += n;
    }
  }
  return summary;
}
