// A person's notification settings: the address notifications are mailed to, and for each
// kind of event whether to be told at once, in a daily digest, or not at all.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getSettings, notificationKeys, saveSettings, type DeliveryMode, type NotificationSettings } from '../api-notifications';
import { usePageTitle } from '../page-title';

const MODES: [DeliveryMode, string][] = [
  ['immediate', 'At once'],
  ['digest', 'In a daily digest'],
  ['off', 'Not at all'],
];

export function NotificationSettingsPage() {
  usePageTitle('Notification settings');
  const client = useQueryClient();
  const settings = useQuery({ queryKey: notificationKeys.settings, queryFn: getSettings });
  const [email, setEmail] = useState('');
  const [modes, setModes] = useState<Record<string, DeliveryMode>>({});
  useEffect(() => {
    if (!settings.data) return;
    setEmail(settings.data.email ?? '');
    setModes(Object.fromEntries(settings.data.preferences.map((p) => [p.kind, p.mode])));
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => saveSettings({ email: email.trim() === '' ? null : email.trim(), preferences: modes as NonNullable<Parameters<typeof saveSettings>[0]['preferences']> }),
    onSuccess: (s: NotificationSettings) => client.setQueryData(notificationKeys.settings, s),
  });

  return (
    <>
      <div className="page-head">
        <h1>Notification settings</h1>
      </div>
      <p className="muted">
        Traction tells you when something needs you: a sign-off asked of your role, a proposal to review, a gate that is ready. Choose how you hear about each. What waits for you is always in
        your inbox as well.
      </p>
      {settings.isError && <p className="error" role="alert">{settings.error.message}</p>}
      {settings.data && (
        <form
          className="panel notification-settings"
          aria-label="Notification settings"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            E-mail address for notifications
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.com" autoComplete="email" aria-describedby="email-note" />
          </label>
          <p id="email-note" className="muted small">
            {settings.data.email_configured ? 'Leave it empty to get no e-mail.' : 'E-mail is not set up on this server yet; your address is kept for when it is.'}
          </p>
          <fieldset>
            <legend>How to tell you</legend>
            {settings.data.preferences.map((p) => (
              <label key={p.kind} className="pref">
                <span>{p.label}</span>
                <select value={modes[p.kind] ?? p.mode} onChange={(e) => setModes({ ...modes, [p.kind]: e.target.value as DeliveryMode })}>
                  {MODES.map(([m, label]) => (
                    <option key={m} value={m}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
          {save.isError && <p className="error" role="alert">{save.error.message}</p>}
          {save.isSuccess && !save.isPending && <p className="notice" role="status">Saved.</p>}
        </form>
      )}
    </>
  );
}
