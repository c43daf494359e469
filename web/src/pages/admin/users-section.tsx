// Accounts: every user with their role (changed in place) and whether they can log in; a new
// account gets a one-time password, shown once, which they change at first login.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../api';
import { adminKeys, createAccount, listAccounts, ROLE_LABELS, ROLES, updateAccount, type Account, type Role } from '../../api-admin';
import { CopyOnce } from '../../components/copy-once';

interface NewAccount {
  username: string;
  display_name: string;
  role: Role;
}

export function UsersSection({ me }: { me: string }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: adminKeys.users, queryFn: listAccounts });
  const [created, setCreated] = useState<{ username: string; password: string }>();
  const { register, handleSubmit, reset, setError, formState } = useForm<NewAccount>({ defaultValues: { username: '', display_name: '', role: 'viewer' } });
  const refresh = () => client.invalidateQueries({ queryKey: adminKeys.users });
  const create = useMutation({
    mutationFn: createAccount,
    onSuccess: async (r) => {
      setCreated(r.one_time_password ? { username: r.user.username, password: r.one_time_password } : undefined);
      reset();
      await refresh();
    },
    onError: (e: Error) => {
      const problems = e instanceof ApiError ? (e.body.problems ?? e.body.issues ?? []) : [];
      const field = (f: string | undefined) => (f === 'display_name' || f === 'role' ? f : 'username');
      if (problems.length > 0) for (const p of problems) setError(field(p.field), { message: p.message });
      else setError(field(e instanceof ApiError ? e.body.field : undefined), { message: e.message });
    },
  });
  const change = useMutation({ mutationFn: ({ id, body }: { id: string; body: { role?: Role; disabled?: boolean } }) => updateAccount(id, body), onSettled: refresh });
  const e = formState.errors;

  return (
    <>
      <section className="panel" aria-labelledby="new-user">
        <h2 id="new-user">New account</h2>
        <form className="admin-form" onSubmit={handleSubmit((v) => create.mutate(v))} aria-label="New account" noValidate>
          <label>
            Username
            <input {...register('username', { required: 'a username, e.g. an e-mail address' })} autoComplete="off" aria-invalid={e.username ? true : undefined} />
            {e.username && <span className="error small">{e.username.message}</span>}
          </label>
          <label>
            Full name
            <input {...register('display_name', { required: 'the name people know them by' })} autoComplete="off" aria-invalid={e.display_name ? true : undefined} />
            {e.display_name && <span className="error small">{e.display_name.message}</span>}
          </label>
          <label>
            Role
            <select {...register('role')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={create.isPending}>
            Create account
          </button>
        </form>
        {created && <CopyOnce label={`One-time password for ${created.username}:`} secret={created.password} note="Shown only now. Give it to them privately; they choose their own password at first login." />}
      </section>
      <section className="panel" aria-labelledby="users">
        <h2 id="users">Accounts</h2>
        {users.isError && <p className="error" role="alert">{users.error.message}</p>}
        {change.isError && <p className="error" role="alert">{change.error.message}</p>}
        <ul className="admin-list">
          {(users.data ?? []).map((u: Account) => (
            <li key={u.id} className={u.disabled_at ? 'disabled' : undefined}>
              <span>
                <strong>{u.display_name}</strong> <span className="muted small">{u.username}</span>
                {u.disabled_at && <span className="badge not-funded">disabled</span>}
                {u.must_change_password && !u.disabled_at && <span className="badge">first login pending</span>}
              </span>
              <span className="actions">
                <label className="inline">
                  <span className="visually-hidden">Role of {u.username}</span>
                  <select value={u.role} onChange={(ev) => change.mutate({ id: u.id, body: { role: ev.target.value as Role } })} disabled={u.username === me}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </label>
                {u.username !== me && (
                  <button type="button" className="secondary" onClick={() => change.mutate({ id: u.id, body: { disabled: !u.disabled_at } })}>
                    {u.disabled_at ? 'Enable' : 'Disable'}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
