// The CLI on a PostgreSQL store it cannot reach, or loses in the middle of a command: one
// line that names the store (password hidden) and asks whether PostgreSQL runs, exit code 3,
// never a stack trace. The lost-midway case runs the real binary through a TCP proxy the test
// cuts while the command's query waits inside PostgreSQL.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/store.js';
import { cli } from './support/cli.js';
import { dropSchema, PG_URL, postgresAvailable, uniqueSchema } from './support/databases.js';
import { startTcpProxy } from './support/tcp-proxy.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXIT_UNAVAILABLE = 3;

/** A local port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runBinary(args: string[], env: Record<string, string>): { exited: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'traction.js'), ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { exited: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

const ONE_LINE = (host: string, port: number) =>
  new RegExp(`^error: the store at postgres://postgres:\\*\\*\\*@${host.replace(/\./g, '\\.')}:${port}/test cannot be reached: [^\\n]+; is PostgreSQL running\\?\\n$`);

describe('a store that cannot be reached', () => {
  it('is one line naming the store without its password, and exit code 3', async () => {
    const port = await closedPort();
    const env = { TRACTION_DATABASE_URL: `postgres://postgres:s3cret-pw@127.0.0.1:${port}/test` };
    const r = await cli(['decisions'], env);
    expect(r.code).toBe(EXIT_UNAVAILABLE);
    expect(r.stderr).toMatch(ONE_LINE('127.0.0.1', port));
    expect(r.stderr).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(r.stderr).not.toContain('s3cret-pw');
    expect(r.stdout).toBe('');

    const json = await cli(['--json', 'decisions'], env);
    expect(json.code).toBe(EXIT_UNAVAILABLE);
    expect((JSON.parse(json.stdout) as { error: string }).error).toMatch(/^the store at .* cannot be reached: .*; is PostgreSQL running\?$/);

    const serve = await cli(['serve', '--port', '0'], env);
    expect(serve.code).toBe(EXIT_UNAVAILABLE);
    expect(serve.stderr).toMatch(ONE_LINE('127.0.0.1', port));
  });

  it('ends the real process with exit code 3 and no stack trace', async () => {
    const port = await closedPort();
    const r = await runBinary(['decisions'], { TRACTION_DATABASE_URL: `postgres://postgres:s3cret-pw@127.0.0.1:${port}/test` }).exited;
    expect(r.code).toBe(EXIT_UNAVAILABLE);
    expect(r.stderr).toMatch(ONE_LINE('127.0.0.1', port));
  });

  it('is the same line when the connection is lost in the middle of a command', async ({ skip }) => {
    if (!(await postgresAvailable())) skip('PostgreSQL is not available here');
    const schema = uniqueSchema('cli_lost');
    const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
    await store.close();
    const target = new URL(PG_URL);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    // Hold the decision log so the command's query waits inside PostgreSQL, mid-command, when the proxy cuts.
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`lock table "${schema}".gate_decisions in access exclusive mode`);
      const viaProxy = `postgres://postgres:s3cret-pw@127.0.0.1:${proxy.port}${target.pathname}?schema=${schema}`;
      const run = runBinary(['decisions'], { TRACTION_DATABASE_URL: viaProxy });
      const waiting = async () =>
        Number((await holder.query<{ n: string }>(`select count(*) as n from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'gate_decisions' and c.relnamespace = $1::regnamespace and not l.granted`, [schema])).rows[0]?.n) >= 1;
      for (const until = Date.now() + 30_000; !(await waiting()); ) {
        if (Date.now() > until) throw new Error('the command never reached its query');
        await new Promise((r) => setTimeout(r, 100));
      }
      proxy.cut();
      const r = await run.exited;
      expect(r.code).toBe(EXIT_UNAVAILABLE);
      expect(r.stderr).toMatch(new RegExp(`^error: the store at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port}/\\w+\\?schema=${schema} \\(schema ${schema}\\) cannot be reached: [^\\n]+; is PostgreSQL running\\?\\n$`));
      expect(r.stderr).not.toContain('s3cret-pw');
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
      await proxy.close();
      await dropSchema(schema);
    }
  });
});
