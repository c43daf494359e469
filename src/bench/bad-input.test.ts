// Bad endpoints: each failure is counted under its class, the run finishes, and the notes
// say what happened. Where the mock injects the failure, its own count is the reference.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchConfig, benchDeps } from '../../test/support/bench.js';
import { runBench } from './bench-run.js';
import { startMockServer, type MockOptions, type MockServer } from './mock-server.js';

let mock: MockServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const FAST: Partial<MockOptions> = { latency: { distribution: 'constant', p50Ms: 5 }, tokensPerSecond: 0, seed: 3 };

async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('bad input', () => {
  it('unreachable URL: every request is a connection error', async () => {
    const port = await closedPort();
    const r = await runBench(benchConfig(`http://127.0.0.1:${port}`, { requests: 20 }), benchDeps());
    const s = r.steps[0];
    expect(s?.requests).toMatchObject({ completed: 20, ok: 0, failed: 20 });
    expect(s?.errors.map((e) => [e.class, e.count])).toEqual([['connection', 20]]);
    expect(s?.errors[0]?.first).toContain('ECONNREFUSED');
    expect(r.chosen_step).toBeNull();
    expect(r.notes.join('\n')).toMatch(/20 of 20 requests failed as connection: could not connect/);
    expect(r.notes.join('\n')).toContain('no request succeeded');
  });

  it('TLS error: a self-signed certificate is rejected and counted as tls', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-tls-'));
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const r = await runBench(benchConfig(`https://127.0.0.1:${port}`, { requests: 6, plan: { kind: 'closed', concurrency: 2 } }), benchDeps());
    expect(r.steps[0]?.errors.map((e) => [e.class, e.count])).toEqual([['tls', 6]]);
    expect(r.notes.join('\n')).toContain('the TLS handshake failed');
  });

  it('non-JSON answers with status 200 are malformed responses', async () => {
    mock = await startMockServer({ ...FAST, errorRate: 0.3, errorKind: 'non_json' });
    const r = await runBench(benchConfig(mock.url, { requests: 100 }), benchDeps());
    const s = r.steps[0];
    const faults = mock.stats().faults;
    expect(faults).toBeGreaterThan(10);
    expect(s?.errors.map((e) => [e.class, e.count])).toEqual([['malformed_response', faults]]);
    expect(s?.requests.ok).toBe(100 - faults);
    expect(s?.errors[0]?.first).toContain('not JSON');
  });

  it('an SSE stream cut mid-way is a malformed stream, the rest still measured', async () => {
    mock = await startMockServer({ ...FAST, errorRate: 0.25, errorKind: 'cut_stream' });
    const r = await runBench(benchConfig(mock.url, { requests: 100, stream: true }), benchDeps());
    const s = r.steps[0];
    const faults = mock.stats().faults;
    expect(faults).toBeGreaterThan(10);
    expect(s?.errors.map((e) => [e.class, e.count])).toEqual([['malformed_stream', faults]]);
    expect(s?.errors[0]?.first).toMatch(/stream cut after 2 content events|without \[DONE\]/);
    expect(s?.latency_ms.ttft?.count).toBe(100 - faults);
    expect(r.notes.join('\n')).toContain('broke off before [DONE]');
  });

  it('a 429 storm from a concurrency limit: counted as http_429, the run finishes, the note explains', async () => {
    mock = await startMockServer({ ...FAST, latency: { distribution: 'constant', p50Ms: 20 }, maxConcurrency: 2, overload: 'reject' });
    const r = await runBench(benchConfig(mock.url, { requests: 200, plan: { kind: 'closed', concurrency: 10 } }), benchDeps());
    const s = r.steps[0];
    const rejected = mock.stats().rejected;
    expect(rejected).toBeGreaterThan(50);
    expect(s?.errors.map((e) => [e.class, e.count])).toEqual([['http_429', rejected]]);
    expect(s?.requests.ok).toBe(200 - rejected);
    expect(r.notes.join('\n')).toContain('rate-limited requests (HTTP 429)');
  });

  it('server errors and hung requests: http_500 and timeout', async () => {
    mock = await startMockServer({ ...FAST, errorRate: 0.2, errorKind: 'http_500' });
    const r = await runBench(benchConfig(mock.url, { requests: 100 }), benchDeps());
    expect(r.steps[0]?.errors.map((e) => [e.class, e.count])).toEqual([['http_500', mock.stats().faults]]);
    await mock.close();
    mock = await startMockServer({ ...FAST, errorRate: 0.5, errorKind: 'hang' });
    const hung = await runBench(benchConfig(mock.url, { requests: 20, timeoutMs: 300 }), benchDeps());
    expect(hung.steps[0]?.errors.map((e) => [e.class, e.count])).toEqual([['timeout', mock.stats().faults]]);
  });

  it('a wrong path: http_404 with a hint about --url', async () => {
    mock = await startMockServer(FAST);
    const cfg = benchConfig(mock.url, { requests: 5 });
    cfg.target.url = new URL(`${mock.url}/v1`);
    const r = await runBench(cfg, benchDeps());
    expect(r.steps[0]?.errors.map((e) => e.class)).toEqual(['http_404']);
    expect(r.notes.join('\n')).toContain('full endpoint path');
  });
});
