// Each role can do exactly what it should: every (role, operation) pair is tried and must
// succeed exactly when the role ranks at or above the operation's minimum. API tokens act
// as their user, except that a read-scoped token can never write; no credentials, no access.
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/account.js';
import { listAudit } from '../../src/store/audit-repository.js';
import { CONFIG, describeEachStore, sampleUseCase, T0, type TestApp } from '../support/server-app.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';

interface Operation {
  name: string;
  min: Role;
  write: boolean;
  request(who: string): InjectOptions;
}

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

const OPERATIONS: Operation[] = [
  { name: 'list use cases', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases' }) },
  { name: 'read a use case', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts' }) },
  { name: 'read evidence', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts/evidence' }) },
  { name: 'read the audit log', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/audit' }) },
  { name: 'read the workspace', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/workspace' }) },
  { name: 'create an own token', min: 'viewer', write: true, request: (who) => ({ method: 'POST', url: '/api/tokens', payload: { name: `t-${who}`, scope: 'read' } }) },
  { name: 'submit an intake', min: 'contributor', write: true, request: (who) => ({ method: 'POST', url: '/api/use-cases', payload: intake(`Idea of ${who}`) }) },
  { name: 'update a use case', min: 'contributor', write: true, request: (who) => ({ method: 'PATCH', url: '/api/use-cases/churn-alerts', payload: { tags: [who] } }) },
  { name: 'archive a use case', min: 'admin', write: true, request: (who) => ({ method: 'POST', url: `/api/use-cases/arch-${who}/archive` }) },
  { name: 'list users', min: 'admin', write: false, request: () => ({ method: 'GET', url: '/api/users' }) },
  { name: 'create a user', min: 'admin', write: true, request: (who) => ({ method: 'POST', url: '/api/users', payload: { username: `new-${who}`, display_name: 'New', role: 'viewer' } }) },
  { name: 'list every token', min: 'admin', write: false, request: () => ({ method: 'GET', url: '/api/tokens?all=true' }) },
  { name: 'read the portfolio', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/portfolio' }) },
  { name: 'read a business case', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts/business-case' }) },
  { name: 'read the roadmap', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/roadmap?budget_per_quarter=200000' }) },
  { name: 'read datasets', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/datasets' }) },
  { name: 'read readiness runs', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/readiness/runs' }) },
  { name: "read a use case's readiness", min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts/readiness' }) },
  { name: 'read benchmark results', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/bench-runs' }) },
  { name: 'evaluate a gate', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts/gate' }) },
  { name: 'read the decision log', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/decisions' }) },
  { name: 'sign off a gate', min: 'approver', write: true, request: () => ({ method: 'POST', url: '/api/use-cases/churn-alerts/signoffs', payload: { role: 'business_owner' } }) },
  { name: "read a use case's KPIs", min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/use-cases/churn-alerts/kpis' }) },
  { name: 'read KPI measurements', min: 'viewer', write: false, request: () => ({ method: 'GET', url: '/api/kpi-measurements' }) },
  { name: 'record KPI values', min: 'contributor', write: true, request: () => ({ method: 'POST', url: '/api/kpi-measurements', payload: { measurements: [{ use_case: 'churn-alerts', kpi: 'churn', at: '2026-03-01', value: 7 }] } }) },
  { name: 'run readiness checks', min: 'approver', write: true, request: () => ({ method: 'POST', url: '/api/readiness/runs', payload: { datasets: ['erp_orders'] } }) },
];

const rank = (r: Role) => ROLES.indexOf(r);
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');
const WHO = [...ROLES, 'tok-read', 'tok-write'];
const useCases = [sampleUseCase('churn-alerts', { kpis: [{ id: 'churn', name: 'Churn', unit: '%', direction: 'down', target: 5 }] }), ...WHO.map((w) => sampleUseCase(`arch-${w}`))];

/** The test workspace plus the readiness fixture's source and datasets, so a readiness run has something to check. */
async function openWithData(open: Parameters<Parameters<typeof describeEachStore>[1]>[0], skip: (reason: string) => void): Promise<TestApp> {
  const t = await open(skip, { useCases, workspaceRoot: FIXTURE });
  const { workspace } = await loadWorkspace(FIXTURE);
  // Everyone holds business_owner, so only the permission decides who may sign off.
  const config = { ...CONFIG, roles: { business_owner: [...ROLES] } };
  await applyDefinitions(t.store, workspaceDefinitions({ ...workspace!, config, useCases }), 'seed', T0);
  return t;
}

async function token(t: TestApp, role: Role, scope: 'read' | 'write'): Promise<string> {
  const r = await t.as(role, { method: 'POST', url: '/api/tokens', payload: { name: `${scope} token`, scope } });
  return r.json().token as string;
}

describeEachStore('role matrix', (open) => {
  it('lets each role do exactly what its rank allows, and audits every write', async ({ skip }) => {
    const t = await openWithData(open, skip);
    const outcome: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      for (const op of OPERATIONS) {
        const r = await t.as(role, op.request(role));
        const allowed = rank(role) >= rank(op.min);
        expected.push(`${role} ${op.name}: ${allowed ? 'allowed' : 'forbidden'}`);
        outcome.push(`${role} ${op.name}: ${r.statusCode < 300 ? 'allowed' : r.statusCode === 403 && r.json().error.code === 'forbidden' ? 'forbidden' : `${r.statusCode} ${r.body}`}`);
      }
    }
    expect(outcome).toEqual(expected);
    // Writes that went through left audit entries by that user; refused ones left none.
    const audit = await listAudit(t.store.db);
    expect(audit.filter((a) => a.actor === 'viewer').map((a) => a.action)).toEqual(['session.started', 'api_token.created']);
    expect(audit.filter((a) => a.actor === 'contributor').map((a) => a.action)).toEqual(['session.started', 'api_token.created', 'definition.created', 'definition.updated', 'kpi.measurement']);
    expect(audit.filter((a) => a.actor === 'admin').map((a) => a.action)).toContain('definition.archived');
  });

  it('lets a read-scoped token read but never write, even an admin\'s', async ({ skip }) => {
    const t = await openWithData(open, skip);
    const read = await token(t, 'admin', 'read');
    for (const op of OPERATIONS) {
      const r = await t.app.inject({ ...op.request('tok-read'), headers: { authorization: `Bearer ${read}` } });
      if (op.write) {
        expect({ op: op.name, status: r.statusCode, code: r.json().error?.code }).toEqual({ op: op.name, status: 403, code: 'token_scope' });
      } else expect({ op: op.name, status: r.statusCode }).toEqual({ op: op.name, status: 200 });
    }
  });

  it('gives a write-scoped token its user\'s role, without CSRF (no cookie involved)', async ({ skip }) => {
    const t = await openWithData(open, skip);
    const write = await token(t, 'contributor', 'write');
    for (const op of OPERATIONS) {
      const r = await t.app.inject({ ...op.request('tok-write'), headers: { authorization: `Bearer ${write}` } });
      const allowed = rank('contributor') >= rank(op.min);
      expect({ op: op.name, ok: r.statusCode < 300 }).toEqual({ op: op.name, ok: allowed });
    }
    const audit = await listAudit(t.store.db, { objectKind: 'use_case', objectId: 'idea-of-tok-write' });
    expect(audit[0]?.actor).toMatch(/^contributor \(token tok_/);
  });

  it('refuses everything but health, readiness, login and the docs without credentials', async ({ skip }) => {
    const t = await openWithData(open, skip);
    for (const op of OPERATIONS) {
      const r = await t.app.inject(op.request('anon'));
      expect({ op: op.name, status: r.statusCode, code: r.json().error.code }).toEqual({ op: op.name, status: 401, code: 'unauthenticated' });
    }
    for (const url of ['/api/health', '/api/ready', '/api/openapi.json']) expect((await t.app.inject({ url })).statusCode).toBe(200);
  });
});
