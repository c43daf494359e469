// The portfolio ranked by total score: NPV percentiles (if it works), the risk-adjusted NPV,
// P(NPV > 0), quadrant and score. Column headers sort (buttons, so the keyboard works).
import { useMemo, useState } from 'react';
import { QUADRANT_LABELS, type RankedUseCase } from '../api-portfolio';
import { compactMoney, percent } from '../format';
import { Link } from '../router';
import { StageBadge } from './stage-badge';
import { sortHeader } from './sort-header';

type Key = 'rank' | 'title' | 'stage' | 'quadrant' | 'total' | 'expected' | 'p10' | 'p50' | 'p90' | 'positive';

const value: Record<Key, (u: RankedUseCase) => number | string> = {
  rank: (u) => u.rank,
  title: (u) => u.title,
  stage: (u) => u.stage,
  quadrant: (u) => u.quadrant,
  total: (u) => u.scores.total,
  expected: (u) => u.npv.expected,
  p10: (u) => u.npv.p10,
  p50: (u) => u.npv.p50,
  p90: (u) => u.npv.p90,
  positive: (u) => u.probability_npv_positive,
};

/** Rows shown before "Show all": a page of 500 rows takes seconds to draw and nobody reads it whole. */
const FIRST_ROWS = 50;

export function RankingTable({ items, currency }: { items: RankedUseCase[]; currency: string }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'rank', desc: false });
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    const get = value[sort.key];
    const dir = sort.desc ? -1 : 1;
    // Ties keep the ranking's order whichever way the column runs.
    return [...items].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      return dir * (typeof x === 'number' ? x - (y as number) : x.localeCompare(y as string)) || a.rank - b.rank;
    });
  }, [items, sort]);
  const m = (n: number) => compactMoney(n, currency);

  const header = sortHeader(sort, setSort);

  if (items.length === 0) return <p className="muted">No use case matches.</p>;
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <table className="grid ranking">
        <thead>
          <tr>
            {header('rank', '#', true, 'rank by total score', 'asc')}
            {header('title', 'Use case')}
            {header('stage', 'Stage')}
            {header('quadrant', 'Quadrant')}
            {header('total', 'Score', true, 'weighted value, feasibility, alignment and risk, 0-100')}
            {header('expected', 'Risk-adj. NPV', true, 'expected NPV including the probability of success')}
            {header('p10', 'P10', true, 'NPV if it works: 10th percentile')}
            {header('p50', 'P50', true, 'NPV if it works: median')}
            {header('p90', 'P90', true, 'NPV if it works: 90th percentile')}
            {header('positive', 'P(NPV>0)', true)}
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => (
            <tr key={u.id}>
              <td className="num">{u.rank}</td>
              <td>
                <Link href={`/use-cases/${u.id}`}>{u.title}</Link>
                <div className="muted small">
                  {u.team} · value {u.scores.value.toFixed(0)} · feasibility {u.scores.feasibility.toFixed(0)}
                </div>
              </td>
              <td>
                <StageBadge stage={u.stage} />
              </td>
              <td>
                <span className={`badge q-${u.quadrant}`}>{QUADRANT_LABELS[u.quadrant]}</span>
              </td>
              <td className="num">{u.scores.total.toFixed(0)}</td>
              <td className="num strong">{m(u.npv.expected)}</td>
              <td className="num">{m(u.npv.p10)}</td>
              <td className="num">{m(u.npv.p50)}</td>
              <td className="num">{m(u.npv.p90)}</td>
              <td className="num">{percent(u.probability_npv_positive)}</td>
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
