// Listens: builds the app over an open store, makes sure an admin exists, listens, starts
// the scheduler of jobs (unless TRACTION_SCHEDULER=off), and shuts down gracefully
// (readiness fails first so a balancer stops sending, the scheduler stops taking runs and
// lets the attempt in progress finish, in-flight requests finish, idle keep-alive
// connections close, then the store closes).
import { fileURLToPath } from 'node:url';
import type { TractionEnv } from '../env.js';
import { startDispatcher } from '../notifications/dispatcher.js';
import type { Store } from '../store/store.js';
import { Scheduler } from '../jobs/scheduler.js';
import { buildApp } from './app.js';
import { ensureAdmin, type BootstrapResult } from './auth/bootstrap-admin.js';
import type { LogDestination } from './logger.js';

/** The dashboard built by `npm run build:web`. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ServerOptions {
  store: Store;
  env: TractionEnv;
  port: number;
  host: string;
  webDir?: string;
  logDestination?: LogDestination;
  /** The workspace folder (file sources of readiness runs resolve against it). */
  workspaceRoot?: string;
  /** Seconds between the notification dispatcher's passes (default 5); 0 runs no dispatcher. */
  notifyIntervalSeconds?: number;
}

export interface RunningServer {
  url: string;
  admin: BootstrapResult;
  /** Resolves when the server has stopped (after `stop` or a signal). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const admin = await ensureAdmin(o.store, { username: o.env.TRACTION_ADMIN_USERNAME, password: o.env.TRACTION_ADMIN_PASSWORD }, new Date());
  const { app, deps } = await buildApp({
    store: o.store,
    logLevel: o.env.TRACTION_LOG_LEVEL,
    logDestination: o.logDestination,
    webDir: o.webDir ?? DEFAULT_WEB_DIR,
    secureCookies: o.env.TRACTION_SECURE_COOKIES === 'true',
    sessionHours: o.env.TRACTION_SESSION_HOURS,
    ...(o.env.TRACTION_TRUST_PROXY ? { trustProxy: o.env.TRACTION_TRUST_PROXY } : {}),
    ...(o.workspaceRoot ? { workspaceRoot: o.workspaceRoot } : {}),
    sourceEnv: o.env.raw,
    ...(o.env.TRACTION_CHROMIUM ? { chromium: o.env.TRACTION_CHROMIUM } : {}),
    ...(o.env.TRACTION_TELEMETRY_KEY ? { telemetryKey: Buffer.from(o.env.TRACTION_TELEMETRY_KEY, 'hex') } : {}),
  });
  o.store.onConnectionError((e) => app.log.warn({ reason: e.message }, 'store connection lost; the next request connects anew'));
  await app.listen({ port: o.port, host: o.host });
  const scheduler =
    o.env.TRACTION_SCHEDULER === 'on'
      ? new Scheduler({
          store: o.store,
          registry: deps.jobKinds,
          workspaceRoot: deps.workspaceRoot,
          sourceEnv: o.env.raw,
          running: deps.running,
          log: (level, message, fields) => app.log[level]({ ...fields, component: 'scheduler' }, message),
        })
      : undefined;
  try {
    await scheduler?.start();
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  // Every replica runs a dispatcher: claims are leased (and on PostgreSQL skip locked rows), so they share the work.
  const interval = o.notifyIntervalSeconds ?? 5;
  const dispatcher = interval > 0 ? startDispatcher({ store: o.store, env: o.env.raw, intervalMs: interval * 1000, onError: (e) => app.log.warn({ reason: (e as Error).message }, 'notification pass failed; the next pass tries again') }) : undefined;

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      deps.draining.value = true;
      app.log.info('shutting down: finishing in-flight requests');
      await Promise.all([app.close(), scheduler?.stop()]);
      await dispatcher?.stop();
      await o.store.close();
      resolveStopped();
    })());
  return { url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`, admin, stopped, stop };
}

/** SIGTERM / SIGINT stop the server gracefully; a second signal exits at once. */
export function stopOnSignals(server: RunningServer, onForce: () => void): void {
  let received = false;
  const handler = () => {
    if (received) return onForce();
    received = true;
    void server.stop();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  void server.stopped.then(() => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  });
}
