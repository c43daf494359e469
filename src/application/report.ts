// The executive report, once for `traction report` and `GET /api/report`: a ReportModel
// filled from the same reads and evaluations the API routes answer with (the portfolio and
// roadmap the caller hands in, as the funding actions take them; `fundingStatus`,
// `useCaseKpis`, `latestScores`, the experiment evidence, the assessment's `trend`), then
// rendered as one HTML document by src/report, and as a PDF from that HTML by Chromium
// (report-pdf.ts). Nothing is written.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { trend } from '../assessment/actions.js';
import { experimentResultPayloadSchema } from '../domain/evidence.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { valueAt } from '../portfolio/roadmap-instance.js';
import { checkLogo, MAX_LOGO_BYTES } from '../report/logo.js';
import type { PilotVerdict, RankedRow, ReadinessRow, RealisedRow, ReportLogo, ReportModel, RiskRow } from '../report/report-model.js';
import type { Database } from '../store/database.js';
import { listEvidence } from '../store/evidence-repository.js';
import { listMeasurements } from '../store/kpi-repository.js';
import { latestScores } from '../store/readiness-reads.js';
import type { Store } from '../store/store.js';
import { ConflictError, InvalidError } from './errors.js';
import { useCaseKpis } from './impact.js';
import { fundingStatus, gateHolds, planScenario } from './roadmap.js';
import { computeStoredPortfolio, type PortfolioState, type RoadmapState } from './stored-portfolio.js';
import { renderReportPdf } from './report-pdf.js';
import { renderReportHtml } from '../report/report-html.js';
import { PortfolioError } from '../portfolio/portfolio-error.js';
import { NO_WORKSPACE, portfolioWorkspace } from '../store/stored-workspace.js';

/** Where the portfolio comes from: the server's cache, or a computation from the store for the CLI. */
export interface ReportSources {
  portfolio(): Promise<PortfolioState>;
  /** The plan GET /api/roadmap answers with (gate holds included). */
  roadmap(): Promise<RoadmapState>;
}

export interface ReportRequest {
  /** Overrides traction.yaml `report.client_name`. */
  clientName?: string | undefined;
  /** A logo file given on the command line; else traction.yaml `report.logo` (inside the workspace). */
  logoFile?: string | undefined;
  workspaceRoot: string;
  now: Date;
}

export type ReportFormat = 'html' | 'pdf';

export interface ReportDocument {
  format: ReportFormat;
  contentType: string;
  body: Buffer;
  /** A file name for the download: organisation (or client) and date, in safe characters. */
  fileName: string;
}

/** The report as HTML, or as PDF printed from that HTML by the Chromium at `chromiumPath`. */
export async function reportDocument(store: Store, sources: ReportSources, request: ReportRequest, format: ReportFormat, chromiumPath?: string): Promise<ReportDocument> {
  const model = await buildReportModel(store, sources, request);
  const html = renderReportHtml(model);
  const base = `${(model.clientName ?? model.organisation).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'traction'}-report-${model.generatedOn}`;
  if (format === 'html') return { format, contentType: 'text/html; charset=utf-8', body: Buffer.from(html, 'utf8'), fileName: `${base}.html` };
  return { format, contentType: 'application/pdf', body: await renderReportPdf(html, chromiumPath), fileName: `${base}.pdf` };
}

/** The portfolio and roadmap computed from the store, as the server's cache computes them (for the CLI). */
export function storedReportSources(db: Kysely<Database>, workspaceRoot: string): ReportSources {
  let state: Promise<PortfolioState> | undefined;
  const portfolio = () =>
    (state ??= (async () => {
      const stored = await portfolioWorkspace(db, workspaceRoot);
      if (!stored) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
      return asInvalid(() => computeStoredPortfolio(db, stored));
    })());
  return {
    portfolio,
    roadmap: async () => {
      const s = await portfolio();
      return asInvalid(() => planScenario(db, s, undefined, { timeLimitSeconds: s.workspace.config.roadmap?.time_limit_seconds ?? 30 }));
    },
  };
}

/** A definition the portfolio cannot value, named by use case and field. */
async function asInvalid<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof PortfolioError)) throw e;
    const where = e.useCaseId === undefined ? 'traction.yaml' : `use case ${e.useCaseId}`;
    const field = e.path.join('.');
    throw new InvalidError(`${where}${field ? `, field ${field}` : ''}: ${e.message}`, field || undefined, [], 'invalid_workspace');
  }
}

/** Everything the report shows, from the store as the API reads it. */
export async function buildReportModel(store: Store, sources: ReportSources, request: ReportRequest): Promise<ReportModel> {
  const db = store.db;
  const state = await sources.portfolio();
  const { config } = state.workspace;
  const e = state.evaluation;
  const title = (id: string) => e.valuations.get(id)?.useCase.title ?? id;
  const portfolio: RankedRow[] = e.ranking.map((r, i) => {
    const v = e.valuations.get(r.useCaseId)!;
    const s = v.simulation;
    return { rank: i + 1, id: r.useCaseId, title: v.useCase.title, stage: v.useCase.stage, quadrant: r.quadrant, total: r.scores.total, value: r.scores.value, feasibility: r.scores.feasibility, expectedNpv: s.expectedNpv, p10: s.p10, p50: s.p50, p90: s.p90, probabilityPositive: s.probabilityPositive, paybackMonth: v.likely.paybackMonth };
  });
  // A use case whose gate was rejected waits until it is resubmitted, as GET /api/roadmap plans it.
  const heldBack = await gateHolds(db, state.workspace);
  // A plan that cannot be made (a definition the optimiser refuses) leaves the section saying so;
  // the rest of the report still stands, as the dashboard's other pages do without a roadmap.
  const roadmap = await sources.roadmap().catch(() => null);
  const funding = await fundingStatus(db);
  const fundedIds = new Set(funding.decision?.funded.map((f) => f.useCaseId) ?? []);
  const useCaseScores = await latestScores(db, 'use_case');
  const pilots = await pilotVerdicts(db, title);
  const realised = await realisedRows(db, state, request.now);
  const readiness = await readinessRows(db, state);
  return {
    organisation: config.organisation,
    clientName: request.clientName ?? config.report?.client_name ?? null,
    logo: await loadLogo(config, request),
    generatedOn: request.now.toISOString().slice(0, 10),
    currency: config.currency,
    horizonMonths: config.horizon_months,
    discountRate: config.discount_rate,
    draws: e.draws,
    portfolio,
    thresholds: { expectedNpv: state.bars.value, feasibility: state.bars.feasibility },
    unvalued: e.unvalued.map((u) => ({ id: u.useCaseId, problem: u.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ') })),
    roadmap: roadmap && {
      quarters: roadmap.instance.quarterLabels,
      value: roadmap.result.value,
      status: roadmap.result.status,
      plan: [...roadmap.result.plan]
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
        .map(([id, start]) => {
          const item = roadmap.instance.items.find((i) => i.id === id)!;
          return { id, title: title(id), team: item.team, status: item.status, start, duration: item.duration, value: valueAt(roadmap.instance, item, start), funded: fundedIds.has(id) };
        }),
      excluded: roadmap.result.exclusions.map((x) => ({ id: x.useCaseId, title: title(x.useCaseId), reason: x.reason })),
    },
    funding: funding.decision
      ? { scenario: funding.decision.scenarioName, at: funding.decision.at, actor: funding.decision.actor, value: funding.decision.value, funded: funding.decision.funded.map((f) => ({ id: f.useCaseId, title: f.title, quarters: f.quarters })) }
      : null,
    pilots,
    realised,
    readiness,
    risks: risks(state, portfolio, heldBack, useCaseScores, pilots),
    assessment: await assessmentSummary(store, request),
  };
}

/** The newest experiment_result per use case and KPI (GET /api/use-cases/{id}/evidence?kind=experiment_result). */
async function pilotVerdicts(db: Kysely<Database>, title: (id: string) => string): Promise<PilotVerdict[]> {
  const newest = new Map<string, PilotVerdict>();
  for (const ev of await listEvidence(db, { kind: 'experiment_result' })) {
    const p = experimentResultPayloadSchema.safeParse(ev.payload);
    if (!p.success) continue; // breaks the evidence contract: not a verdict (as the gates read it)
    const d = p.data;
    newest.set(`${ev.useCaseId}\u0000${d.kpi}`, {
      useCaseId: ev.useCaseId,
      title: title(ev.useCaseId),
      kpi: d.kpi,
      method: d.method,
      relativeLift: d.relative_lift,
      relativeCi: d.relative_ci,
      pValue: d.p_value,
      significant: d.significant,
      srmOk: d.srm_ok,
      verdict: typeof d.verdict === 'string' ? d.verdict : null,
      regressedGuardrails: d.guardrails.filter((g) => g.regressed).map((g) => g.kpi),
      recordedAt: ev.recordedAt,
    });
  }
  return [...newest.values()];
}

/** `useCaseKpis` (GET /api/use-cases/{id}/kpis) for every ranked use case with KPI values. */
async function realisedRows(db: Kysely<Database>, state: PortfolioState, now: Date): Promise<RealisedRow[]> {
  const measured = new Set((await listMeasurements(db)).map((m) => m.useCaseId));
  const out: RealisedRow[] = [];
  for (const r of state.evaluation.ranking) {
    if (!measured.has(r.useCaseId)) continue;
    const v = state.evaluation.valuations.get(r.useCaseId)!;
    const k = await useCaseKpis(db, r.useCaseId, now, async () => ({
      currency: state.workspace.config.currency,
      businessCase: { npv_p10: v.simulation.p10, npv_p50: v.simulation.p50, npv_p90: v.simulation.p90, monthly_value_likely: v.likely.monthlyValueAtFullAdoption },
    }));
    const rv = k.realised_value;
    if (rv.months_live === 0) continue;
    const byMonth = new Map<string, number>();
    for (const s of rv.streams) for (const m of s.months) byMonth.set(m.month, (byMonth.get(m.month) ?? 0) + m.value);
    const months = [...byMonth.keys()].sort().map((month) => ({ month, realised: byMonth.get(month)!, planned: rv.planned_monthly_value }));
    out.push({
      useCaseId: r.useCaseId,
      title: v.useCase.title,
      monthsLive: rv.months_live,
      realisedToDate: rv.realised_to_date,
      costsToDate: rv.costs_to_date,
      roiToDate: rv.roi_to_date,
      monthlyValueNow: rv.monthly_value_now,
      plannedMonthlyValue: rv.planned_monthly_value,
      businessCaseP50: k.business_case?.npv_p50 ?? null,
      payback: rv.payback,
      months,
    });
  }
  return out;
}

async function readinessRows(db: Kysely<Database>, state: PortfolioState): Promise<ReportModel['readiness']> {
  const datasets = await latestScores(db, 'dataset');
  const useCases = await latestScores(db, 'use_case');
  const datasetTitle = new Map(state.workspace.datasets.map((d) => [d.id, d.title ?? d.id]));
  const row = (id: string, t: string, s: { score: number | null; dimensions: Record<string, number> }): ReadinessRow => ({ id, title: t, score: s.score, dimensions: s.dimensions });
  return {
    datasets: [...datasets].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => row(id, datasetTitle.get(id) ?? id, s)),
    useCases: state.evaluation.ranking.flatMap((r) => {
      const s = useCases.get(r.useCaseId);
      return s ? [row(r.useCaseId, state.evaluation.valuations.get(r.useCaseId)!.useCase.title, s)] : [];
    }),
  };
}

/** Readiness below this is named as a risk (the default feasibility threshold, traction.yaml scoring). */
const LOW_READINESS = 60;

function risks(state: PortfolioState, ranked: RankedRow[], heldBack: Record<string, { reason: string }>, useCaseScores: Map<string, { score: number | null }>, pilots: PilotVerdict[]): RiskRow[] {
  const out: RiskRow[] = [];
  for (const r of ranked) {
    const u = state.evaluation.valuations.get(r.id)!.useCase;
    const add = (what: string) => out.push({ useCaseId: r.id, title: r.title, what });
    if (u.risk.eu_ai_act === 'high' || u.risk.eu_ai_act === 'prohibited') add(`EU AI Act class ${u.risk.eu_ai_act}${u.risk.notes ? `: ${u.risk.notes}` : ''}`);
    if (r.probabilityPositive < 0.5) add(`no better than a coin toss: the chance it pays back (a positive NPV) is ${Math.round(r.probabilityPositive * 100)}%`);
    const s = useCaseScores.get(r.id)?.score;
    if (s !== undefined && s !== null && s < LOW_READINESS) add(`data readiness ${Math.round(s)} of 100, below ${LOW_READINESS}`);
    const held = heldBack[r.id];
    if (held) add(`held back from the roadmap: ${held.reason}`);
  }
  for (const p of pilots) {
    if (!p.srmOk) out.push({ useCaseId: p.useCaseId, title: p.title, what: `pilot ${p.kpi}: the groups' sizes are off the planned split, so the result cannot be trusted` });
    for (const g of p.regressedGuardrails) out.push({ useCaseId: p.useCaseId, title: p.title, what: `pilot: guardrail ${g} got worse` });
  }
  for (const u of state.evaluation.unvalued) out.push({ useCaseId: u.useCaseId, title: u.useCaseId, what: 'cannot be valued: its definition needs fixing' });
  return out;
}

/** The newest assessment round with answers (GET /api/assessment/trend), if there is one. */
async function assessmentSummary(store: Store, request: ReportRequest): Promise<ReportModel['assessment']> {
  const t = await trend({ store, now: () => request.now, workspaceRoot: request.workspaceRoot });
  const round = t.rounds.filter((r) => r.respondents > 0).at(-1);
  if (!round) return null;
  return {
    title: round.title,
    status: round.status,
    respondents: round.respondents,
    overall: round.overall,
    level: round.level?.name ?? null,
    pillars: t.pillars.map((p) => ({ name: p.name, score: round.pillars[p.id] ?? null })),
  };
}

/** The logo named on the command line, else in traction.yaml (which must stay inside the workspace). */
async function loadLogo(config: WorkspaceConfig, request: ReportRequest): Promise<ReportLogo | null> {
  let file: string;
  let field: string;
  if (request.logoFile !== undefined) {
    file = path.resolve(request.logoFile);
    field = 'logo';
  } else if (config.report?.logo !== undefined) {
    const root = path.resolve(request.workspaceRoot);
    file = path.resolve(root, config.report.logo);
    field = 'traction.yaml report.logo';
    if (path.isAbsolute(config.report.logo) || !file.startsWith(root + path.sep)) throw new InvalidError(`${field}: "${config.report.logo}" is outside the workspace; give a path inside it`, field);
  } else return null;
  let bytes: Buffer;
  try {
    // Judged before reading: a huge file (or a device, a pipe) is refused without loading it.
    const info = await stat(file);
    if (!info.isFile()) throw new InvalidError(`${field}: ${file} is not a file`, field);
    if (info.size > MAX_LOGO_BYTES) throw new InvalidError(`${field}: ${file} has ${info.size.toLocaleString('en-US')} bytes, more than the ${MAX_LOGO_BYTES.toLocaleString('en-US')} allowed`, field);
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof InvalidError) throw e;
    throw new InvalidError(`${field}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, field);
  }
  const checked = checkLogo(bytes, file);
  if ('problem' in checked) throw new InvalidError(checked.problem, field);
  return checked.logo;
}
