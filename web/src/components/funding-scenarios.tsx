// Funding on the roadmap page: the committed plan (what is funded, for which quarters, by whom),
// the saved scenarios to pick and compare side by side, a form for a new one, and committing a
// scenario after a confirmation (approvers and admins; it records a funding decision).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type SessionInfo } from '../api';
import { commitScenario, compareScenarios, deleteScenario, fundingKeys, latestFundingDecision, listScenarios, type Scenario } from '../api-funding';
import type { Portfolio } from '../api-portfolio';
import { money } from '../format';
import { Link } from '../router';
import { ScenarioComparison } from './scenario-comparison';
import { ScenarioForm } from './scenario-form';

const describe = (s: Scenario, currency: string) => {
  const parts = [
    s.budget_per_quarter === null ? 'budget as in the workspace' : Array.isArray(s.budget_per_quarter) ? `budget ${s.budget_per_quarter.map((b) => money(b, currency)).join(' / ')}` : `${money(s.budget_per_quarter, currency)} per quarter`,
    s.quarters === null ? null : `${s.quarters} quarters`,
    s.must_do.length > 0 ? `always funds ${s.must_do.length}` : null,
    s.must_not.length > 0 ? `never funds ${s.must_not.length}` : null,
  ];
  return parts.filter((p) => p !== null).join(' · ');
};

/** The newest funding decision; `elsewhere`: on a page other than the roadmap (says nothing until one exists, links to the roadmap). */
export function CommittedPlan({ elsewhere = false }: { elsewhere?: boolean }) {
  const decision = useQuery({ queryKey: fundingKeys.decisions, queryFn: latestFundingDecision });
  if (decision.isPending) return null;
  if (decision.isError) return <p className="error" role="alert">The funding decision could not be read: {decision.error.message}</p>;
  const d = decision.data;
  if (!d) return elsewhere ? null : <p className="notice">Nothing is funded yet: compare scenarios below and commit one.</p>;
  return (
    <section className="panel" aria-labelledby="funded-plan">
      <h2 id="funded-plan">Funded plan</h2>
      {elsewhere && (
        <p className="small">
          <Link href="/roadmap">Scenarios and the roadmap</Link>
        </p>
      )}
      <p>
        Scenario <strong>{d.scenario.name}</strong>, committed by {d.actor} on {new Date(d.at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}: risk-adjusted NPV {money(d.value, d.currency)}.
      </p>
      {d.funded.length === 0 ? (
        <p className="muted">It funds no use case.</p>
      ) : (
        <ul className="funded-list">
          {d.funded.map((f) => (
            <li key={f.id}>
              <Link href={`/use-cases/${f.id}`}>{f.title}</Link> <span className="badge funded">funded in {f.span}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function FundingScenarios({ currency }: { currency: string }) {
  const client = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: () => api<SessionInfo>('/api/auth/session') });
  const scenarios = useQuery({ queryKey: fundingKeys.scenarios, queryFn: listScenarios });
  const [picked, setPicked] = useState<string[]>([]);
  const [compared, setCompared] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<Scenario>();
  const [adding, setAdding] = useState(false);
  const role = session.data?.user.role;
  const mayCommit = role === 'approver' || role === 'admin';
  const mayEdit = role !== undefined && role !== 'viewer';

  const comparison = useQuery({ queryKey: fundingKeys.compare(compared), queryFn: () => compareScenarios(compared), enabled: compared.length >= 2 });
  const commit = useMutation({
    mutationFn: (s: Scenario) => commitScenario(s.id),
    onSuccess: async () => {
      setConfirming(undefined);
      await client.invalidateQueries({ queryKey: ['funding'] });
    },
  });
  const remove = useMutation({
    mutationFn: (s: Scenario) => deleteScenario(s.id),
    onSuccess: async (_, s) => {
      setPicked((p) => p.filter((id) => id !== s.id));
      setCompared((p) => p.filter((id) => id !== s.id));
      await client.invalidateQueries({ queryKey: fundingKeys.scenarios });
    },
  });

  const list = scenarios.data ?? [];
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  // The ranked use cases to force in or out: read when the form opens, not with every visit (500 use cases are 340 KB).
  const portfolio = useQuery({ queryKey: ['portfolio'], queryFn: () => api<Portfolio>('/api/portfolio'), enabled: adding });
  const choices = (portfolio.data?.use_cases ?? []).map((u) => ({ id: u.id, title: u.title }));

  return (
    <section className="panel funding" aria-labelledby="scenarios">
      <h2 id="scenarios">Scenarios</h2>
      <p className="muted small">A scenario plans the roadmap under its own budget and choices. Pick two or more to compare them; committing one decides what is funded.</p>
      {scenarios.isError && <p className="error" role="alert">{scenarios.error.message}</p>}
      {list.length === 0 && scenarios.isSuccess && <p className="muted">No scenario saved yet.</p>}
      <ul className="scenario-list">
        {list.map((s) => (
          <li key={s.id}>
            <label className="check">
              <input type="checkbox" checked={picked.includes(s.id)} onChange={() => toggle(s.id)} /> <strong>{s.name}</strong>
            </label>
            <span className="muted small">{describe(s, currency)}</span>
            <span className="actions">
              {mayCommit && (
                <button type="button" onClick={() => (commit.reset(), setConfirming(s))}>
                  Commit…
                </button>
              )}
              {mayEdit && (
                <button type="button" className="secondary" onClick={() => remove.mutate(s)} aria-label={`Delete scenario ${s.name}`}>
                  Delete
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
          <p id="confirm-title">
            <strong>Commit “{confirming.name}”?</strong>
          </p>
          <p id="confirm-text" className="small">
            This records a funding decision in your name: the use cases this scenario plans are funded for their quarters, replacing the plan funded before. It stays in the decision log.
          </p>
          {commit.isError && (
            <p className="error" role="alert">
              {commit.error.message}
            </p>
          )}
          <button type="button" onClick={() => commit.mutate(confirming)} disabled={commit.isPending}>
            {commit.isPending ? 'Committing…' : 'Yes, commit and fund'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      )}
      {remove.isError && <p className="error" role="alert">{remove.error.message}</p>}
      <div className="toolbar wrap">
        <button type="button" disabled={picked.length < 2} onClick={() => setCompared([...picked])}>
          Compare {picked.length >= 2 ? `${picked.length} scenarios` : '(pick two or more)'}
        </button>
        {mayEdit && (
          <button type="button" className="secondary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            {adding ? 'Close the form' : 'New scenario'}
          </button>
        )}
      </div>
      {adding && <ScenarioForm useCases={choices} onSaved={() => setAdding(false)} />}
      {compared.length >= 2 && comparison.isPending && <p className="loading">Planning each scenario…</p>}
      {comparison.isError && <p className="error" role="alert">{comparison.error.message}</p>}
      {comparison.data && compared.length >= 2 && <ScenarioComparison comparison={comparison.data} />}
    </section>
  );
}
