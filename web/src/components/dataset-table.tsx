// Every dataset with its latest readiness score, row count and how many checks fail; the
// selected one is highlighted, each name links to its details.
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
          <th scope="col" className="num">Rows</th>
          <th scope="col" className="num">Score</th>
          <th scope="col" className="num">Fail</th>
          <th scope="col" className="num">Warn</th>
          <th scope="col" className="num">Checks</th>
          <th scope="col">Weakest dimension</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => {
          const weakest = d.latest ? Object.entries(d.latest.dimensions).sort((a, b) => a[1] - b[1])[0] : undefined;
          const fails = d.failing.filter((f) => f.severity === 'fail').length;
          return (
            <tr key={d.id} className={d.id === selected ? 'selected' : undefined} aria-current={d.id === selected ? 'true' : undefined}>
              <td>
                <Link href={`/data/${d.id}`}>{d.title ?? d.id}</Link>
                <div className="muted small">
                  {d.id}
                  {d.system ? ` · ${d.system}` : ''}
                </div>
              </td>
              <td className="num">{count(d.row_count)}</td>
              <td className="num">{d.latest?.score != null ? <span className={`score ${scoreClass(d.latest.score)}`}>{d.latest.score.toFixed(0)}</span> : <span className="muted">not run</span>}</td>
              <td className={`num ${fails ? 'status-fail' : ''}`}>{d.latest ? fails : '–'}</td>
              <td className={`num ${d.failing.length > fails ? 'status-warn' : ''}`}>{d.latest ? d.failing.length - fails : '–'}</td>
              <td className="num">{d.latest ? d.latest.checks : d.checks_declared}</td>
              <td>{weakest ? `${weakest[0]} ${weakest[1].toFixed(0)}` : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
