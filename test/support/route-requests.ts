// A plausible request for a registered route, so the permission tests send each route
// something it accepts: the routes themselves come from the app (`deps.routes`), never from
// here. A route with no sample below still gets a request (its parameters set to the sample
// use case, an empty body) and its refusals are still tested; if an allowed caller's
// generic request does not succeed, the test says to add a sample here.
import type { InjectOptions } from 'fastify';
import type { RegisteredRoute } from '../../src/server/app.js';

export interface SampleContext {
  /** Names what this caller creates, so no two callers collide (`admin-token-write`). */
  label: string;
  /** The principal's scope when it is a token (tokens may not create broader ones). */
  scope: 'read' | 'write' | 'ingest' | undefined;
  /** An account that only admins' requests change (role, password). */
  targetUserId: string;
  /** A stored readiness run and benchmark result, for the routes that read one. */
  readinessRunId: string;
  benchRunId: string;
  /** A fresh token of the calling user (of the viewer when anonymous), for revocation. */
  spareTokenId(): Promise<string>;
  /** The current password of the calling user, and the one it is changed to on success. */
  password: { current: string; next: string };
  probe: { username: string; password: string };
  /** An open assessment round, and fresh things of the assessment for the routes that use one up. */
  assessmentRoundId: string;
  fresh: { round(): Promise<string>; invitation(): Promise<{ id: string; token: string }>; task(): Promise<string>; mention(): Promise<string>; scenario(): Promise<string>; deadDelivery(): Promise<string> };
  /** An open pulse survey of a deployed use case; fresh surveys (to close) and fresh answer links (each answers once). */
  pulse: { surveyId: string; nextPeriod(): string; freshSurvey(): Promise<string>; freshToken(): Promise<string> };
}

export const SAMPLE_USE_CASE = 'churn-alerts';
export const SAMPLE_DATASET = 'erp_orders';
/** A use case proposed through the intake: the triage routes decide on it (asking for changes can be repeated). */
export const SAMPLE_PROPOSAL = 'proposed-idea';
/** A use case in production: the pulse asks only about deployed ones. */
export const SAMPLE_DEPLOYED_USE_CASE = 'live-assistant';

type Sample = (c: SampleContext) => InjectOptions | Promise<InjectOptions>;

const intake = (title: string) => ({
  title,
  problem: 'A problem worth solving today',
  objective: 'Solve it',
  owner: 'o',
  sponsor: 's',
  department: 'd',
  team: 'data',
  monthly_value: { low: 1, likely: 2, high: 3 },
  build_cost: 1,
  run_monthly: 1,
  effort_person_weeks: 1,
});

/** A spreadsheet of one use case, titled after the caller so no two imports collide. */
const importCsv = (label: string) =>
  `Title,Problem,Objective,Owner,Sponsor,Department,Team,Value low,Value likely,Value high,Build cost,Run cost,Effort\nImported by ${label},A problem worth solving today,Solve it,o,s,d,data,1,2,3,1,1,1\n`;

/** The least manifest dbt could write: one model with a column and a not_null test (the fixture's shape, test/fixtures/dbt). */
const DBT_MANIFEST = {
  metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', dbt_version: '1.11.7', project_name: 'shop' },
  nodes: {
    'model.shop.orders': { resource_type: 'model', unique_id: 'model.shop.orders', name: 'orders', package_name: 'shop', schema: 'main', alias: 'orders', columns: { order_id: { name: 'order_id', description: '' } } },
    'test.shop.not_null_orders_order_id.1': {
      resource_type: 'test',
      unique_id: 'test.shop.not_null_orders_order_id.1',
      name: 'not_null_orders_order_id',
      test_metadata: { name: 'not_null', namespace: null, kwargs: { column_name: 'order_id' } },
      column_name: 'order_id',
      attached_node: 'model.shop.orders',
      depends_on: { nodes: ['model.shop.orders'] },
    },
  },
};

const ASSESSMENT_RESPONSE = { group: 'staff', answers: [{ item: 'data.quality', level: 3 }] };

/** 40 units, half per arm, for the `churn` KPI. */
const EXPERIMENT_CSV = ['unit,arm,churn', ...Array.from({ length: 40 }, (_, i) => `u${i},${i % 2 ? 'treatment' : 'control'},${(i % 7) + (i % 2 ? 1 : 3)}`)].join('\n');

const SAMPLES: Record<string, Sample> = {
  'POST /api/auth/login': (c) => ({ payload: c.probe }),
  'POST /api/auth/password': (c) => ({ payload: { current_password: c.password.current, new_password: c.password.next } }),
  'POST /api/tokens': (c) => ({ payload: { name: `t-${c.label}`, scope: 'read' } }),
  'DELETE /api/tokens/:id': async (c) => ({ url: `/api/tokens/${await c.spareTokenId()}` }),
  'POST /api/users': (c) => ({ payload: { username: `u-${c.label}`, display_name: 'New', role: 'viewer' } }),
  'PATCH /api/users/:id': (c) => ({ url: `/api/users/${c.targetUserId}`, payload: { role: 'admin', display_name: `Promoted by ${c.label}` } }),
  'POST /api/users/:id/password': (c) => ({ url: `/api/users/${c.targetUserId}/password`, payload: { password: `reset by ${c.label}` } }),
  'POST /api/use-cases': (c) => ({ payload: intake(`Idea of ${c.label}`) }),
  'GET /api/templates/:id': () => ({ url: '/api/templates/invoice-processing' }),
  'PATCH /api/use-cases/:id': (c) => ({ payload: { tags: [c.label] } }),
  'POST /api/use-cases/:id/archive': (c) => ({ url: `/api/use-cases/${archiveTarget(c.label)}/archive` }),
  'POST /api/proposals/:id/decision': () => ({ url: `/api/proposals/${SAMPLE_PROPOSAL}/decision`, payload: { decision: 'request_changes', comment: 'Say who gains what' } }),
  'GET /api/proposals/similar': () => ({ url: '/api/proposals/similar?title=Churn%20alerts' }),
  'POST /api/use-cases/:id/signoffs': () => ({ payload: { role: 'business_owner' } }),
  'POST /api/kpi-measurements': (c) => ({ payload: { measurements: [{ use_case: SAMPLE_USE_CASE, kpi: 'churn', at: '2026-03-01', value: 7 }], source: c.label } }),
  'POST /api/use-cases/:id/experiments': () => ({ payload: { csv: EXPERIMENT_CSV, metrics: ['churn'], record: false } }),
  // A side stage has no criteria, so an allowed caller's advance succeeds on its own use case.
  'POST /api/use-cases/:id/advance': (c) => ({ url: `/api/use-cases/${advanceTarget(c.label)}/advance`, payload: { to: 'on_hold' } }),
  'POST /api/use-cases/:id/rubric': (c) => ({ payload: { answers: [{ item: 'data-1', score: 0.5, note: c.label }] } }),
  'POST /api/use-cases/:id/kpi-values': () => ({ payload: { values: [{ kpi: 'churn', at: '2026-03-01', value: 7 }] } }),
  'POST /api/imports/use-cases/preview': (c) => ({ payload: { file_name: 'ideas.csv', content_base64: Buffer.from(importCsv(c.label)).toString('base64') } }),
  'POST /api/imports/use-cases': (c) => ({ payload: { file_name: 'ideas.csv', content_base64: Buffer.from(importCsv(c.label)).toString('base64') } }),
  'POST /api/imports/dbt': () => ({ payload: { manifest: JSON.stringify(DBT_MANIFEST), source: 'warehouse', dry_run: true } }),
  'POST /api/use-cases/:id/kpi-csv': (c) => ({ payload: { csv: `use_case,kpi,at,value\n${SAMPLE_USE_CASE},churn,2026-03-02,6\n`, name: `${c.label}.csv` } }),
  'POST /api/readiness/runs': () => ({ payload: { datasets: [SAMPLE_DATASET] } }),
  'GET /api/readiness/runs/:id': (c) => ({ url: `/api/readiness/runs/${c.readinessRunId}` }),
  'GET /api/bench-runs/:id': (c) => ({ url: `/api/bench-runs/${c.benchRunId}` }),
  'GET /api/datasets/:id': () => ({ url: `/api/datasets/${SAMPLE_DATASET}` }),
  'GET /api/datasets/:id/history': () => ({ url: `/api/datasets/${SAMPLE_DATASET}/history?metric=row_count` }),
  'GET /api/datasets/:id/checks/:check/failing-rows': () => ({ url: `/api/datasets/${SAMPLE_DATASET}/checks/${encodeURIComponent('range(amount)')}/failing-rows?limit=5` }),
  'GET /api/datasets/:id/checks/:check/failing-rows.csv': () => ({ url: `/api/datasets/${SAMPLE_DATASET}/checks/${encodeURIComponent('range(amount)')}/failing-rows.csv` }),
  'POST /api/use-cases/:id/comments': (c) => ({ payload: { body: `Seen by ${c.label}, @admin` } }),
  'POST /api/inbox/mentions/:id/read': async (c) => ({ url: `/api/inbox/mentions/${await c.fresh.mention()}/read` }),
  'PUT /api/notifications/settings': (c) => ({ payload: { email: `${c.label}@example.com`, preferences: { gate_ready: 'digest' } } }),
  'POST /api/notifications/deliveries/:id/retry': async (c) => ({ url: `/api/notifications/deliveries/${await c.fresh.deadDelivery()}/retry` }),
  'GET /api/roadmap': () => ({ url: '/api/roadmap?budget_per_quarter=200000' }),
  'POST /api/jobs/runs': () => ({ payload: { kind: 'dataset-checks', target: SAMPLE_DATASET } }),
  // HTML only: a PDF per caller would start Chromium some forty times (test/e2e/report.e2e.test.ts prints one).
  'GET /api/report': () => ({ url: '/api/report?format=html' }),
  'POST /api/roadmap/scenarios': (c) => ({ payload: { name: `Scenario of ${c.label}`, budget_per_quarter: 150000, must_not: [SAMPLE_USE_CASE] } }),
  'PUT /api/roadmap/scenarios/:id': async (c) => ({ url: `/api/roadmap/scenarios/${await c.fresh.scenario()}`, payload: { name: `Renamed by ${c.label}`, quarters: 4 } }),
  'DELETE /api/roadmap/scenarios/:id': async (c) => ({ url: `/api/roadmap/scenarios/${await c.fresh.scenario()}` }),
  'GET /api/roadmap/scenarios/:id/plan': async (c) => ({ url: `/api/roadmap/scenarios/${await c.fresh.scenario()}/plan` }),
  'POST /api/roadmap/scenarios/:id/commit': async (c) => ({ url: `/api/roadmap/scenarios/${await c.fresh.scenario()}/commit` }),
  'GET /api/roadmap/compare': async (c) => ({ url: `/api/roadmap/compare?scenarios=${await c.fresh.scenario()},${await c.fresh.scenario()}` }),
  'POST /api/assessment/rounds': (c) => ({ payload: { title: `Round of ${c.label}` } }),
  'GET /api/assessment/rounds/:id': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}` }),
  'GET /api/assessment/rounds/:id/questionnaire': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/questionnaire` }),
  'GET /api/assessment/rounds/:id/results': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/results` }),
  'GET /api/assessment/rounds/:id/gap': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/gap` }),
  'GET /api/assessment/rounds/:id/invitations': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/invitations` }),
  'POST /api/assessment/rounds/:id/invitations': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/invitations`, payload: { count: 1 } }),
  'POST /api/assessment/rounds/:id/close': async (c) => ({ url: `/api/assessment/rounds/${await c.fresh.round()}/close` }),
  'POST /api/assessment/invitations/:id/revoke': async (c) => ({ url: `/api/assessment/invitations/${(await c.fresh.invitation()).id}/revoke` }),
  'POST /api/assessment/rounds/:id/responses': async (c) => ({ url: `/api/assessment/rounds/${await c.fresh.round()}/responses`, payload: ASSESSMENT_RESPONSE }),
  'GET /api/assessment/respond': async (c) => ({ headers: { 'x-invitation-token': (await c.fresh.invitation()).token } }),
  'POST /api/assessment/respond': async (c) => ({ headers: { 'x-invitation-token': (await c.fresh.invitation()).token }, payload: ASSESSMENT_RESPONSE }),
  'POST /api/assessment/rounds/:id/tasks': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/tasks`, payload: { action: 'data.catalogue' } }),
  'POST /api/assessment/rounds/:id/use-cases': (c) => ({ url: `/api/assessment/rounds/${c.assessmentRoundId}/use-cases`, payload: { ...intake(`From the gap of ${c.label}`), action: 'data.quality_use_case' } }),
  'POST /api/assessment/tasks/:id/done': async (c) => ({ url: `/api/assessment/tasks/${await c.fresh.task()}/done` }),
  'POST /api/pulse/surveys': (c) => ({ payload: { use_case: SAMPLE_DEPLOYED_USE_CASE, period: c.pulse.nextPeriod() } }),
  'POST /api/pulse/surveys/:id/links': (c) => ({ url: `/api/pulse/surveys/${c.pulse.surveyId}/links`, payload: { count: 1 } }),
  'POST /api/pulse/surveys/:id/close': async (c) => ({ url: `/api/pulse/surveys/${await c.pulse.freshSurvey()}/close` }),
  'GET /api/pulse/respond': async (c) => ({ headers: { 'x-invitation-token': await c.pulse.freshToken() } }),
  'POST /api/pulse/respond': async (c) => ({ headers: { 'x-invitation-token': await c.pulse.freshToken() }, payload: { quality: 4, effort: 3, speed: 5, productivity: 4 } }),
};

/** Each caller archives its own use case, so the order of callers does not matter. */
export const archiveTarget = (label: string) => `arch-${label}`;
/** The use case each caller advances (to a side stage), so no caller depends on another's. */
export const advanceTarget = (label: string) => `adv-${label}`;

export const routeKey = (r: Pick<RegisteredRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;

export function hasSample(route: RegisteredRoute): boolean {
  return routeKey(route) in SAMPLES;
}

/** The request for `route`: its sample, else the URL with every `:param` set to the sample use case. */
export async function sampleRequest(route: RegisteredRoute, c: SampleContext): Promise<InjectOptions> {
  const generic: InjectOptions = {
    method: route.method as InjectOptions['method'],
    url: route.url.replace(/:[A-Za-z_]+/g, SAMPLE_USE_CASE),
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
  };
  const sample = SAMPLES[routeKey(route)];
  return sample ? { ...generic, ...(await sample(c)) } : generic;
}

/** The same request with a body and query the route must refuse as invalid, were it reached. */
export function junkRequest(request: InjectOptions): InjectOptions {
  const url = String(request.url);
  return {
    ...request,
    url: `${url}${url.includes('?') ? '&' : '?'}__junk=1`,
    ...(request.method === 'GET' || request.method === 'DELETE' ? {} : { payload: { __junk: true } }),
  };
}
