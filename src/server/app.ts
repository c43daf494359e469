// Builds the HTTP app over an open store: API routes, auth, OpenAPI and docs, the built
// dashboard. Listening is server.ts's job, so tests run the whole app in-process with
// `app.inject()`. The app keeps no state a replica would need to share: sessions, tokens
// and login attempts live in the store.
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/store.js';
import { authorize, CSRF_HEADER, resolveRequest, type Principal, type RouteAccess } from './auth/principal.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/login.js';
import { registerErrorHandling } from './errors.js';
import { loggerOptions, requestId, type LogDestination } from './logger.js';
import { registerOpenApi } from './openapi.js';
import { requestLookups, type RequestLookups } from './request-lookups.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { tokenRoutes } from './routes/tokens.js';
import { evidenceRoutes } from './routes/evidence.js';
import { useCaseRoutes } from './routes/use-cases.js';
import { proposalRoutes } from './routes/proposals.js';
import { userRoutes } from './routes/users.js';
import { workspaceRoutes } from './routes/workspace.js';
import { UseCaseList } from './use-case-list.js';
import { PortfolioCache } from './portfolio-cache.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { readinessRoutes } from './routes/readiness.js';
import { reportRoutes } from './routes/report.js';
import { benchRoutes } from './routes/bench.js';
import { gateRoutes } from './routes/gates.js';
import { impactRoutes } from './routes/impact.js';
import { importRoutes } from './routes/imports.js';
import { usageRoutes } from './routes/usage.js';
import { pulseRoutes } from './routes/pulse.js';
import { telemetryRoutes } from './routes/telemetry.js';
import { assessmentRoutes } from './routes/assessment.js';
import { templateRoutes } from './routes/templates.js';
import { inboxRoutes } from './routes/inbox.js';
import { commentRoutes } from './routes/comments.js';
import { fundingRoutes } from './routes/funding.js';
import { jobRoutes } from './routes/jobs.js';
import { defaultJobKinds } from '../jobs/builtin-kinds.js';
import type { JobRegistry } from '../jobs/job-kinds.js';
import { notificationRoutes } from './routes/notifications.js';
import { hideProposalsFromOthers } from './proposal-visibility.js';
import { idempotentWrites } from './idempotency.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The store's fingerprint, read with the principal, on routes that ask for it (`config.fingerprint`). */
    fingerprint: string | undefined;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The handler validates a cached answer with the store's fingerprint: read it in the principal's round trip. */
    fingerprint?: boolean;
  }
}

export interface AppOptions {
  store: Store;
  now?: () => Date;
  logLevel?: string;
  logDestination?: LogDestination;
  /** The built dashboard (web/dist); omitted in API-only tests. */
  webDir?: string;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  secureCookies?: boolean;
  sessionHours?: number;
  loginLimits?: LoginLimits;
  /**
   * Proxies whose X-Forwarded-For is believed (addresses, CIDRs, as Fastify's trustProxy
   * takes them; TRACTION_TRUST_PROXY). Default: none, so `request.ip` is the socket peer.
   */
  trustProxy?: string[];
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The workspace folder file sources resolve against (readiness runs); default: the current directory. */
  workspaceRoot?: string;
  /** The environment `${env:NAME}` references in sources resolve from (readiness runs). */
  sourceEnv?: Record<string, string | undefined>;
  /** The key user ids are pseudonymised with (TRACTION_TELEMETRY_KEY); default: one kept in the store. */
  telemetryKey?: Uint8Array;
  /** The job kinds the jobs routes list and run; default: the ones Traction ships. */
  jobKinds?: JobRegistry;
  /** The Chromium the PDF report is printed with (TRACTION_CHROMIUM); default /usr/bin/chromium. */
  chromium?: string;
}

export interface AppDeps {
  store: Store;
  /** The principal (and the store's fingerprint) for each request, in one round trip (request-lookups.ts). */
  lookups: RequestLookups;
  now: () => Date;
  secureCookies: boolean;
  sessionHours: number;
  loginLimits: LoginLimits;
  useCaseList: UseCaseList;
  portfolio: PortfolioCache;
  workspaceRoot: string;
  sourceEnv: Record<string, string | undefined>;
  /** The Chromium executable for the PDF report; undefined: /usr/bin/chromium. */
  chromium: string | undefined;
  /** Long jobs running on this replica (e.g. `readiness`), so a second one is refused. */
  running: Set<string>;
  /** The registry of scheduled job kinds (src/jobs). */
  jobKinds: JobRegistry;
  /** Set when the server is shutting down, so readiness fails and the balancer stops sending. */
  draining: { value: boolean };
  /** Every route as registered, with the access it states (the permission tests are generated from it). */
  routes: RegisteredRoute[];
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

export type ZodApp = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? 'info', options.logDestination),
    genReqId: requestId,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    forceCloseConnections: 'idle',
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const deps: AppDeps = {
    store: options.store,
    lookups: requestLookups(options.store),
    now: options.now ?? (() => new Date()),
    secureCookies: options.secureCookies ?? false,
    sessionHours: options.sessionHours ?? 12,
    loginLimits: options.loginLimits ?? DEFAULT_LOGIN_LIMITS,
    useCaseList: new UseCaseList(),
    portfolio: new PortfolioCache(options.workspaceRoot ?? process.cwd()),
    workspaceRoot: options.workspaceRoot ?? process.cwd(),
    sourceEnv: options.sourceEnv ?? {},
    chromium: options.chromium,
    running: new Set(),
    jobKinds: options.jobKinds ?? defaultJobKinds(),
    draining: { value: false },
    routes: [],
  };
  deps.store = idempotentWrites(app, deps.store, deps.now);

  const dashboard = options.webDir && existsSync(path.join(options.webDir, 'index.html')) ? options.webDir : undefined;
  registerErrorHandling(app, dashboard ? (_request, reply) => reply.header('content-security-policy', CSP).header('cache-control', 'no-cache').sendFile('index.html') : undefined);
  await app.register(fastifyCookie);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('fingerprint', undefined);
  app.addHook('onClose', () => deps.lookups.close());
  requireAccessOnApiRoutes(app, deps.routes);
  app.addHook('onRequest', async (request) => {
    const { access, fingerprint } = request.routeOptions.config;
    if (!access) return;
    if (access.public) {
      request.principal = (await resolveRequest(deps.lookups, request, deps.now(), false).catch(() => undefined))?.principal;
      return;
    }
    ({ principal: request.principal, fingerprint: request.fingerprint } = await resolveRequest(deps.lookups, request, deps.now(), fingerprint === true));
    const csrf = request.headers[CSRF_HEADER];
    authorize(request.principal, access, request.method, typeof csrf === 'string' ? csrf : undefined);
  });
  hideProposalsFromOthers(app, deps.store);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!request.url.startsWith('/api/docs')) reply.header('x-frame-options', 'DENY');
  });

  await registerOpenApi(app);
  await app.register(async (api) => {
    await healthRoutes(api, deps);
    await authRoutes(api, deps);
    await userRoutes(api, deps);
    await tokenRoutes(api, deps);
    await workspaceRoutes(api, deps);
    await useCaseRoutes(api, deps);
    await proposalRoutes(api, deps);
    await templateRoutes(api, deps);
    await evidenceRoutes(api, deps);
    await portfolioRoutes(api, deps);
    await fundingRoutes(api, deps);
    await jobRoutes(api, deps);
    await readinessRoutes(api, deps);
    await benchRoutes(api, deps);
    await gateRoutes(api, deps);
    await impactRoutes(api, deps);
    await usageRoutes(api, deps);
    await pulseRoutes(api, deps);
    await auditRoutes(api, deps);
    await telemetryRoutes(api, deps, options.telemetryKey);
    await assessmentRoutes(api, deps);
    await inboxRoutes(api, deps);
    await commentRoutes(api, deps);
    await importRoutes(api, deps);
    await reportRoutes(api, deps);
    await notificationRoutes(api, deps);
  });
  await serveDashboard(app, dashboard);
  return { app, deps };
}

/** Default deny: an /api route that forgets to state its access fails at start, not in production. */
function requireAccessOnApiRoutes(app: FastifyInstance, routes: RegisteredRoute[]): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access: config?.access });
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!config?.access) throw new Error(`route ${String(route.method)} ${route.url} states no access (config.access)`);
  });
}

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

async function serveDashboard(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (!webDir) {
    app.get('/', { schema: { hide: true }, config: { access: { public: true } } }, async (_req, reply) =>
      reply.type('text/plain').send('The dashboard is not built: run `npm run build:web`, then restart. The API is at /api (docs: /api/docs).'),
    );
    return;
  }
  // The build writes each script and style sheet beside itself as .br and .gz (web/vite.config.ts);
  // `preCompressed` sends the one the browser accepts. Hashed names under /assets never change, so
  // browsers keep them a year; index.html (which names them) is revalidated on every visit.
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: true,
    preCompressed: true,
    cacheControl: false, // set below, per file
    index: ['index.html'],
    setHeaders: (res, file) => {
      res.setHeader('content-security-policy', CSP);
      // Vite names built assets by content hash, so they never change under a name.
      res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
