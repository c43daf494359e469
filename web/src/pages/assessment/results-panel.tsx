// A round's results: the radar of pillar scores (everyone, leadership, staff) with the same
// numbers in a table, the items of each pillar with their median, spread and where leadership
// and staff disagree, and published figures from others for context, each with source and year.
import { level1, type Results } from '../../api-assessment';
import { RadarChart } from '../../components/radar-chart';

function Distribution({ d }: { d: number[] }) {
  const top = Math.max(...d, 1);
  return (
    <span className="dist" aria-hidden="true">
      {d.map((n, i) => (
        <span key={i} style={{ height: `${Math.max(8, (n / top) * 100)}%`, opacity: n === 0 ? 0.15 : 1 }} />
      ))}
    </span>
  );
}

export function ResultsPanel({ r }: { r: Results }) {
  const scored = r.pillars.filter((p) => p.score !== null);
  return (
    <>
      <section className="panel" aria-labelledby="scores">
        <h2 id="scores">Readiness by pillar</h2>
        {scored.length === 0 ? (
          <p className="muted">Nobody has answered yet.</p>
        ) : (
          <div className="results-top">
            <RadarChart
              axes={r.pillars.map((p) => p.name)}
              label={`Radar chart of readiness by pillar, 1 to 5: ${r.pillars.map((p) => `${p.name} ${level1(p.score)}`).join(', ')}. The table beside it has every figure.`}
              series={[
                { name: 'Everyone', colour: '#3563c9', values: r.pillars.map((p) => p.score) },
                ...(r.round.respondents.leadership > 0 ? [{ name: 'Leadership', colour: '#b45309', values: r.pillars.map((p) => p.leadership_score), dashed: true }] : []),
                ...(r.round.respondents.staff > 0 ? [{ name: 'Staff', colour: '#16a34a', values: r.pillars.map((p) => p.staff_score), dashed: true }] : []),
              ]}
            />
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Scores per pillar">
              <table className="grid compact pillar-table">
                <caption className="sr-only">Scores per pillar, 1 (lowest) to 5</caption>
                <thead>
                  <tr>
                    <th scope="col">Pillar</th>
                    <th scope="col" className="num">Score</th>
                    <th scope="col">Level</th>
                    <th scope="col" className="num">Leadership</th>
                    <th scope="col" className="num">Staff</th>
                  </tr>
                </thead>
                <tbody>
                  {r.pillars.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      <td className="num strong">{level1(p.score)}</td>
                      <td>{p.level?.name ?? '–'}</td>
                      <td className="num">{level1(p.leadership_score)}</td>
                      <td className="num">{level1(p.staff_score)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">Overall</th>
                    <td className="num strong">{level1(r.overall.score)}</td>
                    <td className="level-name">{r.overall.level?.name ?? '–'}</td>
                    <td />
                    <td />
                  </tr>
                </tbody>
              </table>
              <p className="small muted">
                Scores are weighted averages of each question&apos;s middle answer (median), from 1 (lowest) to 5. Levels: {r.maturity_model.levels.map((l) => `${l.level} ${l.name}`).join(', ')}.
              </p>
            </div>
          </div>
        )}
      </section>

      {r.disagreements.length > 0 && (
        <section className="panel" aria-labelledby="disagree">
          <h2 id="disagree">Where leadership and staff see it differently</h2>
          <ul className="plain">
            {r.disagreements.map((d) => (
              <li key={d.item}>
                <span className="flag disagree">{d.gap} levels apart</span> {d.text} <span className="muted small">(leadership {level1(d.leadership_median)}, staff {level1(d.staff_median)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {scored.length > 0 && (
        <section className="panel" aria-labelledby="items">
          <h2 id="items">Every question</h2>
          <p className="small muted">Middle answer (median) and the range the middle half of answers fall in. A question is flagged where leadership and staff are two levels or more apart.</p>
          {r.pillars.map((p) => (
            <details key={p.id}>
              <summary>
                {p.name} · {level1(p.score)}
                {p.level ? ` (${p.level.name})` : ''}
              </summary>
              <div className="table-scroll" tabIndex={0} role="region" aria-label={`${p.name}: answers per question`}>
                <table className="grid compact">
                  <caption className="sr-only">{p.name}: answers per question</caption>
                  <thead>
                    <tr>
                      <th scope="col">Question</th>
                      <th scope="col" className="num">Answers</th>
                      <th scope="col" className="num">Median</th>
                      <th scope="col" className="num">Middle half</th>
                      <th scope="col" className="num">Leadership / staff</th>
                      <th scope="col">Answers 1 to 5</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((i) => (
                      <tr key={i.id}>
                        <td>
                          {i.text}
                          {i.disagreement && <span className="flag disagree">leadership and staff disagree</span>}
                        </td>
                        <td className="num">{i.answers}</td>
                        <td className="num strong">{level1(i.median)}</td>
                        <td className="num">{i.spread ? `${level1(i.spread.q1)}–${level1(i.spread.q3)}` : '–'}</td>
                        <td className="num">
                          {level1(i.leadership_median)} / {level1(i.staff_median)}
                        </td>
                        <td>
                          <Distribution d={i.distribution} />
                          <span className="sr-only">{i.distribution.map((n, k) => `level ${k + 1}: ${n}`).join(', ')}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ))}
        </section>
      )}

      {r.benchmarks.length > 0 && (
        <section className="panel" aria-labelledby="bench">
          <h2 id="bench">For context: what others have published</h2>
          <p className="small muted">Figures from published surveys of other organisations, not from your answers.</p>
          <ul className="plain">
            {r.benchmarks.map((b) => (
              <li key={b.id}>
                <strong>{b.figure}</strong> {b.about}{' '}
                <span className="muted small">
                  — <a href={b.url}>{b.source}</a>, {b.publisher}, {b.year}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
