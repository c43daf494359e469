// API tokens: a new one for this account (the secret shown once, with a copy button), and
// every account's tokens with who owns them, their scope and state, each revocable.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { adminKeys, createToken, listAccounts, listAllTokens, revokeToken, type ApiToken } from '../../api-admin';
import { CopyOnce } from '../../components/copy-once';

const SCOPES: Record<ApiToken['scope'], string> = { read: 'Read only', write: 'Read and write', ingest: 'Send telemetry only' };
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function TokensSection() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: adminKeys.tokens, queryFn: listAllTokens });
  const users = useQuery({ queryKey: adminKeys.users, queryFn: listAccounts });
  const [secret, setSecret] = useState<{ name: string; token: string }>();
  const { register, handleSubmit, reset, formState } = useForm<{ name: string; scope: ApiToken['scope']; days: string }>({ defaultValues: { name: '', scope: 'read', days: '90' } });
  const refresh = () => client.invalidateQueries({ queryKey: adminKeys.tokens });
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: async (t) => {
      setSecret({ name: t.name, token: t.token });
      reset();
      await refresh();
    },
  });
  const revoke = useMutation({ mutationFn: revokeToken, onSettled: refresh });
  const owner = new Map((users.data ?? []).map((u) => [u.id, u.display_name]));
  const e = formState.errors;

  return (
    <>
      <section className="panel" aria-labelledby="new-token">
        <h2 id="new-token">New API token</h2>
        <p className="muted small">A token lets a program use the API as you. Give it the least it needs.</p>
        <form
          className="admin-form"
          aria-label="New API token"
          noValidate
          onSubmit={handleSubmit((v) => create.mutate({ name: v.name, scope: v.scope, ...(v.days.trim() !== '' ? { expires_in_days: Number(v.days) } : {}) }))}
        >
          <label>
            What it is for
            <input {...register('name', { required: 'a name that says what uses it' })} placeholder="e.g. nightly report" aria-invalid={e.name ? true : undefined} />
            {e.name && <span className="error small">{e.name.message}</span>}
          </label>
          <label>
            Access
            <select {...register('scope')}>
              {Object.entries(SCOPES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label>
            Expires after (days)
            <input {...register('days', { validate: (s) => s.trim() === '' || (Number.isInteger(Number(s)) && Number(s) >= 1 && Number(s) <= 3650) || 'a whole number of days from 1 to 3650, or empty for never' })} inputMode="numeric" aria-invalid={e.days ? true : undefined} />
            {e.days && <span className="error small">{e.days.message}</span>}
          </label>
          <button type="submit" disabled={create.isPending}>
            Create token
          </button>
        </form>
        {create.isError && <p className="error" role="alert">{create.error.message}</p>}
        {secret && <CopyOnce label={`Token “${secret.name}”:`} secret={secret.token} note="Shown only now: copy it into the program's settings. It cannot be shown again." />}
      </section>
      <section className="panel" aria-labelledby="tokens">
        <h2 id="tokens">API tokens</h2>
        {tokens.isError && <p className="error" role="alert">{tokens.error.message}</p>}
        {revoke.isError && <p className="error" role="alert">{revoke.error.message}</p>}
        {tokens.data?.length === 0 && <p className="muted">No token yet.</p>}
        <ul className="admin-list">
          {(tokens.data ?? []).map((t) => (
            <li key={t.id} className={t.revoked_at ? 'disabled' : undefined}>
              <span>
                <strong>{t.name}</strong> <span className="muted small">{owner.get(t.user_id) ?? 'another account'} · {SCOPES[t.scope]} · created {day(t.created_at)}{t.expires_at ? ` · expires ${day(t.expires_at)}` : ' · never expires'}</span>{' '}
                {t.revoked_at && <span className="badge not-funded">revoked {day(t.revoked_at)}</span>}
              </span>
              {!t.revoked_at && (
                <span className="actions">
                  <button type="button" className="secondary" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
