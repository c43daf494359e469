// The same-bytes floor of `npm run bench:cluster` (benchmarks/cluster/same-bytes-server.mjs): bare
// servers behind the balancer must answer with exactly the bytes and headers they were given, so
// the benchmark compares the replicas with servers sending what they send, and nothing more.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { haproxyAvailable, rawGet, startCluster, type Cluster } from '../../scripts/cluster.js';
import { IN_CI } from '../support/databases.js';

const SERVER = path.resolve('benchmarks/cluster/same-bytes-server.mjs');

describe('the same-bytes floor of bench:cluster', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-same-bytes-'));
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('two bare servers behind the balancer answer every GET with the given bytes and headers, byte for byte', async ({ skip }) => {
    if (!haproxyAvailable()) {
      if (IN_CI) throw new Error('HAProxy is required under CI (apt-get install haproxy; .ci/run installs it)');
      return skip('HAProxy is not installed (apt-get install haproxy)');
    }
    const body = gzipSync(Buffer.from(JSON.stringify({ use_cases: Array.from({ length: 200 }, (_, i) => ({ id: `uc-${i}`, score: i / 7 })) })));
    const file = path.join(dir, 'answer.gz');
    writeFileSync(file, body);
    const headers = { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', etag: 'W/"abc"', vary: 'accept-encoding', 'cache-control': 'private, no-cache' };
    cluster = await startCluster({ replicas: 2, workspace: dir, databaseUrl: 'unused', server: (port) => [SERVER, '--port', String(port), '--body', file, '--headers', JSON.stringify(headers)] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => rawGet(`${cluster!.url}/api/portfolio`, { 'accept-encoding': 'gzip' })));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.equals(body)).toBe(true);
      for (const [name, value] of Object.entries(headers)) expect(a.headers[name]).toBe(value);
      expect(a.headers['content-length']).toBe(String(body.length));
    }
    // The balancer checks /api/ready; both servers are in.
    expect(Object.values((await cluster.stats()).status)).toEqual(['UP', 'UP']);
    expect(await cluster.signal(0, 'SIGTERM')).toBe(0);
  }, 60_000);

  it('refuses to start without the answer to serve, with a one-line error', () => {
    const r = spawnSync(process.execPath, [SERVER, '--port', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('same-bytes-server: --body: the file holding the answer is required');
    const missing = spawnSync(process.execPath, [SERVER, '--body', path.join(dir, 'absent')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^same-bytes-server: --body .*absent: ENOENT/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
