// Load generator capacity: requests per second of `traction bench run` against a local
// nginx serving a fixed JSON body, next to wrk and autocannon at the same concurrency, in
// one run. Targets: >= 50% of wrk, >= autocannon. Not a test; run with `npm run bench:loadgen`
// (needs `apt-get install -y wrk nginx`). Options: --concurrency N --duration S --rounds N.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { concurrency: { type: 'string', default: '64' }, duration: { type: 'string', default: '8' }, rounds: { type: 'string', default: '2' } } });
const C = Number(values.concurrency);
const D = Number(values.duration);
const ROUNDS = Number(values.rounds);
const BODY = '{"ok":true,"model":"fixed"}';

function need(cmd: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`${cmd} is not installed: apt-get install -y wrk nginx`);
    process.exit(2);
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startNginx(dir: string, port: number) {
  for (const sub of ['logs', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000; keepalive_timeout 120s;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${port}; location / { default_type application/json; return 200 '${BODY}'; } }
}`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'inherit' });
  for (let i = 0; i < 50; i++) {
    if (await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('nginx did not start; see the error log in ' + dir);
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const tools: Record<string, (url: string, dir: string) => number> = {
  'wrk -t1': (url) => Number(/Requests\/sec:\s+([\d.]+)/.exec(run('wrk', ['-t1', `-c${C}`, `-d${D}s`, url]))?.[1]),
  'wrk -t2': (url) => Number(/Requests\/sec:\s+([\d.]+)/.exec(run('wrk', ['-t2', `-c${C}`, `-d${D}s`, url]))?.[1]),
  autocannon: (url) => JSON.parse(run('node_modules/.bin/autocannon', ['-j', '-c', String(C), '-d', String(D), url])).requests.average as number,
  'traction bench run': (url, dir) => {
    const tpl = path.join(dir, 'get.json');
    writeFileSync(tpl, JSON.stringify({ method: 'GET' }));
    const out = run('node', ['bin/traction.js', '--json', 'bench', 'run', '--url', url, '--template', tpl, '--concurrency', String(C), '--duration', String(D), '--out', path.join(dir, 'results')]);
    const step = JSON.parse(out).steps[0];
    if (step.requests.failed > 0) throw new Error(`traction bench run: ${step.requests.failed} requests failed: ${JSON.stringify(step.errors)}`);
    return step.requests.completed / step.elapsed_s;
  },
};

need('wrk');
need('nginx');
const dir = mkdtempSync(path.join(tmpdir(), 'traction-loadgen-'));
const port = await freePort();
const nginx = await startNginx(dir, port);
const url = `http://127.0.0.1:${port}/`;
try {
  console.log(`target: nginx (1 worker) on ${url}, fixed ${BODY.length}-byte JSON body; concurrency ${C}, ${D} s per run, best of ${ROUNDS} rounds`);
  const best: Record<string, number> = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, measure] of Object.entries(tools)) {
      const rps = measure(url, dir);
      console.log(`  round ${round}  ${name.padEnd(20)} ${rps.toFixed(0).padStart(8)} req/s`);
      best[name] = Math.max(best[name] ?? 0, rps);
    }
  }
  const ours = best['traction bench run'] as number;
  const wrk = Math.max(best['wrk -t1'] ?? 0, best['wrk -t2'] ?? 0);
  const ac = best.autocannon as number;
  console.log('\ntool                  req/s   traction / tool');
  for (const [name, rps] of Object.entries(best)) console.log(`${name.padEnd(20)} ${rps.toFixed(0).padStart(7)}   ${(ours / rps).toFixed(2)}`);
  console.log(`\ntraction / best wrk = ${(ours / wrk).toFixed(2)} (target >= 0.50): ${ours / wrk >= 0.5 ? 'met' : 'MISSED'}`);
  console.log(`traction / autocannon = ${(ours / ac).toFixed(2)} (target >= 1.00): ${ours / ac >= 1 ? 'met' : 'MISSED'}`);
} finally {
  nginx.kill('SIGTERM');
}
