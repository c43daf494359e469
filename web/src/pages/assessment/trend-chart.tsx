// The overall score round after round (recharts), with the same numbers in a table per pillar.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { level1, type Trend } from '../../api-assessment';

export function TrendChart({ trend }: { trend: Trend }) {
  const rounds = trend.rounds.filter((r) => r.overall !== null);
  const data = rounds.map((r) => ({ label: r.title, overall: r.overall }));
  return (
    <>
      {rounds.length > 1 && (
        <figure className="chart" aria-label={`Overall readiness per round: ${rounds.map((r) => `${r.title} ${level1(r.overall)}`).join(', ')}`}>
          <figcaption>Overall readiness per round, 1 (lowest) to 5</figcaption>
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={data} margin={{ top: 10, right: 16, bottom: 10, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 10 }} />
              <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} tick={{ fontSize: 10 }} width={28} />
              <Tooltip formatter={(v) => level1(Number(v))} />
              <Line dataKey="overall" name="overall" stroke="#3563c9" strokeWidth={2} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      )}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Scores per pillar and round">
        <table className="grid compact">
          <caption className="sr-only">Scores per pillar and round, 1 to 5</caption>
          <thead>
            <tr>
              <th scope="col">Pillar</th>
              {rounds.map((r) => (
                <th key={r.id} scope="col" className="num">
                  {r.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Overall</th>
              {rounds.map((r) => (
                <td key={r.id} className="num strong">
                  {level1(r.overall)}
                </td>
              ))}
            </tr>
            {trend.pillars.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                {rounds.map((r) => (
                  <td key={r.id} className="num">
                    {level1(r.pillars[p.id])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
