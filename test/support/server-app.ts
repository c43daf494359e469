// An in-process API over a fresh store for tests: a small applied workspace, one user per
// role (password "<role>-password-1"), a controllable clock, and helpers to log in.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../../src/domain/account.js';
import { buildApp, type AppDeps, type AppOptions } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import type { Store } from '../../src/store/store.js';
import { createUser } from '../../src/store/user-repository.js';
import { contentHash, type Definition } from '../../src/workspace/definitions.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { useCaseSchema, type UseCase } from '../../src/domain/use-case.js';
import { afterEach, beforeAll, describe } from 'vitest';
import { STORE_FACTORIES, type StoreFactory } from './databases.js';

export const T0 = new Date('2026-03-02T09:00:00Z');
export const passwordOf = (role: Role) => `${role}-password-1`;

export const CONFIG = workspaceConfigSchema.parse({
  organisation: 'Testco',
  currency: 'EUR',
  discount_rate: 0.1,
  horizon_months: 36,
  start_quarter: '2026-Q2',
  budget_per_quarter: 100000,
  teams: [
    { id: 'data', name: 'Data team', capacity_person_weeks_per_quarter: 40 },
    { id: 'ops', name: 'Operations', capacity_person_weeks_per_quarter: 20 },
  ],
  roles: { business_owner: ['approver'], technical_lead: ['admin'] },
});

export function sampleUseCase(id: string, extra: Record<string, unknown> = {}) {
  return useCaseSchema.parse({
    id,
    title: `Use case ${id}`,
    problem: 'Something costs too much today',
    objective: 'Make it cheaper',
    owner: 'Olga Owner',
    sponsor: 'Sam Sponsor',
    department: 'Operations',
    team: 'data',
    costs: { build: 50000, run_monthly: 1000 },
    probability_of_success: 0.6,
    effort_person_weeks: 10,
    risk: { eu_ai_act: 'minimal' },
    ...extra,
  });
}

export async function seedWorkspace(store: Store, useCases: UseCase[] = [sampleUseCase('churn-alerts'), sampleUseCase('invoice-matching', { stage: 'pilot', team: 'ops' })]): Promise<void> {
  const def = (kind: Definition['kind'], id: string, body: unknown): Definition => ({ kind, id, body, hash: contentHash(body) });
  await applyDefinitions(store, [def('config', 'config', CONFIG), ...useCases.map((u) => def('use_case', u.id, u))], 'seed', T0);
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  store: Store;
  clock: { now: Date };
  logs: string[];
  /** Logs in as the user named after the role; returns headers for later requests. */
  login(role: Role): Promise<{ cookie: string; csrf: string }>;
  as(role: Role, options: InjectOptions): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export async function openTestApp(factory: StoreFactory, options: Partial<AppOptions> & { seed?: boolean; useCases?: ReturnType<typeof sampleUseCase>[] } = {}): Promise<TestApp> {
  const { store, dispose } = await factory.create();
  const { seed, useCases, ...appOptions } = options;
  if (seed !== false) await seedWorkspace(store, useCases);
  for (const role of ROLES)
    await createUser(store.db, { username: role, displayName: `The ${role}`, role, passwordHash: await hashPassword(passwordOf(role)), mustChangePassword: false }, 'seed', T0);
  const clock = { now: T0 };
  const logs: string[] = [];
  const { app, deps } = await buildApp({ store, now: () => clock.now, logDestination: { write: (l) => void logs.push(l) }, ...appOptions });
  await app.ready();
  const sessions = new Map<Role, { cookie: string; csrf: string }>();
  const login = async (role: Role) => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: role, password: passwordOf(role) } });
    if (r.statusCode !== 200) throw new Error(`login as ${role} failed: ${r.statusCode} ${r.body}`);
    const cookie = r.cookies.find((c) => c.name === 'traction_session');
    const s = { cookie: `traction_session=${cookie?.value}`, csrf: (r.json() as { csrf_token: string }).csrf_token };
    sessions.set(role, s);
    return s;
  };
  return {
    app,
    deps,
    store,
    clock,
    logs,
    login,
    async as(role, o) {
      const s = sessions.get(role) ?? (await login(role));
      return app.inject({ ...o, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(o.headers ?? {}) } });
    },
    async dispose() {
      await app.close();
      await dispose();
    },
  };
}

/**
 * Runs `body` once per store (SQLite, PostgreSQL), handing it `open`, which gives a fresh
 * app per test and disposes it afterwards; PostgreSQL skips with a reason when absent
 * (and fails under CI, see databases.ts).
 */
export function describeEachStore(
  title: string,
  body: (open: (skip: (reason: string) => void, options?: Parameters<typeof openTestApp>[1]) => Promise<TestApp>) => void,
): void {
  for (const factory of STORE_FACTORIES) {
    describe(`${title} (${factory.name})`, () => {
      let available = false;
      let current: TestApp | undefined;
      beforeAll(async () => {
        available = await factory.available();
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body(async (skip, options) => {
        if (!available) skip(`${factory.name} is not available here`);
        current = await openTestApp(factory, options);
        return current;
      });
    });
  }
}
