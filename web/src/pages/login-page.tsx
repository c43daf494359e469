// Log in; and, after logging in with a one-time password, choose a new one.
import { useState, type FormEvent } from 'react';
import { api, ApiError, type SessionInfo } from '../api';
import { usePageTitle } from '../page-title';

export function LoginPage({ session, onSession }: { session: SessionInfo | null; onSession: (s: SessionInfo | null) => void }) {
  const changing = session?.user.must_change_password === true;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(changing ? 'Choose your password' : 'Log in');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const s = changing
        ? await api<SessionInfo>('/api/auth/password', { method: 'POST', body: { current_password: form.get('current'), new_password: form.get('next') }, idempotent: false })
        : await api<SessionInfo>('/api/auth/login', { method: 'POST', body: { username: form.get('username'), password: form.get('password') }, idempotent: false });
      onSession(s);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'the server did not answer');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="card" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <h1>Traction</h1>
        {changing ? (
          <>
            <p>Welcome, {session?.user.display_name}. Choose your own password (at least 12 characters) to continue.</p>
            <label>
              One-time password
              <input name="current" type="password" autoComplete="current-password" required autoFocus />
            </label>
            <label>
              New password
              <input name="next" type="password" autoComplete="new-password" minLength={12} required />
            </label>
          </>
        ) : (
          <>
            <p>Log in to see the AI portfolio and propose use cases.</p>
            <label>
              Username
              <input name="username" autoComplete="username" required autoFocus />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
          </>
        )}
        {error && (
          <p className="error" id="login-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {changing ? 'Set password' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
