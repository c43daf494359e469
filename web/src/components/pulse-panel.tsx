// A deployed use case's pulse beside its usage: what the people using it say (four statements,
// 0-100, and the share who agree) per period, and, for those who may, starting a survey, making
// answer links to send, and closing it. Results of fewer people than the minimum group size
// show no figures at all: the server never sends them.
import { useEffect, useState, type FormEvent } from 'react';
import { api, can, type User } from '../api';
import { ITEM_WORDS, periodWords, type PulseScores, type PulseSurvey, type UseCasePulse } from '../api-pulse';
import { percent } from '../format';
import '../pages/pulse/pulse.css';

const whole = (x: number) => x.toFixed(0);

function ScoreCells({ s }: { s: PulseScores | null }) {
  const items = ['quality', 'effort', 'speed', 'productivity'] as const;
  return (
    <>
      <td className="num strong">{s ? whole(s.overall) : '–'}</td>
      {items.map((i) => {
        const x = s?.items.find((v) => v.item === i);
        return (
          <td key={i} className="num">
            {x ? (
              <>
                {whole(x.score)} <span className="muted small">({percent(x.agree)} agree)</span>
              </>
            ) : (
              '–'
            )}
          </td>
        );
      })}
    </>
  );
}

function LinkMaker({ survey, onMade }: { survey: PulseSurvey; onMade: () => void }) {
  const [count, setCount] = useState('10');
  const [department, setDepartment] = useState('');
  const [links, setLinks] = useState<string[]>();
  const [error, setError] = useState<string>();
  const make = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const body = { count: Number(count), ...(department.trim() ? { department: department.trim() } : {}) };
      const r = await api<{ links: { path: string }[] }>(`/api/pulse/surveys/${encodeURIComponent(survey.id)}/links`, { method: 'POST', body, idempotent: false });
      setLinks(r.links.map((l) => window.location.origin + l.path));
      onMade();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="pulse-links">
      <form className="inline-form wrap" onSubmit={make}>
        <label>
          How many people
          <input type="number" min={1} max={500} value={count} onChange={(e) => setCount(e.target.value)} required />
        </label>
        <label>
          Their department <small className="muted">(optional)</small>
          <input value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={100} />
        </label>
        <button type="submit">Make answer links</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {links && (
        <label>
          {links.length} links, one per person; each works once. Copy them now: they are not shown again.
          <textarea readOnly value={links.join('\n')} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </div>
  );
}

export function PulsePanel({ id, user }: { id: string; user: User }) {
  const [p, setP] = useState<UseCasePulse>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const load = () => api<UseCasePulse>(`/api/use-cases/${encodeURIComponent(id)}/pulse`).then(setP, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [id]);

  const manage = can(user, 'contributor');
  const open = p?.surveys.find((s) => s.status === 'open');
  const start = async () => {
    setError(undefined);
    try {
      const s = await api<PulseSurvey>('/api/pulse/surveys', { method: 'POST', body: { use_case: id } });
      setNotice(`Survey for ${periodWords(s.period)} started. Make answer links and send one to each person who uses it.`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const close = async (s: PulseSurvey) => {
    if (!window.confirm(`Close the survey for ${periodWords(s.period)}? Nobody can answer it afterwards.`)) return;
    try {
      await api(`/api/pulse/surveys/${encodeURIComponent(s.id)}/close`, { method: 'POST' });
      setNotice('Survey closed.');
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="panel" aria-labelledby="pulse">
      <h2 id="pulse">What the people using it say</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {p && (
        <>
          <p className="muted small">
            A short survey each period: four statements, scored 0 (everyone strongly disagrees) to 100 (everyone strongly agrees). Results show only once {p.min_group_size} people or more have
            answered.
          </p>
          {p.surveys.length === 0 ? (
            <p className="muted">No survey yet.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Survey results per period">
              <table className="grid compact pulse-table">
                <caption className="sr-only">Survey results per period</caption>
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col" className="num">Answers</th>
                    <th scope="col" className="num">Overall</th>
                    {p.statements.map((s) => (
                      <th key={s.item} scope="col" className="num" title={s.statement}>
                        {ITEM_WORDS[s.item]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {p.surveys.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        {periodWords(s.period)}
                        {s.status === 'open' && <span className="badge">open</span>}
                      </th>
                      <td className="num">{s.respondents === null ? `fewer than ${p.min_group_size}` : s.respondents}</td>
                      <ScoreCells s={s.scores} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {p.surveys
            .filter((s) => s.departments.length > 0)
            .slice(0, 1)
            .map((s) => (
              <p key={s.id} className="small">
                By department, {periodWords(s.period)}: {s.departments.map((d) => `${d.department} ${whole(d.overall)} (${d.respondents} people)`).join(', ')}
                {s.hidden_departments > 0 ? `; ${s.hidden_departments} more too small to show` : ''}.
              </p>
            ))}
          <details className="small">
            <summary>The four statements</summary>
            <ul className="plain">
              {p.statements.map((s) => (
                <li key={s.item}>
                  <strong>{ITEM_WORDS[s.item]}:</strong> “{s.statement}”
                </li>
              ))}
            </ul>
            <p className="muted">Modelled on the survey Microsoft suggests for measuring how people find Copilot.</p>
          </details>
          {manage && !open && (
            <p>
              <button type="button" onClick={start}>
                Start this month&apos;s survey
              </button>
            </p>
          )}
          {manage && open && (
            <div>
              <h3 className="small">
                The survey for {periodWords(open.period)} is open until the period ends · {open.links} answer {open.links === 1 ? 'link' : 'links'} made
              </h3>
              <LinkMaker survey={open} onMade={() => void load()} />
              <p>
                <button type="button" className="secondary" onClick={() => void close(open)}>
                  Close this survey
                </button>
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
