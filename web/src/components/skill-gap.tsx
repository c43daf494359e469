// The skills gap of the roadmap: per skill and quarter, the person-weeks the plan needs
// against what the teams have and what is bought, shortfalls marked; then each purchase with
// the use cases that needed it. A table, so a screen reader reads skill, quarter, figures; on
// a phone each skill's quarters wrap under its name instead of scrolling sideways.
import type { Roadmap } from '../api-portfolio';
import { money } from '../format';
import { Link } from '../router';

const pw = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');
const KIND: Record<Roadmap['bought'][number]['kind'], string> = { contractor: 'contractor', partner: 'partner', hire: 'hire' };

export function SkillGapTable({ roadmap }: { roadmap: Roadmap }) {
  const skills = [...new Map(roadmap.skills.map((s) => [s.skill, s.name])).entries()];
  const inPlay = skills.filter(([id]) => roadmap.skills.some((s) => s.skill === id && (s.demand > 0 || s.bought > 0)));
  const idle = skills.filter(([id]) => !inPlay.some(([k]) => k === id));
  const cell = (id: string, quarter: string) => roadmap.skills.find((s) => s.skill === id && s.quarter === quarter)!;
  return (
    <>
      <p className="muted small">Person-weeks per quarter: what the plan needs / what the teams have; bought capacity below. Marked cells: the teams alone fall short.</p>
      <table className="grid compact skill-gap">
        <thead>
          <tr>
            <th scope="col">Skill</th>
            {roadmap.quarters.map((q) => (
              <th scope="col" key={q}>
                {q}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {inPlay.map(([id, name]) => (
            <tr key={id}>
              <th scope="row">{name}</th>
              {roadmap.quarters.map((q) => {
                const k = cell(id, q);
                return (
                  <td key={q} data-quarter={q} className={k.shortfall > 0 ? 'short' : k.demand > 0 && k.demand >= k.capacity ? 'full' : undefined}>
                    <span className="need">
                      {pw(k.demand)} / {pw(k.capacity)}
                    </span>
                    {k.bought > 0 && <span className="bought">+{pw(k.bought)} bought</span>}
                    {k.shortfall > 0 && <span className="short-by">short {pw(k.shortfall)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {idle.length > 0 && <p className="muted small">Not needed by the plan: {idle.map(([, name]) => name).join(', ')}.</p>}
    </>
  );
}

const skillName = (roadmap: Roadmap, id: string) => (roadmap.skills.find((s) => s.skill === id)?.name ?? id).toLowerCase();

export function BoughtList({ roadmap }: { roadmap: Roadmap }) {
  const c = roadmap.currency;
  if (roadmap.bought.length === 0) return <p className="muted">Nothing to buy: the teams have every skill the plan needs.</p>;
  return (
    <>
      <p className="muted small">Cost of what is bought, discounted like value and already taken off the plan&apos;s value: {money(roadmap.purchase_cost, c)}.</p>
      <ul className="timeline small">
        {roadmap.bought.map((b) => (
          <li key={`${b.option}-${b.quarter}`}>
            <strong>{b.name}</strong> ({KIND[b.kind]}
            {b.units > 1 ? `, ${b.units} at once` : ''}) {b.kind === 'hire' ? 'from' : 'in'} {b.quarter}: {pw(b.person_weeks_per_quarter)} person-weeks of {skillName(roadmap, b.skill)} a quarter, {money(b.cost, c)}
            {b.kind === 'hire' ? ' to the end of the roadmap' : ''}.
            <div className="muted">
              Needed by{' '}
              {b.needed_by.map((n, i) => (
                <span key={n.id}>
                  {i > 0 ? ', ' : ''}
                  <Link href={`/use-cases/${n.id}`}>{n.title}</Link> ({pw(n.person_weeks)} person-weeks a quarter)
                </span>
              ))}
              . {b.why.split(':')[0]}.
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
