// The OpenAPI 3.1 document is generated from the same zod schemas that validate requests.
import { afterEach, expect, it } from 'vitest';
import { STORE_FACTORIES } from '../support/databases.js';
import { openTestApp, type TestApp } from '../support/server-app.js';
import { docsRequestInterceptor } from '../../src/server/openapi.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

it('describes every API route, with the intake schema closed to unknown fields', async () => {
  t = await openTestApp(STORE_FACTORIES[0]!, { logLevel: 'warn' });
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/'))).toBe(true);
  expect(doc.paths['/api/use-cases'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['limit', 'offset', 'stage', 'team', 'q', 'include_archived', 'sort']);
  const intake = doc.paths['/api/use-cases'].post.requestBody.content['application/json'].schema;
  expect(intake.additionalProperties).toBe(false);
  expect(intake.required).toEqual(expect.arrayContaining(['title', 'problem', 'team']));
  // monthly_value is required unless a template is named (the rule across fields is checked by the action).
  expect(Object.keys(intake.properties)).toEqual(expect.arrayContaining(['monthly_value', 'template']));
  expect(intake.properties.monthly_value.properties.low.type).toBe('number');
  expect(doc.paths['/api/roadmap'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['budget_per_quarter', 'quarters']);
  expect(doc.paths['/api/portfolio'].get.responses['200'].content['application/json'].schema.properties.use_cases.items.properties.npv.required).toEqual(['likely', 'p10', 'p50', 'p90', 'expected']);
  for (const p of ['/api/use-cases/{id}/business-case', '/api/datasets', '/api/datasets/{id}/history', '/api/readiness/runs/{id}', '/api/bench-runs']) expect(doc.paths[p]?.get).toBeDefined();
  expect(doc.paths['/api/readiness/runs'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  expect((await t.app.inject({ url: '/api/docs' })).headers['content-type']).toMatch(/text\/html/);
});

it('lets /api/docs try writes with the session: its request interceptor adds the CSRF token the API asks for', async () => {
  t = await openTestApp(STORE_FACTORIES[0]!, { logLevel: 'warn' });
  const app = t.app;
  // The page loads the interceptor's own source (not a copy of it).
  const initializer = (await app.inject({ url: '/api/docs/static/swagger-initializer.js' })).body;
  expect(initializer).toContain('requestInterceptor');
  expect(initializer).toContain(docsRequestInterceptor.toString());
  // Rebuild the function from what the page runs, with the browser's fetch and cookie as the session.
  const { cookie } = await t.login('contributor');
  const browserFetch = async (url: string) => {
    const r = await app.inject({ url, headers: { cookie } });
    return { ok: r.statusCode === 200, json: async () => r.json() };
  };
  const source = /"requestInterceptor":([\s\S]*?)}\s*\n\s*const resConfig/.exec(initializer)?.[1];
  expect(source).toBeDefined();
  const interceptor = new Function('fetch', `return (${source!});`)(browserFetch) as typeof docsRequestInterceptor;
  const write = { url: '/api/tokens', method: 'POST', headers: { 'content-type': 'application/json' } as Record<string, string> };
  const refused = await app.inject({ method: 'POST', url: write.url, headers: { ...write.headers, cookie }, payload: { name: 'from docs', scope: 'read' } });
  expect(refused.statusCode).toBe(403);
  expect(refused.json().error.code).toBe('csrf');
  const sent = await interceptor(write);
  expect(sent.headers['x-csrf-token']).toMatch(/.{16,}/);
  const done = await app.inject({ method: 'POST', url: write.url, headers: { ...sent.headers, cookie }, payload: { name: 'from docs', scope: 'read' } });
  expect(done.statusCode).toBe(201);
  // Reads go as they are; so does a request that carries an API token.
  const read = { url: '/api/roadmap', method: 'GET', headers: {} as Record<string, string> };
  expect((await interceptor(read)).headers).toEqual({});
  const bearer = { url: write.url, method: 'POST', headers: { Authorization: 'Bearer trc_x' } as Record<string, string> };
  expect((await interceptor(bearer)).headers).toEqual({ Authorization: 'Bearer trc_x' });
});
