// How the server sends the built dashboard: the brotli or gzip file written at build time when the
// browser accepts it (the plain one otherwise), hashed assets cached for a year, index.html and
// every page address revalidated on each visit. A stand-in build in a temporary folder keeps the
// test independent of `vite build`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STORE_FACTORIES } from '../support/databases.js';
import { openTestApp, type TestApp } from '../support/server-app.js';

const SCRIPT = `console.log(${JSON.stringify('dashboard '.repeat(200))});\n`;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
let t: TestApp;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-web-static-'));
  mkdirSync(path.join(dir, 'assets'));
  const file = path.join(dir, 'assets', 'index-abc123.js');
  writeFileSync(file, SCRIPT);
  writeFileSync(`${file}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${file}.gz`, gzipSync(SCRIPT));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  t = await openTestApp(STORE_FACTORIES.find((f) => f.name === 'sqlite')!, { webDir: dir });
});
afterAll(() => t?.dispose());

it('sends the brotli file to a browser that accepts it, cached for a year', async () => {
  const r = await t.app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-encoding']).toBe('br');
  expect(r.headers['content-type']).toMatch(/javascript/);
  expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(r.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
  expect(brotliDecompressSync(r.rawPayload).toString()).toBe(SCRIPT);
});

it('sends gzip where brotli is not accepted, and the plain file where nothing is', async () => {
  const gz = await t.app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
  const plain = await t.app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(SCRIPT);
});

it('has index.html and every page address revalidated, never kept stale', async () => {
  for (const url of ['/', '/roadmap', '/use-cases/x', '/no/such/page']) {
    const r = await t.app.inject({ url, headers: { accept: 'text/html', 'accept-encoding': 'br' } });
    expect([url, r.statusCode, r.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
    const body = r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.rawPayload).toString() : r.body;
    expect(body).toBe(INDEX);
  }
});

it('answers an unknown asset with 404, not with the page', async () => {
  const r = await t.app.inject({ url: '/assets/missing-000.js', headers: { 'accept-encoding': 'br' } });
  expect(r.statusCode).toBe(404);
});
