// The delivery log: every message sent or being sent for each event (e-mail to a person, a
// Slack or Teams channel, a webhook), with its attempts, status and last error, newest first;
// a delivery that gave up can be sent again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deliveryLog, notificationKeys, retryDelivery, type Delivery, type DeliveryStatus } from '../../api-notifications';
import { when } from '../../format';

const STATUSES: [DeliveryStatus | '', string][] = [
  ['', 'All'],
  ['dead', 'Gave up'],
  ['pending', 'Waiting to retry'],
  ['delivered', 'Delivered'],
  ['held', 'Held for a digest'],
];

const STATUS_WORDS: Record<DeliveryStatus, string> = {
  pending: 'waiting',
  sending: 'sending',
  delivered: 'delivered',
  dead: 'gave up',
  held: 'held for digest',
  digested: 'sent in a digest',
};

/** The channel as people say it: `slack:ops` -> "Slack (ops)", e-mail with the person. */
const channelWords = (d: Delivery) => {
  const [type = '', name = ''] = d.channel.split(':');
  if (type === 'email') return `E-mail to ${d.recipient}`;
  const label = { slack: 'Slack', teams: 'Teams', webhook: 'Webhook' }[type] ?? type;
  return `${label} (${name})`;
};

export function NotificationsSection() {
  const client = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const log = useQuery({ queryKey: notificationKeys.log(status), queryFn: () => deliveryLog(status) });
  const retry = useMutation({ mutationFn: retryDelivery, onSettled: () => client.invalidateQueries({ queryKey: ['notifications', 'log'] }) });
  const counts = log.data?.counts ?? {};

  return (
    <section className="panel" aria-labelledby="deliveries">
      <h2 id="deliveries">Notification deliveries</h2>
      <p className="muted small">
        {log.data && log.data.channels.length === 0
          ? 'No channel is set up yet: add notifications to the workspace settings (traction.yaml) to send e-mail, Slack, Teams or webhook messages.'
          : `Channels: ${(log.data?.channels ?? []).join(', ')}. A failed delivery is tried again later, waiting longer each time, until it gives up.`}
      </p>
      <nav className="segmented delivery-filter" aria-label="Show deliveries">
        {STATUSES.map(([s, label]) => (
          <button key={s || 'all'} type="button" className={s === status ? undefined : 'secondary'} aria-pressed={s === status} onClick={() => setStatus(s)}>
            {label}
            {s && counts[s] ? ` (${counts[s]})` : ''}
          </button>
        ))}
      </nav>
      {log.isError && <p className="error" role="alert">{log.error.message}</p>}
      {retry.isError && <p className="error" role="alert">{retry.error.message}</p>}
      {log.data?.items.length === 0 && <p className="muted">No deliveries{status ? ' with this status' : ''}.</p>}
      {log.data && log.data.items.length > 0 && (
        <div className="table-scroll delivery-scroll">
          <table className="grid delivery-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Tries
                </th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.created_at)}</td>
                  <td>{d.title}</td>
                  <td>{channelWords(d)}</td>
                  <td>
                    <span className={`badge ${d.status === 'dead' ? 'not-funded' : d.status === 'delivered' ? 'funded' : ''}`}>{STATUS_WORDS[d.status]}</span>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="small error-text">{d.last_error ?? ''}</td>
                  <td>
                    {d.status === 'dead' && (
                      <button type="button" className="secondary" disabled={retry.isPending} onClick={() => retry.mutate(d.id)} aria-label={`Send again: ${d.title}, ${channelWords(d)}`}>
                        Send again
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
