// A private ClickHouse server for the tests of the ClickHouse connector: Debian's
// `clickhouse-server` (bookworm ships 18.16) started as a child process on free loopback
// ports, with its own configuration and data folder under the system's temporary folder,
// stopped (and its folder removed) by `stop()`. Its cluster `traction_two_shards` has two
// shards on the one server, each shard a database of its own (`shard1`, `shard2`), so a
// Distributed table over them reads both through the cluster machinery as on a real cluster.
// Outside CI a machine without clickhouse-server skips these tests with the reason; under
// CI=true a missing server is a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IN_CI } from './databases.js';

export const CLICKHOUSE_SERVER_BIN = process.env.TRACTION_TEST_CLICKHOUSE_SERVER ?? '/usr/bin/clickhouse-server';
export const CLUSTER = 'traction_two_shards';

/** Why the ClickHouse tests are skipped here, or '' when they can run (never skipped under CI). */
export function clickhouseSkipReason(): string {
  const alt = '/usr/sbin/clickhouse-server';
  if (existsSync(CLICKHOUSE_SERVER_BIN) || existsSync(alt)) return '';
  const reason = `${CLICKHOUSE_SERVER_BIN} is not installed (apt-get install clickhouse-server)`;
  if (IN_CI) throw new Error(`ClickHouse is required under CI but ${reason}`);
  console.warn(`skipping ClickHouse tests: ${reason}`);
  return reason;
}

function serverBinary(): string {
  return existsSync(CLICKHOUSE_SERVER_BIN) ? CLICKHOUSE_SERVER_BIN : '/usr/sbin/clickhouse-server';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function config(dir: string, httpPort: number, tcpPort: number): string {
  const replica = (db: string) => `<shard><replica><host>127.0.0.1</host><port>${tcpPort}</port><default_database>${db}</default_database></replica></shard>`;
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${xml(dir)}/server.log</log><errorlog>${xml(dir)}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_concurrent_queries>32</max_concurrent_queries>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <path>${xml(dir)}/data/</path>
  <tmp_path>${xml(dir)}/tmp/</tmp_path>
  <user_files_path>${xml(dir)}/user_files/</user_files_path>
  <format_schema_path>${xml(dir)}/format_schemas/</format_schema_path>
  <users_config>${xml(dir)}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <remote_servers><${CLUSTER}>${replica('shard1')}${replica('shard2')}</${CLUSTER}></remote_servers>
</yandex>
`;
}

// `default` is the tests' administrator (set-up, observation); `reader` is what a company would
// give Traction: a user whose profile is read-only (readonly=2 lets the connection still set its
// limits per query). `strict` has readonly=1, which forbids those limits.
const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>1000000000</max_memory_usage></default>
    <reader><readonly>2</readonly><max_memory_usage>1000000000</max_memory_usage></reader>
    <strict><readonly>1</readonly></strict>
  </profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <reader><password>reader</password><networks><ip>127.0.0.1</ip></networks><profile>reader</profile><quota>default</quota></reader>
    <strict><password>strict</password><networks><ip>127.0.0.1</ip></networks><profile>strict</profile><quota>default</quota></strict>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

export interface ClickhouseServer {
  /** http://127.0.0.1:PORT, the HTTP interface the official client speaks. */
  url: string;
  /** The connection URL of the read-only `reader` account (what a source's `connection` holds). */
  readerUrl: string;
  httpPort: number;
  tcpPort: number;
  /** Runs one statement as the administrator; rejects with the server's message. */
  exec(sql: string): Promise<string>;
  /** Rows of a SELECT as the administrator (JSONEachRow), to observe what a test did or did not change. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Whether the server still answers its /ping. */
  alive(): Promise<boolean>;
  /**
   * A Distributed table `default.<name>` over `shard1.<name>` and `shard2.<name>`, the rows
   * dealt to the two shards in turn (so both hold data). `columns` are ClickHouse column
   * definitions; `rows` are SQL literal tuples' inner text, one per row.
   */
  distributedTable(name: string, columns: string, rows: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startClickhouse(): Promise<ClickhouseServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-clickhouse-'));
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(path.join(dir, sub));
  const httpPort = await freePort();
  let tcpPort = await freePort();
  while (tcpPort === httpPort) tcpPort = await freePort();
  writeFileSync(path.join(dir, 'config.xml'), config(dir, httpPort, tcpPort));
  writeFileSync(path.join(dir, 'users.xml'), USERS);
  const child: ChildProcess = spawn(serverBinary(), [`--config-file=${path.join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${httpPort}`;
  const ping = async () => {
    try {
      const r = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      return r.ok;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 30_000;
  while (!(await ping())) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`clickhouse-server did not start on port ${httpPort}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exec = async (sql: string) => {
    const r = await fetch(`${url}/?insert_distributed_sync=1`, { method: 'POST', body: sql });
    const text = await r.text();
    if (!r.ok) throw new Error(`clickhouse: ${text.trim()}`);
    return text;
  };
  await exec('create database shard1');
  await exec('create database shard2');
  return {
    url,
    readerUrl: `http://reader:reader@127.0.0.1:${httpPort}`,
    httpPort,
    tcpPort,
    exec,
    async rows(sql) {
      const text = await exec(`${sql} format JSONEachRow`);
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    alive: ping,
    async distributedTable(name, columns, rows) {
      const q = `\`${name.replace(/`/g, '\\`')}\``;
      for (const db of ['shard1', 'shard2']) await exec(`create table ${db}.${q} (${columns}) engine = MergeTree order by tuple()`);
      await exec(`create table default.${q} (${columns}) engine = Distributed(${CLUSTER}, '', ${q})`);
      const parts: [string[], string[]] = [[], []];
      rows.forEach((r, i) => parts[i % 2]!.push(`(${r})`));
      for (const [i, db] of ['shard1', 'shard2'].entries()) if (parts[i]!.length) await exec(`insert into ${db}.${q} values ${parts[i]!.join(', ')}`);
    },
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
