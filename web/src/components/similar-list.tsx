// Use cases reading like the one at hand (title and problem), each a link to its page.
import type { Similar } from '../api-triage';
import { Link } from '../router';
import '../pages/proposals/proposals.css';

export function SimilarList({ items, heading }: { items: Similar[]; heading: string }) {
  return (
    <div className="similar" role="status">
      <p>{heading}</p>
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            <Link href={`/use-cases/${encodeURIComponent(s.id)}`}>{s.title}</Link> <span className="muted small">({Math.round(s.score * 100)}% alike)</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
