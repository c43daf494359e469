// Scenarios side by side: the NPV of each plan, what it funds in each quarter against the
// budget, and the use cases funded differently (highlighted) with their quarters in each.
import type { Comparison } from '../api-funding';
import { money } from '../format';
import { Link } from '../router';

export function ScenarioComparison({ comparison }: { comparison: Comparison }) {
  const c = comparison.currency;
  const { scenarios, differences } = comparison;
  const best = Math.max(...scenarios.map((s) => s.value));
  const title = new Map(scenarios.flatMap((s) => s.funded.map((f) => [f.id, f.title] as const)));
  const span = (quarters: string[]) => (quarters.length === 0 ? 'not funded' : quarters.length === 1 ? quarters[0] : `${quarters[0]}–${quarters.at(-1)!.slice(0, 4) === quarters[0]!.slice(0, 4) ? quarters.at(-1)!.slice(5) : quarters.at(-1)}`);
  return (
    <div className="comparison">
      <div className="scenario-cards">
        {scenarios.map((s) => (
          <section key={s.scenario.id} className="panel scenario-card" aria-labelledby={`cmp-${s.scenario.id}`}>
            <h3 id={`cmp-${s.scenario.id}`}>{s.scenario.name}</h3>
            <p>
              Risk-adjusted NPV <strong>{money(s.value, c)}</strong>
              {s.value === best && scenarios.length > 1 && <span className="badge best"> highest</span>}
            </p>
            <p className="muted small">
              Funds {s.funded.length} use case{s.funded.length === 1 ? '' : 's'}; leaves out {s.left_out.length}.
            </p>
            <h4 className="small muted">What it funds per quarter</h4>
            <ul className="quarter-list">
              {s.per_quarter.map((q) => (
                <li key={q.quarter}>
                  <span className="quarter">
                    <strong>{q.quarter}</strong>{' '}
                    <span className="muted small">
                      {money(q.spend, c)} of {money(q.budget, c)}
                    </span>
                  </span>
                  <span className="small">{q.use_cases.length === 0 ? 'nothing funded' : q.use_cases.map((id) => title.get(id) ?? id).join(', ')}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <section className="panel" aria-labelledby="differences">
        <h3 id="differences">Funded differently</h3>
        {differences.length === 0 ? (
          <p className="muted">The scenarios fund the same use cases in the same quarters.</p>
        ) : (
          <table className="grid compact differences">
            <thead>
              <tr>
                <th scope="col">Use case</th>
                {scenarios.map((s) => (
                  <th scope="col" key={s.scenario.id}>
                    {s.scenario.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {differences.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <Link href={`/use-cases/${d.id}`}>{d.title}</Link>
                  </th>
                  {d.quarters.map((q, i) => (
                    <td key={scenarios[i]!.scenario.id} className={q.length === 0 ? 'not-funded' : 'funded'}>
                      {span(q)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
