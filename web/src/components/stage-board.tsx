// The portfolio as a board: one column per stage, a card per use case (each card is a link).
import type { UseCaseSummary } from '../api';
import { Link } from '../router';
import { stageLabel } from './stage-badge';

export function StageBoard({ items, stages }: { items: UseCaseSummary[]; stages: string[] }) {
  const columns = stages.length > 0 ? stages : [...new Set(items.map((u) => u.stage))];
  return (
    <div className="board">
      {columns.map((stage) => {
        const cards = items.filter((u) => u.stage === stage);
        return (
          <section key={stage} className="column" aria-label={`${stageLabel(stage)}: ${cards.length}`}>
            <h2>
              {stageLabel(stage)} <span className="count">{cards.length}</span>
            </h2>
            <ul>
              {cards.map((u) => (
                <li key={u.id}>
                  <Link className="card-link" href={`/use-cases/${u.id}`}>
                    <strong>{u.title}</strong>
                    <span className="muted small">
                      {u.team} · {u.owner}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
