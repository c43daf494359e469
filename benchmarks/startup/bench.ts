// `npm run bench:startup`: how long the `traction` binary takes to start, as a person runs it
// (bin/traction.js, its bundle already built): the median of 5 runs each of `traction --help`
// (target <= 0.3 s) and `traction status` on a copy of the Northwind example with its store
// applied (target <= 0.6 s), against a floor, `node -e 0`, measured in the same rounds (the
// three are interleaved, so a busy machine slows all three alike). Wall clock on this machine.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/traction.js');
const RUNS = 5;
const env = { ...process.env, TRACTION_DATABASE_URL: '', NO_COLOR: '1' };

function run(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const ws = mkdtempSync(path.join(tmpdir(), 'traction-startup-'));
try {
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources']) cpSync(path.join(ROOT, 'examples/northwind', part), path.join(ws, part), { recursive: true });
  run([BIN, 'apply', '-w', ws]); // also builds the bundle when a source is newer
  run([BIN, 'status', '-w', ws]); // warm the file cache
  const cases = [
    { name: 'floor', label: 'node -e 0', args: ['-e', '0'], target: undefined },
    { name: 'help', label: 'traction --help', args: [BIN, '--help'], target: 0.3 },
    { name: 'status', label: 'traction status (Northwind)', args: [BIN, 'status', '-w', ws], target: 0.6 },
  ];
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c.name)!.push(run(c.args));

  const floor = median(times.get('floor')!);
  console.log(`traction start-up: median of ${RUNS} runs; ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`);
  let failures = 0;
  for (const c of cases) {
    const m = median(times.get(c.name)!);
    const vsTarget = c.target === undefined ? 'floor' : `target <= ${c.target.toFixed(1)} s  ${m <= c.target ? 'PASS' : 'FAIL'}`;
    const overFloor = c.target === undefined ? '' : `  floor + ${(m - floor).toFixed(3)} s`;
    if (c.target !== undefined && m > c.target) failures += 1;
    console.log(`  ${c.label.padEnd(30)} ${m.toFixed(3)} s  ${vsTarget}${overFloor}`);
  }
  process.exitCode = failures > 0 ? 1 : 0;
} finally {
  rmSync(ws, { recursive: true, force: true });
}
