// `npm run bench:startup`: how long the `traction` binary takes to start, as a person runs it
// (bin/traction.js, its bundle already built): the median of 5 runs each of `traction --help`
// (target <= 0.3 s) and `traction status` on a copy of the Northwind example with its store
// applied (target <= 0.6 s), against a floor, `node -e 0`, measured in the same rounds (the
// three are interleaved, so a busy machine slows all three alike). The targets are wall clock;
// each process also reports its own CPU time (cpu-usage.mjs, preloaded into all three alike),
// the figure to trust on a loaded machine. Both are printed as ratios to the floor.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/traction.js');
const RUNS = 5;
const env = { ...process.env, TRACTION_DATABASE_URL: '', NO_COLOR: '1' };
const CPU_REPORT = pathToFileURL(path.join(import.meta.dirname, 'cpu-usage.mjs')).href;

/** Wall-clock and CPU seconds of one process. */
function run(args: string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_REPORT, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(String(r.output[3]).trim()) / 1e6;
  if (!Number.isFinite(cpu) || cpu <= 0) throw new Error(`${args.join(' ')} reported no CPU time`);
  return { wall, cpu };
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
    { name: 'floor', label: 'node -e 0', args: ['-e', '0'], target: undefined, before: undefined },
    { name: 'help', label: 'traction --help', args: [BIN, '--help'], target: 0.3, before: undefined },
    { name: 'status', label: 'traction status (Northwind)', args: [BIN, 'status', '-w', ws], target: 0.6, before: undefined },
    // The first status after a change to a use case or the config simulates its NPV again (no target; shown for honesty).
    { name: 'cold', label: 'status, NPV cache emptied', args: [BIN, 'status', '-w', ws], target: undefined, before: () => rmSync(path.join(ws, '.traction/cache'), { recursive: true, force: true }) },
  ];
  const times = new Map(cases.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      c.before?.();
      const t = run(c.args);
      times.get(c.name)!.wall.push(t.wall);
      times.get(c.name)!.cpu.push(t.cpu);
    }
  }

  const floor = { wall: median(times.get('floor')!.wall), cpu: median(times.get('floor')!.cpu) };
  console.log(`traction start-up: median of ${RUNS} runs; ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)}`);
  console.log(`  ${''.padEnd(30)} ${'wall'.padStart(7)}  ${'x floor'.padStart(7)}  ${'CPU'.padStart(7)}  ${'x floor'.padStart(7)}  target (wall)`);
  let failures = 0;
  for (const c of cases) {
    const wall = median(times.get(c.name)!.wall);
    const cpu = median(times.get(c.name)!.cpu);
    const verdict = c.target === undefined ? (c.name === 'floor' ? 'floor' : '') : `<= ${c.target.toFixed(1)} s  ${wall <= c.target ? 'PASS' : 'FAIL'}`;
    if (c.target !== undefined && wall > c.target) failures += 1;
    const cols = [`${wall.toFixed(3)} s`, `${(wall / floor.wall).toFixed(2)}x`, `${cpu.toFixed(3)} s`, `${(cpu / floor.cpu).toFixed(2)}x`];
    console.log(`  ${c.label.padEnd(30)} ${cols.map((x) => x.padStart(7)).join('  ')}  ${verdict}`);
  }
  process.exitCode = failures > 0 ? 1 : 0;
} finally {
  rmSync(ws, { recursive: true, force: true });
}
