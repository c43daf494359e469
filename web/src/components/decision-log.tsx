// The decision log of a use case: every stage transition with who and when, overrides
// flagged with their reason. Append-only: nothing here edits it.
import { useEffect, useState } from 'react';
import { api, type Page } from '../api';
import type { Decision } from '../api-gates';
import { when } from '../format';
import { stageLabel } from './stage-badge';

export function DecisionLog({ id, refresh }: { id: string; refresh: number }) {
  const [items, setItems] = useState<Decision[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Page<Decision>>(`/api/decisions?use_case=${encodeURIComponent(id)}&limit=50`).then((p) => setItems(p.items), (e: Error) => setError(e.message));
  }, [id, refresh]);
  return (
    <section className="panel" aria-labelledby="decisions">
      <h2 id="decisions">Decision log</h2>
      {error && <p className="error">{error}</p>}
      {items && items.length === 0 && <p className="muted">No decision yet: the use case is at the stage its definition declares. `traction advance` records one when a gate passes.</p>}
      {items && items.length > 0 && (
        <ol className="timeline" reversed>
          {items.map((d) => (
            <li key={d.id}>
              <strong>
                #{d.number} {stageLabel(d.from)} → {stageLabel(d.to)}
              </strong>{' '}
              {d.forced && <span className="badge q-money_pit">override</span>}{' '}
              <span className="muted small">
                by {d.actor}, {when(d.at)}; {d.evaluation.met}/{d.evaluation.total} criteria met
              </span>
              {d.reason && <div className="small">Reason: {d.reason}</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
