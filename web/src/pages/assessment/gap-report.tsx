// The gap report: the weakest pillars, what their weakest questions would look like one level
// up, and recommended actions that point into Traction. Each action can become a task, or a
// use case proposal (the intake's required facts asked for here, the action's draft filling the
// rest); what was made from it already is listed under it.
import { useState, type FormEvent } from 'react';
import { api, can, type User, type Workspace } from '../../api';
import { level1, type Gap, type GapAction, type Task } from '../../api-assessment';
import { Link } from '../../router';

function ProposeForm({ roundId, action, user, workspace, onDone }: { roundId: string; action: GapAction; user: User; workspace: Workspace | null; onDone: (msg: string) => void }) {
  const draft = action.use_case_draft!;
  const [f, setF] = useState({ title: draft.title, owner: user.display_name, sponsor: '', department: '', team: workspace?.teams[0]?.id ?? '', value: '', build: '', run: '', effort: '' });
  const [error, setError] = useState<string>();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const v = Number(f.value);
    try {
      const body = {
        action: action.id,
        title: f.title,
        owner: f.owner,
        sponsor: f.sponsor,
        department: f.department,
        team: f.team,
        monthly_value: { low: v * 0.5, likely: v, high: v * 1.5 },
        build_cost: Number(f.build),
        run_monthly: Number(f.run),
        effort_person_weeks: Number(f.effort),
      };
      const r = await api<{ use_case: { id: string; title: string } }>(`/api/assessment/rounds/${encodeURIComponent(roundId)}/use-cases`, { method: 'POST', body });
      onDone(`Proposed as the use case “${r.use_case.title}”.`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const field = (k: keyof typeof f, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input type={type} value={f[k]} onChange={set(k)} required {...extra} />
    </label>
  );
  return (
    <form className="propose-form" onSubmit={submit}>
      <div className="wide">{field('title', 'Title')}</div>
      {field('owner', 'Owner')}
      {field('sponsor', 'Sponsor')}
      {field('department', 'Department')}
      <label>
        Team
        <select value={f.team} onChange={set('team')} required>
          {(workspace?.teams ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {field('value', `Value per month, roughly (${workspace?.currency ?? 'EUR'})`, 'number', { min: 0 })}
      {field('build', `Cost to build (${workspace?.currency ?? 'EUR'})`, 'number', { min: 0 })}
      {field('run', `Running cost per month (${workspace?.currency ?? 'EUR'})`, 'number', { min: 0 })}
      {field('effort', 'Effort in person-weeks', 'number', { min: 0 })}
      <p className="wide small muted">The problem and the objective come from the recommendation: “{draft.problem}” → “{draft.objective}”. The value is taken as a range of half to one and a half times your estimate.</p>
      {error && (
        <p className="wide error" role="alert">
          {error}
        </p>
      )}
      <div className="wide">
        <button type="submit">Propose the use case</button>
      </div>
    </form>
  );
}

function ActionCard({ roundId, a, user, workspace, onChange }: { roundId: string; a: GapAction; user: User; workspace: Workspace | null; onChange: () => void }) {
  const [proposing, setProposing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const makeTask = async () => {
    setError(undefined);
    try {
      const t = await api<Task>(`/api/assessment/rounds/${encodeURIComponent(roundId)}/tasks`, { method: 'POST', body: { action: a.id } });
      setNotice(`Task “${t.title}” added.`);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <article className="gap-action">
      <h4>{a.title}</h4>
      <p className="small">{a.why}</p>
      {a.steps.length > 0 && (
        <ol className="small">
          {a.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      )}
      {a.targets.length > 0 && <p className="small">For: {a.targets.join(', ')}</p>}
      {a.followed_up.length > 0 && (
        <ul className="plain small">
          {a.followed_up.map((t) => (
            <li key={t.id}>
              {t.kind === 'use_case' && t.use_case_id ? (
                <>
                  Proposed as <Link href={`/use-cases/${encodeURIComponent(t.use_case_id)}`}>{t.title}</Link>
                </>
              ) : (
                <>
                  Task: {t.title} <span className="badge">{t.status}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="actions-row">
        {a.in_traction.page && <Link href={a.in_traction.page}>Go there</Link>}
        {can(user, 'contributor') && (
          <button type="button" className="secondary" onClick={makeTask}>
            Make it a task
          </button>
        )}
        {can(user, 'contributor') && a.use_case_draft && !proposing && (
          <button type="button" className="secondary" onClick={() => setProposing(true)}>
            Propose it as a use case
          </button>
        )}
      </div>
      {notice && (
        <p className="notice small" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {proposing && (
        <ProposeForm
          roundId={roundId}
          action={a}
          user={user}
          workspace={workspace}
          onDone={(m) => {
            setProposing(false);
            setNotice(m);
            onChange();
          }}
        />
      )}
    </article>
  );
}

export function GapReport({ gap, user, workspace, onChange }: { gap: Gap; user: User; workspace: Workspace | null; onChange: () => void }) {
  return (
    <section className="panel" aria-labelledby="gap">
      <h2 id="gap">Where to start: the gap report</h2>
      {gap.weakest.length === 0 ? (
        <p className="muted">No answers yet, so no gaps to report.</p>
      ) : (
        gap.weakest.map((w) => (
          <div key={w.pillar} className="gap-pillar">
            <h3>
              {w.name}: {level1(w.score)} of 5 <span className="muted small">({w.level.name})</span>
            </h3>
            {w.weakest_items.length > 0 && (
              <ul className="plain small">
                {w.weakest_items.map((i) => (
                  <li key={i.id}>
                    <strong>{i.text}</strong> Today: {level1(i.median)}.{i.next_level && <> One level up: {i.next_level}</>}
                  </li>
                ))}
              </ul>
            )}
            {w.actions.map((a) => (
              <ActionCard key={a.id} roundId={gap.round.id} a={a} user={user} workspace={workspace} onChange={onChange} />
            ))}
          </div>
        ))
      )}
    </section>
  );
}
