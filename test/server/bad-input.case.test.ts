// Bad input gets a clear 4xx naming the field, and nothing is written: malformed JSON,
// oversized bodies, wrong types, unknown fields, bad query parameters.
import { expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-repository.js';
import { listDefinitions } from '../../src/store/definition-repository.js';
import { describeEachStore, type TestApp } from '../support/server-app.js';

const valid = {
  title: 'Forecast demand',
  problem: 'Stock-outs and overstock every season',
  objective: 'Better forecasts',
  owner: 'o',
  sponsor: 's',
  department: 'Supply',
  team: 'data',
  monthly_value: { low: 1000, likely: 2000, high: 3000 },
  build_cost: 10000,
  run_monthly: 100,
  effort_person_weeks: 4,
};

async function snapshot(t: TestApp) {
  return { defs: (await listDefinitions(t.store.db, { includeArchived: true })).length, audit: (await listAudit(t.store.db)).length };
}

describeEachStore('bad input', (open) => {
  it('answers each kind of bad intake with a 4xx naming the field, writing nothing', async ({ skip }) => {
    const t = await open(skip, { bodyLimit: 4096 });
    await t.login('contributor');
    const before = await snapshot(t);
    const post = (payload: string, contentType = 'application/json') =>
      t.as('contributor', { method: 'POST', url: '/api/use-cases', headers: { 'content-type': contentType }, payload });
    const cases: [string, Awaited<ReturnType<typeof post>>, number, Record<string, unknown>][] = [
      ['malformed JSON', await post('{"title": "x",'), 400, { code: 'malformed_json' }],
      ['empty JSON body', await post(''), 400, { code: 'malformed_json' }],
      ['not JSON at all', await post('title=x', 'application/x-www-form-urlencoded'), 415, { code: 'unsupported_media_type' }],
      ['oversized body', await post(JSON.stringify({ ...valid, problem: 'x'.repeat(5000) })), 413, { code: 'body_too_large' }],
      ['wrong type', await post(JSON.stringify({ ...valid, effort_person_weeks: 'four' })), 400, { code: 'invalid', field: 'effort_person_weeks', message: 'body field "effort_person_weeks": Effort in person-weeks should be a number, not "four"; nothing stored' }],
      ['unknown field', await post(JSON.stringify({ ...valid, budget: 5 })), 400, { code: 'invalid', field: 'budget', message: expect.stringMatching(/^body field "budget": unknown key "budget" \(known keys: id, title, .*\); nothing stored$/) }],
      ['nested field', await post(JSON.stringify({ ...valid, monthly_value: { low: 5, likely: 2, high: 3 } })), 400, { code: 'invalid', field: 'monthly_value', message: 'body field "monthly_value": Value per month: the low estimate cannot be above the likely one, nor the likely above the high one; nothing stored' }],
      ['missing field', await post(JSON.stringify({ ...valid, title: undefined })), 400, { code: 'invalid', field: 'title' }],
      ['unknown team', await post(JSON.stringify({ ...valid, team: 'sales' })), 400, { code: 'invalid', field: 'team' }],
      ['bad id', await post(JSON.stringify({ ...valid, id: 'Has Spaces' })), 400, { code: 'invalid', field: 'id' }],
      ['an array body', await post('[]'), 400, { code: 'invalid' }],
    ];
    for (const [name, r, status, error] of cases) expect({ name, status: r.statusCode, error: r.json().error }).toMatchObject({ name, status, error });
    expect(await snapshot(t)).toEqual(before);
  });

  it('lists every issue when there are several', async ({ skip }) => {
    const t = await open(skip);
    const r = await t.as('contributor', { method: 'POST', url: '/api/use-cases', payload: { ...valid, title: 'x', effort_person_weeks: -1 } });
    expect(r.json().error.issues).toEqual([
      { field: 'title', message: 'Title is too short: at least 3 characters' },
      { field: 'effort_person_weeks', message: 'Effort in person-weeks cannot be negative' },
    ]);
  });

  it('rejects bad query parameters and unknown ones, naming them', async ({ skip }) => {
    const t = await open(skip);
    const limit = await t.as('viewer', { url: '/api/use-cases?limit=0' });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error).toMatchObject({ field: 'limit', message: 'query field "limit": Too small: expected number to be >=1' });
    const unknown = await t.as('viewer', { url: '/api/use-cases?colour=red' });
    expect(unknown.json().error).toMatchObject({ field: 'colour', message: 'query field "colour": unknown field "colour"' });
    const sort = await t.as('viewer', { url: '/api/use-cases?sort=value' });
    expect(sort.json().error.field).toBe('sort');
  });

  it('answers an unknown route and a crash in the same shape, without internals', async ({ skip }) => {
    const t = await open(skip);
    const missing = await t.as('viewer', { url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nothing-here' } });
    await t.store.close(); // the store goes away under the running app
    const broken = await t.app.inject({ url: '/api/ready' });
    expect(broken.statusCode).toBe(503);
    const crash = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: 'whatever-it-is' } });
    expect(crash.statusCode).toBe(500);
    expect(crash.json().error).toEqual({ code: 'internal', message: `internal error; quote request id ${crash.headers['x-request-id']}` });
  });
});
