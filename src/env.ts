// The one module that reads environment variables, validated once at start. Everything
// else receives what it needs from here as arguments.
import { isIP } from 'node:net';
import { z } from 'zod';

// Names proxy-addr (Fastify's trustProxy) understands besides addresses and CIDRs.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of TRACTION_TRUST_PROXY: an IPv4/IPv6 address, a CIDR, or a named range. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const envSchema = z.object({
  TRACTION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  TRACTION_ACTOR: z.string().min(1).optional(),
  USER: z.string().optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
  CI: z.string().optional(),
  TRACTION_ADMIN_USERNAME: z.string().regex(/^[a-z][a-z0-9._-]{1,63}$/, 'a lower-case username').default('admin'),
  TRACTION_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  TRACTION_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRACTION_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  TRACTION_SESSION_HOURS: z.coerce.number().positive().max(720).default(12),
  TRACTION_DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^[0-9.]+ *[KMGT]i?B$/i, 'a size such as 1GB or 512MB')
    .default('1GB')
    .describe('memory DuckDB may use for file datasets before it spills to a temporary folder'),
  // Off unless listed: only a request whose socket peer is one of these proxies may name the
  // client in X-Forwarded-For; anyone else could pick their own address and so dodge the
  // per-address login lockout and forge the logs.
  TRACTION_TRUST_PROXY: z
    .string()
    .transform((s) => s.split(',').map((e) => e.trim()).filter((e) => e !== ''))
    .superRefine((list, ctx) => {
      const bad = list.length === 0 ? '' : list.find((e) => !isProxyEntry(e));
      if (bad !== undefined)
        ctx.addIssue({ code: 'custom', message: `${bad ? `"${bad}" is not` : 'expected'} a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16), or loopback, linklocal, uniquelocal` });
    })
    .optional(),
  TRACTION_TELEMETRY_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64,}$/, 'at least 32 bytes as hex (e.g. the output of `openssl rand -hex 32`)')
    .optional()
    .describe('the key telemetry user ids are pseudonymised with; default: one generated and kept in the store'),
  TRACTION_SCHEDULER: z
    .enum(['on', 'off'])
    .default('on')
    .describe('whether `traction serve` runs scheduled jobs (off: replicas that only answer requests; docs/jobs.md)'),
  TRACTION_CHROMIUM: z.string().min(1).optional().describe('the Chromium (or Chrome) executable the PDF report is printed with; default /usr/bin/chromium'),
  TRACTION_TEST_PG_URL: z.string().optional(),
  TRACTION_TEST_MYSQL_URL: z.string().optional(),
});

export type TractionEnv = z.infer<typeof envSchema> & {
  /** Who the CLI acts as, for the audit log. */
  actor: string;
  /** The whole environment, for resolving `${env:NAME}` references in sources only. */
  raw: Record<string, string | undefined>;
};

export class EnvError extends Error {}

export function readEnv(raw: Record<string, string | undefined> = process.env): TractionEnv {
  // An empty variable counts as unset (`TRACTION_DATABASE_URL= traction ...`).
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvError(`environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return { ...parsed.data, actor: parsed.data.TRACTION_ACTOR ?? parsed.data.USER ?? 'cli', raw };
}
