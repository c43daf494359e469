// The roadmap: the optimal plan under budget, team capacity and dependencies as a Gantt by
// quarter, spend against the budget line, team load, skill demand against capacity with what
// was bought and why, the constraints that bind, and each use case left out with the reason
// and what it would take. The budget can be changed here
// to see another plan (nothing is saved). Funding: the committed plan, and scenarios saved,
// compared side by side and committed (components/funding-scenarios.tsx).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { usePageTitle } from '../page-title';
import { api } from '../api';
import { fundingKeys, latestFundingDecision, listScenarios } from '../api-funding';
import type { Roadmap } from '../api-portfolio';
import { BudgetChart, TeamLoadChart } from '../components/budget-chart';
import { FIRST_ROWS, Gantt } from '../components/gantt';
import { BoughtList, SkillGapTable } from '../components/skill-gap';
import { CommittedPlan, FundingScenarios } from '../components/funding-scenarios';
import { money, percent } from '../format';
import { Link } from '../router';

export function RoadmapPage() {
  const [roadmap, setRoadmap] = useState<Roadmap>();
  const [error, setError] = useState<string>();
  const [budget, setBudget] = useState('');
  const [applied, setApplied] = useState<number>();
  const [allLeftOut, setAllLeftOut] = useState(false);
  usePageTitle('Roadmap');
  // Asked for with the roadmap, not after it arrives: the funding panels below read these
  // answers (TanStack Query shares them by key), so the page waits one round trip, not two.
  useQuery({ queryKey: fundingKeys.decisions, queryFn: latestFundingDecision });
  useQuery({ queryKey: fundingKeys.scenarios, queryFn: listScenarios });

  useEffect(() => {
    setError(undefined);
    api<Roadmap>(`/api/roadmap${applied !== undefined ? `?budget_per_quarter=${applied}` : ''}`).then(setRoadmap, (e: Error) => setError(e.message));
  }, [applied]);

  const replan = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(budget);
    setApplied(budget.trim() === '' || !Number.isFinite(n) || n < 0 ? undefined : n);
  };

  const form = (
    <form className="inline-form" onSubmit={replan} aria-label="Try another budget">
      <label>
        Budget per quarter
        <input inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder="as in traction.yaml" />
      </label>
      <button type="submit">Re-plan</button>
      {applied !== undefined && (
        <button type="button" className="secondary" onClick={() => (setBudget(''), setApplied(undefined))}>
          Back to traction.yaml
        </button>
      )}
    </form>
  );

  if (error)
    return (
      <>
        <h1>Roadmap</h1>
        {form}
        <p className="error" role="alert">
          No plan: {error}
        </p>
      </>
    );
  if (!roadmap) return <p className="loading">Planning…</p>;
  const c = roadmap.currency;
  const status = planStatus(roadmap);
  const better = roadmap.greedy.value !== 0 ? percent(roadmap.value / roadmap.greedy.value - 1, 1) : '–';

  return (
    <>
      <div className="page-head">
        <h1>Roadmap</h1>
        <p className="muted">
          {roadmap.quarters[0]} to {roadmap.quarters.at(-1)}{applied !== undefined ? `, with ${money(applied, c)} per quarter` : ''}: total risk-adjusted NPV <strong>{money(roadmap.value, c)}</strong> ({status}); the greedy
          baseline reaches {money(roadmap.greedy.value, c)} ({roadmap.status === 'optimal' ? 'the optimal plan' : 'this plan'} is {better} more).
        </p>
      </div>
      <CommittedPlan />
      <FundingScenarios currency={c} />
      {form}
      <section className="panel" aria-labelledby="gantt" style={{ marginTop: '0.75rem' }}>
        <h2 id="gantt">Plan by quarter</h2>
        <Gantt roadmap={roadmap} />
      </section>
      {roadmap.skills.length > 0 && (
        <div className="columns skills-columns">
          <section className="panel" aria-labelledby="skills">
            <h2 id="skills">Skills: needed against available</h2>
            <SkillGapTable roadmap={roadmap} />
          </section>
          <section className="panel" aria-labelledby="bought">
            <h2 id="bought">Capacity bought</h2>
            <BoughtList roadmap={roadmap} />
          </section>
        </div>
      )}
      <div className="columns">
        <section className="panel" aria-labelledby="budget">
          <h2 id="budget">Spend against the budget</h2>
          <BudgetChart roadmap={roadmap} />
        </section>
        <section className="panel" aria-labelledby="teams">
          <h2 id="teams">Team load</h2>
          <TeamLoadChart roadmap={roadmap} />
        </section>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby="binding">
          <h2 id="binding">Binding constraints</h2>
          {roadmap.binding.length === 0 ? (
            <p className="muted">Nothing binds: every candidate fits.</p>
          ) : (
            <ul className="timeline small">
              {roadmap.binding.map((b) => (
                <li key={b.constraint}>
                  <strong>{b.constraint}</strong>: {b.kind === 'budget' ? `${money(b.used, c)} of ${money(b.limit, c)}` : `${Math.round(b.used)} of ${Math.round(b.limit)} person-weeks`}
                  {b.blocks.length > 0 && <span className="muted"> — keeps out {b.blocks.join(', ')}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="excluded">
          <h2 id="excluded">Not in the plan</h2>
          {roadmap.excluded.length === 0 ? (
            <p className="muted">Every candidate is planned.</p>
          ) : (
            <table className="grid compact">
              <thead>
                <tr>
                  <th scope="col">Use case</th>
                  <th scope="col">Why</th>
                  <th scope="col">What it would take</th>
                </tr>
              </thead>
              <tbody>
                {(allLeftOut ? roadmap.excluded : roadmap.excluded.slice(0, FIRST_ROWS)).map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link href={`/use-cases/${e.id}`}>{e.title}</Link>
                    </td>
                    <td className="small">{e.reason}</td>
                    <td className="small">{e.would_take}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!allLeftOut && roadmap.excluded.length > FIRST_ROWS && (
            <p>
              <button type="button" className="secondary" onClick={() => setAllLeftOut(true)}>
                Show all {roadmap.excluded.length} use cases not in the plan
              </button>
            </p>
          )}
          {roadmap.done.length > 0 && <p className="muted small">Already delivered, not planned again: {roadmap.done.join(', ')}.</p>}
        </section>
      </div>
    </>
  );
}

/**
 * How far the plan can be trusted, in words: proven optimal, or the best found in the planning
 * time and how far from optimal it can be at most (the solver's proven bound), or that no bound
 * was proven in that time.
 */
function planStatus(r: Roadmap): string {
  const took = `${(r.search_seconds + r.solver_seconds).toFixed(1)} s`;
  if (r.status === 'optimal') return `proven optimal, planned in ${took}`;
  if (r.gap === null) return `best found in ${took}; how close to optimal could not be proven in that time`;
  return `best found in ${took}, within ${r.gap < 0.0001 ? 'less than 0.01%' : percent(r.gap, 2)} of optimal`;
}
