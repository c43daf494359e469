// Whether the committed plan funds a use case, and for which quarters: one line on its page.
import { useQuery } from '@tanstack/react-query';
import { fundingKeys, useCaseFunding } from '../api-funding';

export function FundingStatus({ id }: { id: string }) {
  const q = useQuery({ queryKey: fundingKeys.useCase(id), queryFn: () => useCaseFunding(id) });
  if (!q.data) return null;
  const f = q.data;
  if (!f.decision) return <p className="funding-status muted small">Funding: no plan has been committed yet.</p>;
  const when = new Date(f.decision.at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <p className="funding-status">
      {f.funded ? <span className="badge funded">Funded in {f.span}</span> : <span className="badge not-funded">Not funded</span>}{' '}
      <span className="muted small">
        {f.funded ? '' : `${f.reason ?? ''}. `}Scenario “{f.decision.scenario}”, committed by {f.decision.actor} on {when}.
      </span>
    </p>
  );
}
