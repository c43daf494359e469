// The permission tests, generated from the routes the app registers (`deps.routes`, filled
// by its onRoute hook), never from a list kept by hand: every route x every caller (no
// credentials; a session of each role; a read and a write token of each role) is sent a
// request, and the answer must be what the route's declared access and the permission
// table (domain/account.ts) say: allowed, or 401/403 with the expected code. A refused
// request changes nothing (audit log, accounts, tokens), and is refused the same way when
// its body and query are junk: the permission is checked before the body is validated.
import path from 'node:path';
import { insertScenario } from '../../src/store/funding-repository.js';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { addComment } from '../../src/application/comments.js';
import { createTask, inviteToRound, openRound } from '../../src/assessment/actions.js';
import { isWritePermission, PERMISSIONS, roleAllows, ROLES, TOKEN_SCOPES, type Role, type TokenScope } from '../../src/domain/account.js';
import type { RegisteredRoute } from '../../src/server/app.js';
import { startSession } from '../../src/server/auth/login.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { sha256, type RouteAccess } from '../../src/server/auth/principal.js';
import { insertApiToken } from '../../src/store/api-token-repository.js';
import { recordBenchRun } from '../../src/store/bench-run-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { newId } from '../../src/store/evidence-repository.js';
import { createUser, findCredentials, type User } from '../../src/store/user-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { advanceTarget, archiveTarget, hasSample, junkRequest, routeKey, sampleRequest, SAMPLE_DEPLOYED_USE_CASE, SAMPLE_PROPOSAL, type SampleContext } from '../support/route-requests.js';
import { insertProposal } from '../../src/store/proposal-repository.js';
import { insertDeliveries, insertEvent } from '../../src/store/notification-repository.js';
import { makePulseLinks, openPulse, type PulseContext } from '../../src/pulse/pulse-actions.js';
import { STORE_FACTORIES } from '../support/databases.js';
import { CONFIG, describeEachStore, openTestApp, passwordOf, sampleUseCase, T0, type TestApp } from '../support/server-app.js';

type Caller = { label: string; via: 'anonymous' } | { label: string; via: 'session'; role: Role } | { label: string; via: 'token'; role: Role; scope: TokenScope };

const CALLERS: Caller[] = [
  { label: 'anonymous', via: 'anonymous' },
  ...ROLES.map((role) => ({ label: role, via: 'session' as const, role })),
  ...ROLES.flatMap((role) => TOKEN_SCOPES.map((scope) => ({ label: `${role}-token-${scope}`, via: 'token' as const, role, scope }))),
];

/** What the declared access says should happen; mirrors no code of the server. */
function expectedOutcome(access: RouteAccess, caller: Caller): string {
  if (access.public) return 'allowed';
  if (caller.via === 'anonymous') return '401 unauthenticated';
  if (access.sessionOnly && caller.via !== 'session') return '403 session_only';
  const permission = access.permission ?? 'read';
  if (!roleAllows(caller.role, permission)) return '403 forbidden';
  if (caller.via === 'token' && caller.scope === 'read' && isWritePermission(permission)) return '403 token_scope';
  // An ingest token sends telemetry and nothing else.
  if (caller.via === 'token' && caller.scope === 'ingest' && permission !== 'telemetry.ingest') return '403 token_scope';
  return 'allowed';
}

function errorCode(r: LightMyRequestResponse): string | undefined {
  if (!String(r.headers['content-type'] ?? '').includes('json') || r.body === '') return undefined;
  return (r.json() as { error?: { code?: string } }).error?.code;
}

function outcomeOf(r: LightMyRequestResponse, route: RegisteredRoute): string {
  const code = errorCode(r);
  if (r.statusCode === 401 || r.statusCode === 403) return `${r.statusCode} ${code}`;
  if (r.statusCode < 300) return 'allowed';
  const hint = hasSample(route) ? '' : ' (a new route? give it a sample request in test/support/route-requests.ts)';
  return `allowed, but answered ${r.statusCode} ${code}${hint}: ${r.body.slice(0, 200)}`;
}

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

interface Matrix {
  t: TestApp;
  users: Map<Role, User>;
  tokens: Map<string, string>;
  passwords: Map<string, string>;
  base: Omit<SampleContext, 'label' | 'scope' | 'spareTokenId' | 'password' | 'fresh'>;
}

/** Pulse surveys and answer links for the pulse routes' samples (one survey per period, so a counter of years). */
async function pulseSamples(t: TestApp, live: ReturnType<typeof sampleUseCase>): Promise<SampleContext['pulse']> {
  const ctx: PulseContext = { useCases: [live], config: CONFIG };
  let year = 2030;
  const nextPeriod = () => `${year++}-01`;
  const freshSurvey = async () => (await openPulse(t.store, ctx, { useCaseId: live.id, period: nextPeriod(), by: 'seed', now: t.clock.now })).id;
  const surveyId = await freshSurvey();
  const freshToken = async () => (await makePulseLinks(t.store, { surveyId, count: 1, by: 'seed', now: t.clock.now })).links[0]!.path.split('#')[1]!;
  return { surveyId, nextPeriod, freshSurvey, freshToken };
}

/** The readiness fixture (a source, datasets), a use case per caller to archive, and one of everything the read routes look up. */
async function openMatrix(open: Parameters<Parameters<typeof describeEachStore>[1]>[0], skip: (reason: string) => void): Promise<Matrix> {
  const live = sampleUseCase(SAMPLE_DEPLOYED_USE_CASE, { stage: 'production' });
  const useCases = [sampleUseCase('churn-alerts', { kpis: [{ id: 'churn', name: 'Churn', unit: '%', direction: 'down', target: 5 }] }), live, sampleUseCase(SAMPLE_PROPOSAL), ...CALLERS.map((c) => sampleUseCase(archiveTarget(c.label))), ...CALLERS.map((c) => sampleUseCase(advanceTarget(c.label)))];
  const t = await open(skip, { useCases, workspaceRoot: FIXTURE });
  const { workspace } = await loadWorkspace(FIXTURE);
  // Everyone holds business_owner and portfolio_owner, so only the permission decides who may sign off and triage.
  // A database source besides the fixture's files, for the dbt import (which refuses a files source).
  const sources = [...workspace!.sources, { id: 'warehouse', kind: 'sqlite' as const, path: 'warehouse.db' }];
  await applyDefinitions(t.store, workspaceDefinitions({ ...workspace!, sources, config: { ...CONFIG, roles: { business_owner: [...ROLES], portfolio_owner: [...ROLES] } }, useCases }), 'seed', T0);
  await insertProposal(t.store.db, { useCaseId: SAMPLE_PROPOSAL, author: 'contributor', at: T0 });
  const users = new Map<Role, User>();
  for (const role of ROLES) users.set(role, (await findCredentials(t.store.db, role))!.user);
  const target = await createUser(t.store.db, { username: 'target', displayName: 'Target', role: 'viewer', passwordHash: await hashPassword('target-password-1'), mustChangePassword: false }, 'seed', T0);
  await createUser(t.store.db, { username: 'probe', displayName: 'Probe', role: 'viewer', passwordHash: await hashPassword('probe-password-1'), mustChangePassword: false }, 'seed', T0);
  const tokens = new Map<string, string>();
  for (const c of CALLERS) if (c.via === 'token') tokens.set(c.label, await mintToken(t, users.get(c.role)!, c.scope));
  const run = await t.as('admin', { method: 'POST', url: '/api/readiness/runs', payload: { datasets: ['erp_orders'] } });
  expect(run.statusCode).toBe(201);
  await recordBenchRun(t.store.db, { id: 'bench_matrix', useCaseId: 'churn-alerts', startedAt: T0.toISOString(), finishedAt: T0.toISOString(), url: 'http://127.0.0.1:1', api: 'openai', mode: 'closed', status: 'completed', sloMet: null, result: {} }, 'seed', T0);
  return {
    t,
    users,
    tokens,
    passwords: new Map(ROLES.map((r) => [r, passwordOf(r)])),
    base: { targetUserId: target.id, readinessRunId: run.json().run.id as string, benchRunId: 'bench_matrix', probe: { username: 'probe', password: 'probe-password-1' }, assessmentRoundId: (await openRound(t.deps, { title: 'Matrix round' }, 'seed')).id, pulse: await pulseSamples(t, live) },
  };
}

async function mintToken(t: TestApp, user: User, scope: TokenScope): Promise<string> {
  const secret = `trc_${newId('secret')}`;
  await insertApiToken(t.store.db, { id: newId('tok'), userId: user.id, name: `matrix ${scope}`, scope, tokenHash: sha256(secret), expiresAt: null }, 'seed', T0);
  return secret;
}

/** Credentials of the caller: a fresh session per request, so logging out or a password change affects only itself. */
async function credentials(m: Matrix, caller: Caller): Promise<Record<string, string>> {
  if (caller.via === 'anonymous') return {};
  if (caller.via === 'token') return { authorization: `Bearer ${m.tokens.get(caller.label)}` };
  const s = await startSession(m.t.store, m.users.get(caller.role)!, m.t.clock.now, 12);
  return { cookie: `traction_session=${s.secret}`, 'x-csrf-token': s.csrfToken };
}

let scenarios = 0;
let deliveries = 0;

function contextFor(m: Matrix, caller: Caller, n: number): SampleContext {
  const username = caller.via === 'anonymous' ? 'viewer' : caller.role;
  const current = m.passwords.get(username) ?? '';
  return {
    ...m.base,
    label: caller.label,
    scope: caller.via === 'token' ? caller.scope : undefined,
    spareTokenId: async () => {
      const owner = caller.via === 'anonymous' ? m.users.get('viewer')! : m.users.get(caller.role)!;
      const id = newId('tok');
      await insertApiToken(m.t.store.db, { id, userId: owner.id, name: 'spare', scope: 'read', tokenHash: sha256(id), expiresAt: null }, 'seed', T0);
      return id;
    },
    password: { current, next: `${username}-password-${n}` },
    fresh: {
      round: async () => (await openRound(m.t.deps, { title: `Round ${n}` }, 'seed')).id,
      invitation: async () => (await inviteToRound(m.t.deps, m.base.assessmentRoundId, { count: 1, expires_in_days: 1 }, 'seed'))[0]!,
      task: async () => (await createTask(m.t.deps, m.base.assessmentRoundId, 'data.catalogue', 'seed')).id,
      mention: async () => (await addComment(m.t.store, { useCaseId: 'churn-alerts', author: 'seed', body: { body: `For @${username}` }, now: m.t.clock.now })).id,
      deadDelivery: async () => {
        const id = `evt_matrix_${n}_${++deliveries}`;
        await insertEvent(m.t.store.db, id, { kind: 'plan_committed', title: 'A plan', audience: {} }, T0, true);
        await insertDeliveries(m.t.store.db, [{ id: `dlv_${id}`, event_id: id, channel: 'webhook:erp', recipient: '', status: 'dead' }], T0);
        return `dlv_${id}`;
      },
      scenario: async () => (await insertScenario(m.t.store.db, { name: `Scenario ${n}-${++scenarios}`, budget_per_quarter: 100000 + 1000 * scenarios, must_do: [], must_not: [] }, 'seed', T0)).id,
    },
  };
}

/** What a refused request must leave untouched. */
async function fingerprint(t: TestApp): Promise<string> {
  const [audit, users, tokens] = await Promise.all([
    t.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    t.store.db.selectFrom('users').selectAll().orderBy('id').execute(),
    t.store.db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
  ]);
  return JSON.stringify([Number(audit.n), users, tokens]);
}

const matrixRoutes = (m: Matrix) => m.t.deps.routes.filter((r): r is RegisteredRoute & { access: RouteAccess } => r.access !== undefined && r.method !== 'HEAD');

describeEachStore('permissions of every registered route', (open) => {
  it('answers every route x caller as its declared permission says, and a refused request changes nothing even with a junk body', async ({ skip }) => {
    const m = await openMatrix(open, skip);
    const routes = matrixRoutes(m);
    expect(routes.length).toBeGreaterThan(35);
    const expected: string[] = [];
    const actual: string[] = [];
    let n = 0;
    for (const route of routes) {
      for (const caller of CALLERS) {
        const want = expectedOutcome(route.access, caller);
        const context = contextFor(m, caller, ++n);
        const request = await sampleRequest(route, context);
        const headers = await credentials(m, caller);
        const before = await fingerprint(m.t);
        const r = await m.t.app.inject({ ...request, headers: { ...headers, ...(request.headers ?? {}) } });
        let got = outcomeOf(r, route);
        if (want !== 'allowed') {
          if ((await fingerprint(m.t)) !== before) got += ', and changed the store';
          const junk = await m.t.app.inject({ ...junkRequest(request), headers } as InjectOptions);
          if (outcomeOf(junk, route) !== got) got += `; with a junk body ${junk.statusCode} ${junk.body.slice(0, 120)}`;
        } else if (caller.via === 'session' && routeKey(route) === 'POST /api/auth/password' && r.statusCode === 200) m.passwords.set(caller.role, context.password.next);
        expected.push(`${routeKey(route)} as ${caller.label}: ${want}`);
        actual.push(`${routeKey(route)} as ${caller.label}: ${got}`);
      }
    }
    expect(actual).toEqual(expected);
  }, 240_000);
});

it('declares a write permission on every route that is not a GET, so a read token can never change anything', async () => {
  const t = await openTestApp(STORE_FACTORIES[0]!, { seed: false });
  try {
    const writes = t.deps.routes.filter((r) => r.access && !r.access.public && !['GET', 'HEAD'].includes(r.method));
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.filter((r) => !isWritePermission(r.access!.permission ?? 'read')).map(routeKey)).toEqual([]);
    // Accounts are an admin's business: no route under /api/users is open to a lesser role.
    const accounts = t.deps.routes.filter((r) => r.url.startsWith('/api/users') && r.method !== 'HEAD');
    expect(accounts.map((r) => [routeKey(r), PERMISSIONS[r.access!.permission ?? 'read'].role])).toEqual(accounts.map((r) => [routeKey(r), 'admin']));
  } finally {
    await t.dispose();
  }
});

it('keeps the table of who may use which route under review: any change of a declared access shows as a diff', async () => {
  const t = await openTestApp(STORE_FACTORIES[0]!, { seed: false });
  try {
    const lines = t.deps.routes
      .filter((r) => r.access && r.method !== 'HEAD')
      .map((r) => {
        const a = r.access!;
        if (a.public) return `${routeKey(r)}: public`;
        const p = a.permission ?? 'read';
        return `${routeKey(r)}: ${p} (${PERMISSIONS[p].role} and above, ${isWritePermission(p) ? 'write' : 'read'})${a.sessionOnly ? ', session only' : ''}`;
      })
      .sort();
    // Generated, not written by hand: after a deliberate change, `npx vitest run -u` rewrites
    // it and the diff is what the reviewer reads. Under CI a missing or changed file fails.
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/route-access.txt');
  } finally {
    await t.dispose();
  }
});
