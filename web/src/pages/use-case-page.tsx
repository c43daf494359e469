// One use case: where it stands in the lifecycle, its business case inputs (with the value
// ranges as a chart), KPIs, evidence and its history from the audit log.
import { useEffect, useState } from 'react';
import { when } from '../format';
import { usePageTitle } from '../page-title';
import { api, can, type AuditEntry, type Evidence, type Page, type Quantity, type StoredUseCase, type User, type Workspace } from '../api';
import { BenchPanel } from '../components/bench-panel';
import { BusinessCasePanel } from '../components/business-case-panel';
import { DecisionLog } from '../components/decision-log';
import { GatePanel } from '../components/gate-panel';
import { FundingStatus } from '../components/funding-badge';
import { InputsTable } from '../components/inputs-table';
import { KpiPanel } from '../components/kpi-panel';
import { RubricPanel } from '../components/rubric-panel';
import { UseCaseReadinessPanel } from '../components/use-case-readiness-panel';
import { UsagePanel } from '../components/usage-panel';
import { PulsePanel } from '../components/pulse-panel';
import { StageBadge } from '../components/stage-badge';
import { OwnerBadge } from '../components/owner-badge';
import { StagePath } from '../components/stage-path';
import { ProposalStatusLine } from '../components/proposal-status';
import { Link } from '../router';
import { CommentThread } from '../components/comment-thread';

const money = (q: Quantity, currency: string) => {
  const f = (n: number) => n.toLocaleString('en', { style: 'currency', currency, maximumFractionDigits: 0 });
  return typeof q === 'number' ? f(q) : `${f(q.low)} – ${f(q.high)} (likely ${f(q.likely)})`;
};

const EVIDENCE_WORDS: Record<string, string> = {
  readiness_run: 'data readiness run',
  kpi_baseline: 'KPI baseline',
  experiment_result: 'pilot experiment result',
  benchmark_result: 'benchmark of the model service',
  rubric_score: 'production-readiness score',
  signoff: 'sign-off',
  usage_summary: 'usage summary',
};
const evidenceLabel = (kind: string) => EVIDENCE_WORDS[kind] ?? kind.replace(/_/g, ' ');

export function UseCasePage({ id, user, workspace }: { id: string; user: User; workspace: Workspace | null }) {
  const [data, setData] = useState<{ uc: StoredUseCase; evidence: Evidence[]; history: AuditEntry[] }>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  usePageTitle(data?.uc.use_case.title ?? 'Use case');

  const load = () =>
    Promise.all([
      api<StoredUseCase>(`/api/use-cases/${encodeURIComponent(id)}`),
      api<Page<Evidence>>(`/api/use-cases/${encodeURIComponent(id)}/evidence`),
      api<Page<AuditEntry>>(`/api/audit?object_kind=use_case&object_id=${encodeURIComponent(id)}&limit=20`),
    ]).then(
      ([uc, ev, au]) => setData({ uc, evidence: ev.items, history: au.items }),
      (e: Error) => setError(e.message),
    );
  // `load` reads only `id`, so the effect re-runs exactly when the page shows another use case.
  useEffect(() => {
    void load();
  }, [id]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  const u = data.uc.use_case;
  const currency = workspace?.currency ?? 'EUR';

  const archive = async () => {
    if (!window.confirm(`Archive "${u.title}"? It stays in the history and can be restored by applying the workspace.`)) return;
    await api(`/api/use-cases/${encodeURIComponent(id)}/archive`, { method: 'POST' });
    setNotice('Archived.');
    await load();
  };

  return (
    <article className="use-case">
      <p className="crumbs">
        <Link href="/">Portfolio</Link> / {u.id}
      </p>
      <div className="page-head">
        <h1>{u.title}</h1>
        <p>
          <StageBadge stage={u.stage} /> {data.uc.archived_at && <span className="badge archived">archived</span>}{' '}
          <OwnerBadge of={data.uc} />{' '}
          <span className="muted">
            version {data.uc.version} · updated {when(data.uc.updated_at)}
          </span>
        </p>
      </div>
      {notice && <p role="status" className="notice">{notice}</p>}
      <ProposalStatusLine id={u.id} />
      {workspace && <StagePath stages={workspace.stages.filter((s) => !workspace.side_stages.includes(s))} current={u.stage} />}
      <GatePanel id={u.id} user={user} onChange={() => void load()} />
      <FundingStatus id={u.id} />

      <div className="columns">
        <section className="panel" aria-labelledby="summary">
          <h2 id="summary">Summary</h2>
          <dl className="facts">
            <dt>Problem</dt>
            <dd>{u.problem}</dd>
            <dt>Objective</dt>
            <dd>{u.objective}</dd>
            <dt>Owner / sponsor</dt>
            <dd>
              {u.owner} / {u.sponsor}
            </dd>
            <dt>Department / team</dt>
            <dd>
              {u.department} / {u.team}
            </dd>
            <dt>Probability of success</dt>
            <dd>{Math.round(u.probability_of_success * 100)}%</dd>
            <dt>Effort</dt>
            <dd>{u.effort_person_weeks} person-weeks</dd>
            <dt>EU AI Act risk</dt>
            <dd>{u.risk.eu_ai_act}</dd>
            {u.depends_on.length > 0 && (
              <>
                <dt>Depends on</dt>
                <dd>
                  {u.depends_on.map((d) => (
                    <Link key={d} href={`/use-cases/${d}`}>
                      {d}{' '}
                    </Link>
                  ))}
                </dd>
              </>
            )}
          </dl>
        </section>
        <section className="panel" aria-labelledby="business-case">
          <h2 id="business-case">Business case inputs</h2>
          <dl className="facts">
            <dt>Build cost</dt>
            <dd>{money(u.costs.build, currency)}</dd>
            <dt>Run cost per month</dt>
            <dd>{money(u.costs.run_monthly, currency)}</dd>
            {u.value_streams.map((v) => (
              <div key={v.id} className="contents">
                <dt>{v.name}</dt>
                <dd>
                  <code>{v.formula}</code> ({v.kind.replace('_', ' ')})
                </dd>
              </div>
            ))}
          </dl>
          <InputsTable streams={u.value_streams} />
        </section>
      </div>

      <BusinessCasePanel id={u.id} version={data.uc.version} />

      <KpiPanel id={u.id} canRecord={can(user, 'contributor') && !data.uc.archived_at} onChange={() => void load()} />
      <RubricPanel id={u.id} canAnswer={can(user, 'contributor') && !data.uc.archived_at} />

      {['pilot', 'production', 'scaled'].includes(u.stage) && <UsagePanel id={u.id} />}
      {['production', 'scaled'].includes(u.stage) && <PulsePanel id={u.id} user={user} />}

      <div className="columns">
        <UseCaseReadinessPanel id={u.id} datasets={u.datasets.map((d) => d.dataset)} />
        <DecisionLog id={u.id} refresh={data.evidence.length} />
      </div>

      <BenchPanel id={u.id} currency={currency} />

      <div className="columns">
        <section className="panel" aria-labelledby="evidence">
          <h2 id="evidence">Evidence</h2>
          {data.evidence.length === 0 ? (
            <p className="muted">No evidence recorded yet: readiness runs, baselines, experiments, benchmarks and sign-offs will appear here.</p>
          ) : (
            <ul className="timeline">
              {data.evidence.map((e) => (
                <li key={e.id}>
                  <strong>{evidenceLabel(e.kind)}</strong> <span className="muted small">by {e.recorded_by}, {when(e.recorded_at)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="history">
          <h2 id="history">History</h2>
          <ul className="timeline">
            {data.history.map((a) => (
              <li key={a.seq}>
                <strong>{a.action.replace('definition.', '')}</strong> <span className="muted small">by {a.actor}, {when(a.at)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <CommentThread useCase={id} canComment={!data.uc.archived_at} />
      {can(user, 'admin') && !data.uc.archived_at && (
        <p>
          <button type="button" className="danger" onClick={archive}>
            Archive this use case
          </button>
        </p>
      )}
    </article>
  );
}
