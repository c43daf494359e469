// The audit log: who did what, when, newest first, filtered by person, kind of action and
// dates, a page at a time.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminKeys, auditPage, listAccounts, type AuditFilter } from '../../api-admin';

const KINDS: [string, string][] = [
  ['', 'Everything'],
  ['user', 'Accounts'],
  ['api_token', 'API tokens'],
  ['session', 'Logins and logouts'],
  ['definition', 'Use cases and definitions'],
  ['evidence', 'Evidence'],
  ['gate', 'Gate decisions'],
  ['scenario', 'Roadmap scenarios'],
  ['funding', 'Funding decisions'],
  ['readiness', 'Data readiness runs'],
  ['job', 'Scheduled jobs'],
  ['kpi', 'KPI measurements'],
  ['assessment', 'Readiness assessment'],
  ['invitation', 'Invitation links'],
  ['notification', 'Notifications'],
];
const PAGE = 25;

/** The action as people say it: `api_token.revoked` -> "API token revoked". */
const phrase = (action: string) => {
  const [kind = '', what = ''] = action.split('.');
  const noun = KINDS.find(([k]) => k === kind)?.[1] ?? kind.replace(/_/g, ' ');
  return `${noun}: ${what.replace(/_/g, ' ')}`;
};

/** What it was done to, in words: generated ids (tok_..., scn_...) say nothing to people, so only readable names are shown. */
const target = (e: { object_kind: string; object_id: string; detail: unknown }) => {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const name = [d.name, d.scenario, d.username].find((x): x is string => typeof x === 'string');
  if (name) return `“${name}”`;
  return /^[a-z]+_[0-9a-f]{8,}/.test(e.object_id) ? '' : e.object_id;
};

export function AuditSection() {
  const [draft, setDraft] = useState({ actor: '', action: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({ limit: PAGE, offset: 0 });
  const users = useQuery({ queryKey: adminKeys.users, queryFn: listAccounts });
  const page = useQuery({ queryKey: adminKeys.audit(filter), queryFn: () => auditPage(filter), placeholderData: keepPreviousData });
  const apply = () =>
    setFilter({
      limit: PAGE,
      offset: 0,
      ...(draft.actor ? { actor: draft.actor } : {}),
      ...(draft.action ? { action: draft.action } : {}),
      // Dates are whole days in the browser's time zone; `to` includes its day.
      ...(draft.from ? { from: new Date(`${draft.from}T00:00:00`).toISOString() } : {}),
      ...(draft.to ? { to: new Date(new Date(`${draft.to}T00:00:00`).getTime() + 86_400_000).toISOString() } : {}),
    });
  const total = page.data?.total ?? 0;

  return (
    <section className="panel" aria-labelledby="audit">
      <h2 id="audit">Audit log</h2>
      <form
        className="admin-form"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          Who
          <select value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.username}>
                {u.display_name} ({u.username})
              </option>
            ))}
          </select>
        </label>
        <label>
          What
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            {KINDS.map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit">Show</button>
      </form>
      {page.isError && <p className="error" role="alert">{page.error.message}</p>}
      <p className="muted small" aria-live="polite">
        {total === 0 ? 'No entries.' : `Entries ${filter.offset + 1}–${Math.min(total, filter.offset + PAGE)} of ${total}, newest first.`}
      </p>
      <ul className="admin-list audit-list">
        {(page.data?.items ?? []).map((e) => (
          <li key={e.seq}>
            <span>
              <strong>{phrase(e.action)}</strong> <span className="muted small">{target(e)}</span>
            </span>
            <span className="small">
              {e.actor} · <time dateTime={e.at}>{new Date(e.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</time>
            </span>
          </li>
        ))}
      </ul>
      <div className="toolbar wrap">
        <button type="button" className="secondary" disabled={filter.offset === 0} onClick={() => setFilter({ ...filter, offset: Math.max(0, filter.offset - PAGE) })}>
          Newer
        </button>
        <button type="button" className="secondary" disabled={filter.offset + PAGE >= total} onClick={() => setFilter({ ...filter, offset: filter.offset + PAGE })}>
          Older
        </button>
      </div>
    </section>
  );
}
