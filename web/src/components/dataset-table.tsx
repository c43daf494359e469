// Every dataset with its latest readiness score, row count and its checks by outcome (failing,
// warning, passing) and weakest dimension; the selected one is highlighted, each name links
// to its details. Four columns, so the table fits a phone.
import type { DatasetState } from '../api-readiness';
import { count } from '../format';
import { Link } from '../router';
import { scoreClass } from './dimension-chart';

export function DatasetTable({ items, selected }: { items: DatasetState[]; selected?: string }) {
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th scope="col">Dataset</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Checks</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const weakest = d.latest ? Object.entries(d.latest.dimensions).sort((a, b) => a[1] - b[1])[0] : undefined;
          const fails = d.failing.filter((f) => f.severity === 'fail').length;
          const warns = d.failing.length - fails;
          return (
            <tr key={d.id} className={d.id === selected ? 'selected' : undefined} aria-current={d.id === selected ? 'true' : undefined}>
              <td style={{ overflowWrap: 'anywhere' }}>
                <Link href={`/data/${d.id}`}>{d.title ?? d.id}</Link>
                <div className="muted small">
                  {d.id}
                  {d.system ? ` · ${d.system}` : ''}
                </div>
              </td>
              <td className="num">{count(d.row_count)}</td>
              <td className="num">{d.latest?.score != null ? <span className={`score ${scoreClass(d.latest.score)}`}>{d.latest.score.toFixed(0)}</span> : <span className="muted">not run</span>}</td>
              <td className="small">
                {d.latest ? (
                  <>
                    <span className={fails ? 'status-fail' : undefined}>{fails} fail</span> · <span className={warns ? 'status-warn' : undefined}>{warns} warn</span> · <span>{d.latest.passed} pass</span>
                    {weakest && <div className="muted">weakest: {weakest[0]} {weakest[1].toFixed(0)}</div>}
                  </>
                ) : (
                  <span className="muted">{d.checks_declared} declared</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
