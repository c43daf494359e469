// A use case's KPIs: what is measured, its baseline and target, and which way is better.
import type { UseCase } from '../api';

export function KpiPanel({ kpis }: { kpis: UseCase['kpis'] }) {
  return (
    <section className="panel" aria-labelledby="kpis">
      <h2 id="kpis">KPIs</h2>
      {kpis.length === 0 ? (
        <p className="muted">No KPI defined yet.</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col">Role</th>
              <th scope="col" className="num">Baseline</th>
              <th scope="col" className="num">Target</th>
              <th scope="col">Better when</th>
            </tr>
          </thead>
          <tbody>
            {kpis.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{k.role}</td>
                <td className="num">
                  {k.baseline ?? '–'} {k.baseline !== undefined ? k.unit : ''}
                </td>
                <td className="num">
                  {k.target} {k.unit}
                </td>
                <td>{k.direction === 'up' ? 'higher' : 'lower'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
