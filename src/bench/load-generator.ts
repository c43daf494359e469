// The load generator. Closed loop: N workers, each sends its next request when the previous
// one ends. Open loop: requests are issued on a schedule (constant or Poisson arrivals)
// whatever the responses do, and latency counts from the *intended* send time, so a stalled
// server cannot slow the generator down and hide its own stall (coordinated omission, Gil
// Tene, "How NOT to measure latency", 2013; wrk2 does the same). How far the client lagged
// behind its schedule is reported separately as dispatch delay.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { RawHttpPool, serialiseRequest } from './raw-http-pool.js';
import { MetricsRecorder, type RequestLimits } from './metrics.js';
import { exponential, type Random } from './random.js';
import { RequestProbe } from './request-probe.js';
import { generates, type PreparedRequest, type Target } from './target.js';

export type LoadShape = { mode: 'closed'; concurrency: number } | { mode: 'open'; rate: number; arrivals: 'constant' | 'poisson' };

export interface LoadOptions {
  shape: LoadShape;
  /** Stop issuing after this long (ms) or this many requests, whichever comes first. */
  durationMs?: number;
  requests?: number;
  timeoutMs: number;
  /** Connections for the open loop (the closed loop uses one per worker). */
  maxConnections: number;
  limits: RequestLimits;
  random: Random;
  signal?: AbortSignal;
  /** Called once a second with the recorder so far (the CLI's progress line). */
  onProgress?: (recorder: MetricsRecorder, elapsedMs: number, inFlight: number) => void;
}

export interface LoadRun {
  shape: LoadShape;
  recorder: MetricsRecorder;
  startedAt: Date;
  /** First intended send to the last answer (or to the stop, when interrupted). */
  elapsedMs: number;
  issued: number;
  interrupted: boolean;
}

interface Flat {
  method: string;
  path: string;
  headers: string[];
  body: string | undefined;
  inputTokens: number | null;
  /** The request as bytes, for the plain-http client. */
  bytes: Buffer;
}

/** Sends requests to the target: the lean client for http, undici for https (TLS). */
interface Transport {
  send(req: Flat, probe: RequestProbe): void;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

function transportFor(url: URL, connections: number, timeoutMs: number): Transport {
  if (url.protocol === 'http:') {
    const pool = new RawHttpPool(url, { connections, timeoutMs });
    return { send: (req, probe) => pool.dispatch(req.bytes, probe), close: () => pool.close(), destroy: () => pool.destroy() };
  }
  const pool = new Pool(url.origin, { connections, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs, keepAliveTimeout: 30_000 });
  return {
    send: (req, probe) => pool.dispatch({ path: req.path, method: req.method as 'POST', headers: req.headers, body: req.body ?? null }, probe),
    close: () => pool.close(),
    destroy: () => pool.destroy(),
  };
}

export async function runLoad(target: Target, prepared: PreparedRequest[], o: LoadOptions): Promise<LoadRun> {
  if (prepared.length === 0) throw new Error('runLoad needs at least one prepared request');
  const requests: Flat[] = prepared.map((p) => {
    const headers = Object.entries(p.headers).flat();
    return { ...p, headers, bytes: serialiseRequest(target.url.host, p.method, p.path, headers, p.body) };
  });
  const connections = o.shape.mode === 'closed' ? o.shape.concurrency : o.maxConnections;
  const pool = transportFor(target.url, connections, o.timeoutMs);
  const recorder = new MetricsRecorder(o.limits, generates(target.api));
  const clock = () => performance.now();
  const open = o.shape.mode === 'open';
  const startedAt = new Date();
  const start = clock();
  const deadline = o.durationMs === undefined ? Infinity : start + o.durationMs;
  const maxRequests = o.requests ?? Infinity;
  const probes = new Set<RequestProbe>();
  let issued = 0;
  let lastEnd = start;
  let stopped = false;
  let interrupted = false;
  let resolveDrained: () => void = () => undefined;
  const drained = new Promise<void>((r) => (resolveDrained = r));

  const finishIfIdle = () => {
    if (stopped && probes.size === 0) resolveDrained();
  };
  const mayIssue = () => !stopped && issued < maxRequests && clock() < deadline;

  const send = (intendedAt: number, then?: () => void) => {
    const req = requests[issued % requests.length] as Flat;
    issued += 1;
    const probe: RequestProbe = new RequestProbe(target.api, target.template?.output_tokens_path, clock, (outcome) => {
      probes.delete(probe);
      if (interrupted) recorder.cancelled += 1;
      else {
        // Open loop: from the schedule (coordinated omission). Closed loop: from the write, so
        // the client's own batching of writes (raw-http-pool) is not counted as latency.
        recorder.record(outcome, open ? intendedAt : outcome.sentAt, req.inputTokens, open);
        lastEnd = Math.max(lastEnd, outcome.endAt);
      }
      if (then && mayIssue()) then();
      else if (!open && !mayIssue()) stop();
      finishIfIdle();
    });
    probes.add(probe);
    recorder.sent += 1;
    try {
      pool.send(req, probe);
    } catch (e) {
      probe.onError(e as Error);
    }
  };

  const stop = () => {
    stopped = true;
    finishIfIdle();
  };

  const onAbort = () => {
    interrupted = true;
    stopped = true;
    for (const p of probes) p.abort?.(new Error('interrupted'));
    void pool.destroy().catch(() => undefined);
    finishIfIdle();
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const progress = o.onProgress ? setInterval(() => o.onProgress?.(recorder, clock() - start, probes.size), 1000) : undefined;
  let cancelSchedule = () => undefined as void;
  if (o.shape.mode === 'closed') {
    const worker = () => send(clock(), worker);
    for (let i = 0; i < o.shape.concurrency && mayIssue(); i++) worker();
    const timer = Number.isFinite(deadline) ? setTimeout(stop, Math.max(0, deadline - clock())) : undefined;
    cancelSchedule = () => clearTimeout(timer);
    if (issued === 0) stop();
  } else {
    cancelSchedule = scheduleOpenLoop(o.shape, o.random, start, clock, mayIssue, send, stop);
  }

  await drained;
  cancelSchedule();
  clearInterval(progress);
  o.signal?.removeEventListener('abort', onAbort);
  if (!interrupted) await pool.close();
  const elapsedMs = (interrupted ? clock() : lastEnd) - start;
  return { shape: o.shape, recorder, startedAt, elapsedMs, issued, interrupted };
}

/**
 * Issues every request whose intended time has come, then sleeps until the next one.
 * Timers fire late by a millisecond or more; requests due meanwhile go out at once, and
 * their latency still counts from when they were due.
 */
function scheduleOpenLoop(
  shape: { rate: number; arrivals: 'constant' | 'poisson' },
  random: Random,
  start: number,
  clock: () => number,
  mayIssue: () => boolean,
  send: (intendedAt: number) => void,
  stop: () => void,
): () => void {
  const perMs = shape.rate / 1000;
  const gap = () => (shape.arrivals === 'poisson' ? exponential(random, perMs) : 1 / perMs);
  let next = start;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = clock();
    while (next <= now) {
      if (!mayIssue()) return stop();
      send(next);
      next += gap();
    }
    timer = setTimeout(tick, next - clock());
  };
  tick();
  return () => clearTimeout(timer);
}
