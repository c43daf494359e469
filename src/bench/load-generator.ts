// The load generator. Closed loop: N workers, each sends its next request when the previous
// one ends. Open loop: requests are issued on a schedule (constant or Poisson arrivals)
// whatever the responses do, and latency counts from the *intended* send time, so a stalled
// server cannot slow the generator down and hide its own stall (coordinated omission, Gil
// Tene, "How NOT to measure latency", 2013; wrk2 does the same). How far the client lagged
// behind its schedule is reported separately as dispatch delay.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
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
}

export async function runLoad(target: Target, prepared: PreparedRequest[], o: LoadOptions): Promise<LoadRun> {
  if (prepared.length === 0) throw new Error('runLoad needs at least one prepared request');
  const requests: Flat[] = prepared.map((p) => ({ ...p, headers: Object.entries(p.headers).flat() }));
  const connections = o.shape.mode === 'closed' ? o.shape.concurrency : o.maxConnections;
  const pool = new Pool(target.url.origin, {
    connections,
    pipelining: 1,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    connectTimeout: o.timeoutMs,
    keepAliveTimeout: 30_000,
  });
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
        recorder.record(outcome, intendedAt, req.inputTokens, open);
        lastEnd = Math.max(lastEnd, outcome.endAt);
      }
      if (then && mayIssue()) then();
      else if (!open && !mayIssue()) stop();
      finishIfIdle();
    });
    probes.add(probe);
    recorder.sent += 1;
    try {
      pool.dispatch({ path: req.path, method: req.method as 'POST', headers: req.headers, body: req.body ?? null }, probe);
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
