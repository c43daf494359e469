// Notifications (docs/notifications.md).
// notification_events: the transactional outbox. An action writes its event here in the
//   transaction of the change itself, so a change that rolls back leaves no event, and a
//   committed one always has its event. The id (evt_...) is what receivers deduplicate on.
//   fanned_out_at: when the dispatcher turned it into deliveries (null: not yet).
// notification_deliveries: one row per event, channel and recipient ('' for a shared channel
//   such as a Slack webhook). (event_id, channel, recipient) is unique, so fanning out twice
//   adds nothing. status: pending -> sending (claimed, lease_until) -> delivered | pending
//   (retry at next_attempt_at) | dead (after max attempts); held (waits for the person's
//   digest) -> digested (digest_id: the digest event that carried it).
// notification_preferences: a person's choice per kind (immediate / digest / off); a
//   missing row means immediate.
// notification_contacts: the e-mail address a person gives for notifications.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('use_case_id', 'text')
    .addColumn('href', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('fanned_out_at', 'text')
    .execute();
  await db.schema.createIndex('notification_events_pending').on('notification_events').columns(['fanned_out_at', 'created_at']).execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('digest_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notification_deliveries_once', ['event_id', 'channel', 'recipient'])
    .execute();
  await db.schema.createIndex('notification_deliveries_due').on('notification_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('notification_deliveries_recipient').on('notification_deliveries').columns(['recipient', 'status']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['username', 'kind'])
    .execute();

  await db.schema
    .createTable('notification_contacts')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
