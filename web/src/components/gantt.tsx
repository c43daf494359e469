// The roadmap as a Gantt chart by quarter: one row per planned use case, its bar spanning
// the quarters it is built in, coloured by team (in-progress work hatched). A table, so a
// screen reader reads each row as use case, quarters, value.
import { useState, type CSSProperties } from 'react';
import type { Roadmap } from '../api-portfolio';
import { compactMoney } from '../format';
import { Link } from '../router';

// Dark enough for white bar text at 0.75rem (WCAG AA, 4.5:1 or more on each).
const TEAM_COLOURS = ['#3563c9', '#0b7658', '#8f5b10', '#8e44ad', '#b03427', '#2a7172', '#5f6672'];

export function teamColour(teams: string[], team: string): string {
  return TEAM_COLOURS[Math.max(0, teams.indexOf(team)) % TEAM_COLOURS.length]!;
}

/** Rows drawn before "Show all": 300 planned use cases take seconds to draw; the plan starts with the first. */
export const FIRST_ROWS = 50;

export function Gantt({ roadmap }: { roadmap: Roadmap }) {
  const [all, setAll] = useState(false);
  const teams = roadmap.teams.map((t) => t.id);
  const q = roadmap.quarters;
  const shown = all ? roadmap.plan : roadmap.plan.slice(0, FIRST_ROWS);
  return (
    <>
      <div className="gantt-scroll" role="region" aria-label="Plan by quarter" tabIndex={0}>
        <table className="gantt" style={{ '--quarters': q.length } as CSSProperties}>
          <thead>
            <tr>
              <th scope="col" className="name">
                Use case
              </th>
              {q.map((label) => (
                <th scope="col" key={label}>
                  {label}
                </th>
              ))}
              <th scope="col" className="value">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.id}>
                <th scope="row" className="name">
                  <Link href={`/use-cases/${p.id}`}>{p.title}</Link>
                  <div className="muted small">
                    {p.team}
                    {p.status === 'in_progress' ? ' · in progress' : p.status === 'must_do' ? ' · must do' : ''}
                  </div>
                </th>
                {p.start > 0 && <td colSpan={p.start} />}
                <td className="cell" colSpan={Math.min(p.duration, q.length - p.start)}>
                  <div className={`bar ${p.status}`} style={{ backgroundColor: teamColour(teams, p.team) }} title={`${p.start_quarter} to ${p.end_quarter}, build ${compactMoney(p.build, roadmap.currency)}, ${p.effort_person_weeks} person-weeks`}>
                    {p.start_quarter === p.end_quarter ? p.start_quarter : `${p.start_quarter} – ${p.end_quarter}`}
                  </div>
                </td>
                {q.length - p.start - p.duration > 0 && <td colSpan={q.length - p.start - p.duration} />}
                <td className="value">{compactMoney(p.value, roadmap.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {roadmap.plan.length > shown.length && (
        <p>
          <button type="button" className="secondary" onClick={() => setAll(true)}>
            Show all {roadmap.plan.length} planned use cases
          </button>
        </p>
      )}
      <p className="legend">
        {teams.map((t) => (
          <span key={t}>
            <span className="swatch" style={{ background: teamColour(teams, t) }} />
            {t}
          </span>
        ))}
        <span className="muted">hatched: already in progress · value: risk-adjusted NPV, discounted to the plan start</span>
      </p>
    </>
  );
}
