// One line on a use case's page while it is, or was, a proposal: its status in words, and
// what the portfolio owner said. Nothing for a use case that came from the workspace files.
import { STATUS_LABEL, useProposalOf } from '../api-triage';
import { Link } from '../router';
import '../pages/proposals/proposals.css';

export function ProposalStatusLine({ id }: { id: string }) {
  const p = useProposalOf(id).data?.proposal;
  if (!p) return null;
  const said = p.status === 'merged' && p.merged_into ? <> into <Link href={`/use-cases/${encodeURIComponent(p.merged_into)}`}>{p.merged_into_title ?? p.merged_into}</Link></> : p.comment ? <>: “{p.comment}”</> : null;
  return (
    <p className="proposal-line">
      Proposal by {p.author}: <span className={`status ${p.status}`}>{STATUS_LABEL[p.status]}</span>
      {said}
      {p.status !== 'accepted' && <span className="muted"> · not ranked or planned until accepted</span>}
    </p>
  );
}
