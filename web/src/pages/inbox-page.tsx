// My work: what waits for the person logged in (sign-offs their roles are asked for, KPI
// values due, mentions in comments, and whatever other kinds the server adds), each linking
// to the page where it is acted on (the count in the navigation is inbox-nav-link.tsx).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inboxQuery, markMentionRead, type InboxItem } from '../api-inbox';
import { when } from '../format';
import { usePageTitle } from '../page-title';
import { Link } from '../router';

const sinceText = (i: InboxItem) => {
  if (!i.since) return i.kind === 'kpi_due' ? 'due now' : '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(i.since) ? new Date(`${i.since}T00:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : when(i.since);
  return i.kind === 'kpi_due' ? `due since ${date}` : `since ${date}`;
};

const ACTION: Record<string, string> = { signoff: 'Open the gate', kpi_due: 'Record a value', mention: 'Read the comment' };

export function InboxPage() {
  usePageTitle('My work');
  const client = useQueryClient();
  const inbox = useQuery({ ...inboxQuery, staleTime: 0 });
  const read = useMutation({ mutationFn: markMentionRead, onSuccess: () => client.invalidateQueries({ queryKey: inboxQuery.queryKey }) });

  if (inbox.isError) return <p className="error" role="alert">{inbox.error.message}</p>;
  if (!inbox.data) return <p className="loading">Loading your work…</p>;
  const { items, sections, total } = inbox.data;
  return (
    <>
      <div className="page-head">
        <h1>My work</h1>
        <p className="muted">{total === 0 ? 'Nothing waits for you right now.' : `${total} thing${total === 1 ? '' : 's'} wait${total === 1 ? 's' : ''} for you.`}</p>
        <p className="small">
          <Link href="/settings/notifications">Choose how you are told about new work</Link>
        </p>
      </div>
      {sections.map((s) => {
        const mine = items.filter((i) => i.kind === s.kind);
        return (
          <section key={s.kind} className="panel" aria-labelledby={`inbox-${s.kind}`} style={{ marginBottom: '1rem' }}>
            <h2 id={`inbox-${s.kind}`}>
              {s.label} <span className="muted">({s.count})</span>
            </h2>
            {mine.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <ul className="timeline">
                {mine.map((i) => (
                  <li key={i.id}>
                    <Link href={i.href}>
                      <strong>{i.title}</strong>
                    </Link>
                    <div className="small" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                      {i.detail}
                    </div>
                    <div className="inline-form small">
                      <span className="muted">{sinceText(i)}</span>
                      <Link href={i.href}>{ACTION[i.kind] ?? 'Open'}</Link>
                      {i.kind === 'mention' && (
                        <button type="button" className="secondary small" disabled={read.isPending} onClick={() => read.mutate(i.id.replace(/^mention:/, ''))}>
                          Mark as read
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

/** The navigation's link to My work, with the number of things waiting. */
