// A secret shown once (a one-time password, a new API token), with a button that copies it.
import { useState } from 'react';

export function CopyOnce({ label, secret, note }: { label: string; secret: string; note: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="copy-once" role="status">
      <p>
        <strong>{label}</strong> <span className="muted small">{note}</span>
      </p>
      <p className="secret-row">
        <code className="secret">{secret}</code>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </p>
    </div>
  );
}
