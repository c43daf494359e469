// The mock model server: an OpenAI-compatible API (chat, completions, embeddings; SSE
// streaming or not, with `usage`) whose latency, token rate, failures, concurrency limit
// and stalls are set by options, for tests, demos and the example company. Seeded: the
// k-th request to arrive always draws the same latency and the same fault decision.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { latencyDistribution, type LatencyDistributionKind } from './latency-distribution.js';
import { errorBody, finalChunks, fullResponse, MOCK_ROUTES, readMockRequest, roleChunk, tokenChunk, type MockRequest } from './mock-responses.js';
import { seededRandom } from './random.js';

export const MOCK_ERROR_KINDS = ['http_500', 'http_429', 'non_json', 'cut_stream', 'reset', 'hang'] as const;
export type MockErrorKind = (typeof MOCK_ERROR_KINDS)[number];

export interface MockOptions {
  host?: string;
  port?: number;
  latency: { distribution: LatencyDistributionKind; p50Ms: number; p99Ms?: number };
  /** Output tokens per second per request after the first token; 0 sends them all at once. */
  tokensPerSecond: number;
  errorRate: number;
  errorKind: MockErrorKind;
  /** Requests served at once; beyond it they queue (`queue`) or get 429 at once (`reject`). */
  maxConcurrency?: number;
  overload: 'queue' | 'reject';
  /** Every `stallEvery`-th request to arrive freezes every answer for `stallMs`. */
  stallEvery?: number;
  stallMs: number;
  seed: number;
  defaultMaxTokens: number;
}

export const MOCK_DEFAULTS: MockOptions = {
  latency: { distribution: 'lognormal', p50Ms: 200, p99Ms: 600 },
  tokensPerSecond: 50,
  errorRate: 0,
  errorKind: 'http_500',
  overload: 'queue',
  stallMs: 1000,
  seed: 1,
  defaultMaxTokens: 16,
};

export interface MockStats {
  requests: number;
  served: number;
  faults: number;
  rejected: number;
  stalls: number;
  /** The latencies drawn for answered, fault-free requests, in arrival order (ms). */
  drawnLatenciesMs: number[];
}

export interface MockServer {
  url: string;
  stats(): MockStats;
  close(): Promise<void>;
}

export async function startMockServer(options: Partial<MockOptions> = {}): Promise<MockServer> {
  const o: MockOptions = { ...MOCK_DEFAULTS, ...options };
  const dist = latencyDistribution(o.latency.distribution, o.latency.p50Ms, o.latency.p99Ms);
  const random = seededRandom(o.seed);
  const stats: MockStats = { requests: 0, served: 0, faults: 0, rejected: 0, stalls: 0, drawnLatenciesMs: [] };
  const timers = new Set<NodeJS.Timeout>();
  const waiting: (() => void)[] = [];
  let active = 0;
  let stalledUntil = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), Math.max(0, ms));
      timers.add(t);
    });
  // A stall freezes every answer: any write due while it lasts waits for its end.
  const stallGate = async () => {
    for (let now = performance.now(); now < stalledUntil; now = performance.now()) await sleep(stalledUntil - now);
  };
  const sleepUntil = async (t: number) => {
    await sleep(t - performance.now());
    await stallGate();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const api = MOCK_ROUTES[(req.url ?? '').split('?')[0] ?? ''];
    if (!api) return sendJson(res, 404, errorBody(`no route ${req.method} ${req.url}; try /v1/chat/completions, /v1/completions or /v1/embeddings`, 'not_found'));
    if (req.method !== 'POST') return sendJson(res, 405, errorBody('use POST', 'invalid_request_error'));
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, errorBody('the body is not JSON', 'invalid_request_error'));
    }
    const n = ++stats.requests;
    const parsed = readMockRequest(api, body, n, o.defaultMaxTokens);
    if (typeof parsed === 'string') return sendJson(res, 400, errorBody(parsed, 'invalid_request_error'));
    if (o.stallEvery && n % o.stallEvery === 0) {
      stalledUntil = Math.max(stalledUntil, performance.now() + o.stallMs);
      stats.stalls += 1;
    }
    // Both draws happen for every request so the sequence depends only on arrival order.
    const latency = dist.sample(random);
    const fault = random() < o.errorRate;
    if (fault && o.errorKind === 'http_429') return (stats.faults++, reject(res));
    if (fault && o.errorKind === 'reset') return (stats.faults++, void req.socket.destroy());
    if (o.maxConcurrency !== undefined && active >= o.maxConcurrency) {
      if (o.overload === 'reject') return (stats.rejected++, reject(res));
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    active += 1;
    try {
      if (fault) {
        stats.faults += 1;
        await sleepUntil(performance.now() + latency);
        return await answerFault(res, parsed);
      }
      stats.drawnLatenciesMs.push(latency);
      await answer(res, parsed, latency);
      stats.served += 1;
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  }

  async function answer(res: ServerResponse, r: MockRequest, latency: number): Promise<void> {
    const start = performance.now();
    const tokenAt = (i: number) => start + latency + (o.tokensPerSecond > 0 ? (i * 1000) / o.tokensPerSecond : 0);
    if (!r.stream) {
      await sleepUntil(tokenAt(Math.max(0, r.maxTokens - 1)));
      return sendJson(res, 200, JSON.stringify(fullResponse(r)));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(roleChunk(r));
    for (let i = 0; i < r.maxTokens; ) {
      await sleepUntil(tokenAt(i));
      // Every token due by now goes out in this write, each as its own event.
      let events = '';
      for (const now = performance.now(); i < r.maxTokens && tokenAt(i) <= now + 0.5; i++) events += tokenChunk(r, i);
      if (res.destroyed) return;
      res.write(events);
    }
    res.end(finalChunks(r));
  }

  async function answerFault(res: ServerResponse, r: MockRequest): Promise<void> {
    switch (o.errorKind) {
      case 'non_json':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body>502 Bad Gateway (upstream)</body></html>');
      case 'cut_stream':
        if (r.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(roleChunk(r) + tokenChunk(r, 0) + tokenChunk(r, 1));
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
          res.write(JSON.stringify(fullResponse(r)).slice(0, 40));
        }
        await sleep(5);
        return void res.socket?.destroy();
      case 'hang':
        return new Promise<void>((resolve) => res.on('close', resolve));
      default:
        return sendJson(res, 500, errorBody('the mock failed this request on purpose (--error-rate)', 'server_error'));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`mock failure: ${(e as Error).message}`, 'server_error'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${address.port}`,
    stats: () => ({ ...stats, drawnLatenciesMs: [...stats.drawnLatenciesMs] }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reject(res: ServerResponse): void {
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(errorBody('rate limit reached (mock)', 'rate_limit_exceeded'));
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 4 * 1024 * 1024) throw new Error('body larger than 4 MB');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
