// The decision log of a use case: every stage transition with who and when, overrides
// flagged with their reason, and every funding decision (a committed roadmap scenario) that
// funded the use case or left it out. Append-only: nothing here edits it.
import { useQuery } from '@tanstack/react-query';
import { decisionsKey, fetchDecisions, type FundingLogEntry } from '../api-gates';
import { when } from '../format';
import { stageLabel } from './stage-badge';

function FundingEntry({ d }: { d: FundingLogEntry }) {
  const funded = d.funded[0];
  const leftOut = d.left_out[0];
  return (
    <li>
      <strong>{funded ? `Funded for ${funded.quarters.length === 1 ? funded.quarters[0] : `${funded.quarters[0]} to ${funded.quarters.at(-1)}`}` : 'Not funded'}</strong>{' '}
      <span className="muted small">
        in the roadmap scenario “{d.scenario.name}”, committed by {d.actor}, {when(d.at)}
      </span>
      {leftOut && <div className="small">Why: {leftOut.reason}</div>}
    </li>
  );
}

export function DecisionLog({ id }: { id: string; refresh?: number }) {
  const { data, error: failed } = useQuery({ queryKey: decisionsKey(id), queryFn: () => fetchDecisions(id) });
  const items = data?.items;
  const error = failed?.message;
  return (
    <section className="panel" aria-labelledby="decisions">
      <h2 id="decisions">Decision log</h2>
      {error && <p className="error">{error}</p>}
      {items && items.length === 0 && <p className="muted">No decision yet: the use case is at the stage its definition declares. Moving it on through its gate, or funding it in a roadmap scenario, records one here.</p>}
      {items && items.length > 0 && (
        <ol className="timeline" reversed>
          {items.map((d) =>
            d.kind === 'funding' ? (
              <FundingEntry key={d.id} d={d} />
            ) : (
              <li key={d.id}>
                <strong>
                  #{d.number} {stageLabel(d.from)} → {stageLabel(d.to)}
                </strong>{' '}
                {d.forced && <span className="badge q-money_pit">override</span>}{' '}
                <span className="muted small">
                  by {d.actor}, {when(d.at)}; {d.evaluation.met} of {d.evaluation.total} criteria met
                </span>
                {d.reason && <div className="small">Reason: {d.reason}</div>}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
