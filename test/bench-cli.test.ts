// `traction bench run` and `bench mock` through the CLI: files, store, evidence, exit codes,
// usage errors, Ctrl-C, and credentials kept out of everything written.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../src/bench/mock-server.js';
import { runCli } from '../src/cli/run-cli.js';
import { listBenchRuns } from '../src/store/bench-run-repository.js';
import { listEvidence } from '../src/store/evidence-repository.js';
import { openStore } from '../src/store/store.js';
import { listAudit } from '../src/store/audit-repository.js';
import { benchmarkResultPayloadSchema } from '../src/domain/evidence.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(args, streams, { PATH: process.env.PATH, NO_COLOR: '1', TRACTION_ACTOR: 'tester', ...env });
  return { code, stdout, stderr };
}

let mock: MockServer;
let ws: string;
beforeAll(async () => {
  mock = await startMockServer({ latency: { distribution: 'constant', p50Ms: 20 }, tokensPerSecond: 500 });
  ws = mkdtempSync(path.join(tmpdir(), 'traction-bench-ws-'));
  expect((await cli(['init', ws])).code).toBe(0);
  const ucFile = path.join(ws, 'usecases', 'invoice-automation.yaml');
  writeFileSync(ucFile, readFileSync(ucFile, 'utf8').replace('  run_monthly: 1500\n', '  run_monthly: 1500\n  predictions_per_month: { low: 2000000, likely: 3000000, high: 4000000 }\n'));
});
afterAll(async () => {
  await mock.close();
});

describe('traction bench run', () => {
  it('records files, the run and benchmark_result evidence; prints a summary; keeps the key secret', async () => {
    const url = `${mock.url}/v1/chat/completions`;
    const r = await cli(
      ['-w', ws, 'bench', 'run', '--url', url, '--concurrency', '4', '--requests', '40', '--output-tokens', '10', '--slo', 'p95_ms=500,error_rate=0.01',
        '--instance-price-per-hour', '2.5', '--instances', '2', '--usecase', 'invoice-automation', '--header', 'Authorization=Bearer ${env:BENCH_TEST_KEY}'],
      { BENCH_TEST_KEY: 'sk-very-secret' },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/concurrency 4: .* 40 requests \(40 ok, 0 failed\)/);
    expect(r.stdout).toMatch(/time to first token/);
    expect(r.stdout).toMatch(/SLO p95_ms=500,error_rate=0.01: met/);
    expect(r.stdout).toMatch(/monthly at 3,000,000 predictions \(use case invoice-automation\): \$\d/);
    expect(r.stdout).toMatch(/evidence ev_\w+ for use case invoice-automation/);

    const dir = path.join(ws, '.traction', 'bench');
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const saved = files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
    for (const text of saved) expect(text).not.toContain('sk-very-secret');
    const json = JSON.parse(saved[files.findIndex((f) => f.endsWith('.json'))] as string);
    expect(json.header_names).toEqual(['Authorization']);
    const [header] = parse(saved[files.findIndex((f) => f.endsWith('.csv'))]!, { to: 1 }) as string[][];
    expect(header!.slice(0, 5)).toEqual(['run_id', 'step', 'mode', 'concurrency', 'rate']);

    const store = await openStore({ kind: 'sqlite', file: path.join(ws, '.traction', 'traction.db') });
    try {
      const [ev] = await listEvidence(store.db, { useCaseId: 'invoice-automation', kind: 'benchmark_result' });
      const payload = benchmarkResultPayloadSchema.parse(ev?.payload);
      expect(payload).toMatchObject({ run_id: json.run_id, requests: 40, slo_met: true, error_rate: 0 });
      expect(payload.p95_ms).toBe(json.steps[0].latency_ms.e2e.p95);
      // By hand: 2 x $2.50/h over (rps x 3600) requests per hour, x 1000.
      const rps = json.steps[0].throughput.requests_per_s;
      expect(payload.cost_per_1k_requests).toBeCloseTo((5 / (rps * 3600)) * 1000, 12);
      const runs = await listBenchRuns(store.db, { useCaseId: 'invoice-automation' });
      expect(runs.map((x) => [x.id, x.sloMet, x.status])).toEqual([[json.run_id, true, 'completed']]);
      expect(JSON.stringify(runs)).not.toContain('sk-very-secret');
      expect((await listAudit(store.db, { objectKind: 'bench_run' })).map((a) => a.action)).toEqual(['bench.run']);
    } finally {
      await store.close();
    }
  });

  it('--json prints the result; a missed SLO exits 1 and says why', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'traction-bench-out-'));
    const r = await cli(['--json', 'bench', 'run', '--url', `${mock.url}/v1/completions`, '--api', 'openai-completions', '--no-stream', '--rate', '50', '--requests', '20', '--output-tokens', '20', '--slo', 'p95_ms=30', '--out', out]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.mode).toBe('open');
    expect(result.steps[0].requests.ok).toBe(20);
    // 20 ms first token + 19 more at 500/s = 58 ms per request, well over 30 ms.
    expect(result.steps[0].latency_ms.e2e.p50).toBeGreaterThan(55);
    expect(result.steps[0].slo.met).toBe(false);
    expect(result.notes.join('\n')).toMatch(/SLO missed: p95_ms \d+(\.\d+)? vs 30/);
    expect(readdirSync(out).sort()).toEqual([`${result.run_id}.csv`, `${result.run_id}.json`]);
  });

  it('Ctrl-C stops the run and keeps the partial result', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'traction-bench-out-'));
    setTimeout(() => process.emit('SIGINT'), 500);
    const t0 = Date.now();
    const r = await cli(['--json', 'bench', 'run', '--url', `${mock.url}/v1/chat/completions`, '--concurrency', '3', '--duration', '30', '--out', out]);
    expect(Date.now() - t0).toBeLessThan(5000);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('interrupted');
    expect(result.steps[0].requests.ok).toBeGreaterThan(0);
    expect(r.stderr).toContain('stopping: cancelling requests in flight');
    expect(readdirSync(out)).toHaveLength(2);
  });

  it('rejects bad options with exit 2 and names the problem, before sending anything', async () => {
    const before = mock.stats().requests;
    const cases: [string[], RegExp][] = [
      [['--url', 'not a url'], /--url: "not a url" is not a URL/],
      [['--url', 'ftp://127.0.0.1/x'], /only http and https/],
      [['--url', mock.url, '--concurrency', '2', '--rate', '5'], /either --concurrency \(closed loop\) or --rate/],
      [['--url', mock.url, '--sweep'], /--sweep needs --slo/],
      [['--url', mock.url, '--slo', 'p95=3'], /--slo: invalid objective/],
      [['--url', mock.url, '--api', 'grpc'], /--api: "grpc" is not one of/],
      [['--url', mock.url, '--header', 'X-Api-Key=sk-123'], /looks like a credential/],
      [['--url', mock.url, '--header', 'Authorization=${env:NOPE_NOT_SET}'], /environment variable NOPE_NOT_SET is not set \(used by --header Authorization\)/],
      [['--url', mock.url, '--prompts', '/nonexistent/p.jsonl'], /--prompts: cannot read \/nonexistent\/p.jsonl \(ENOENT\)/],
      [['--url', mock.url, '--usecase', 'nope', '-w', ws], /--usecase: no use case "nope"/],
      [['--url', mock.url, '--concurrency', '0'], /expected a whole number > 0/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['bench', 'run', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(mock.stats().requests).toBe(before);
  });

  it('http-json with a request template, counting tokens from output_tokens_path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-bench-tpl-'));
    const tpl = path.join(dir, 'tpl.json');
    writeFileSync(tpl, JSON.stringify({ method: 'POST', body: { model: '{{model}}', prompt: 'Say: {{prompt}}', max_tokens: '{{max_tokens}}' }, output_tokens_path: 'usage.completion_tokens' }));
    const r = await cli(['--json', 'bench', 'run', '--url', `${mock.url}/v1/completions`, '--template', tpl, '--requests', '5', '--output-tokens', '3', '--out', dir]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.api).toBe('http-json');
    expect(result.steps[0].tokens).toMatchObject({ output_total: 15, output_counted_by: { usage: 5 } });
  });
});

describe('traction bench mock', () => {
  it('serves until Ctrl-C and reports what it served', async () => {
    setTimeout(() => process.emit('SIGINT'), 300);
    const r = await cli(['bench', 'mock', '--port', '0', '--latency-dist', 'constant', '--latency-ms-p50', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mock model API on http:\/\/127\.0\.0\.1:\d+ \(constant latency, p50 5 ms/);
    expect(r.stdout).toContain('/v1/embeddings');
    expect(r.stderr).toContain('served 0 of 0 requests');
  });
});
