// The ranked table of use cases; column headers sort (they are buttons, so the keyboard works).
import { useMemo, useState } from 'react';
import type { UseCaseSummary } from '../api';
import { Link } from '../router';
import { StageBadge } from './stage-badge';
import { sortHeader } from './sort-header';

/** Rows drawn before "Show all", as the ranking does: 500 rows take seconds to draw. */
const FIRST_ROWS = 50;

type Key = 'rank' | 'title' | 'stage' | 'team' | 'probability_of_success' | 'effort_person_weeks';

export function UseCaseTable({ items, stages }: { items: UseCaseSummary[]; stages: string[] }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'rank', desc: false });
  const [all, setAll] = useState(false);
  // Rank: furthest along first (scaled before idea), side stages last; then by likelihood of success.
  const ranked = useMemo(() => {
    const order = (s: string) => {
      const i = stages.indexOf(s);
      return i < 0 ? -1 : i;
    };
    const main = stages.filter((s) => s !== 'on_hold' && s !== 'retired');
    const score = (u: UseCaseSummary) => (main.includes(u.stage) ? order(u.stage) : -1);
    return [...items].sort((a, b) => score(b) - score(a) || b.probability_of_success - a.probability_of_success || a.id.localeCompare(b.id));
  }, [items, stages]);
  const rows = useMemo(() => {
    if (sort.key === 'rank') return sort.desc ? [...ranked].reverse() : ranked;
    const k = sort.key;
    const sorted = [...ranked].sort((a, b) => (typeof a[k] === 'number' ? (a[k] as number) - (b[k] as number) : String(a[k]).localeCompare(String(b[k]))));
    return sort.desc ? sorted.reverse() : sorted;
  }, [ranked, sort]);
  const rankOf = new Map(ranked.map((u, i) => [u.id, i + 1]));

  const header = sortHeader(sort, setSort);

  if (items.length === 0) return <p className="muted">No use case matches.</p>;
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
    <table className="grid">
      <thead>
        <tr>
          {header('rank', '#', true, 'furthest stage first, then likelihood of success', 'asc')}
          {header('title', 'Use case')}
          {header('stage', 'Stage')}
          {header('team', 'Team')}
          <th scope="col">Owner</th>
          {header('probability_of_success', 'P(success)', true)}
          {header('effort_person_weeks', 'Effort (pw)', true)}
          <th scope="col">EU AI Act</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((u) => (
          <tr key={u.id}>
            <td className="num">{rankOf.get(u.id)}</td>
            <td>
              <Link href={`/use-cases/${u.id}`}>{u.title}</Link>
              <div className="muted small">{u.department}</div>
            </td>
            <td>
              <StageBadge stage={u.stage} />
            </td>
            <td>{u.team}</td>
            <td>{u.owner}</td>
            <td className="num">{Math.round(u.probability_of_success * 100)}%</td>
            <td className="num">{u.effort_person_weeks}</td>
            <td>{u.eu_ai_act}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {rows.length > shown.length && (
      <p>
        <button type="button" className="secondary" onClick={() => setAll(true)}>
          Show all {rows.length} use cases
        </button>
      </p>
    )}
    </>
  );
}
