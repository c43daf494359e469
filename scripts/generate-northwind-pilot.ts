// Writes the Northwind pilot's experiment and KPI history (deterministic, seeded):
//   examples/northwind/experiments/customer-service-assistant.csv  one row per ticket of the
//     six-week pilot, randomised per ticket between drafting off (control) and on (treatment);
//   examples/northwind/kpis/customer-service-assistant.csv  weekly KPI values with the
//     baseline recorded before the pilot.
// Run: npm run example:pilot [-- --out DIR] (default: the example workspace). The numbers are invented but shaped like a help desk:
// log-normal handle times that depend on the ticket's category and the agent's speed, a
// pre-period covariate for CUPED (the agent's average on that category in the eight weeks
// before the pilot), and a 1-5 satisfaction rating.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const outArg = process.argv[process.argv.indexOf('--out') + 1];
const root = process.argv.includes('--out') && outArg ? path.resolve(outArg) : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'northwind');
const USE_CASE = 'customer-service-assistant';
const rng = xoroshiro128plus(20260706);
const uniform = () => uniformFloat64(rng);
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());

/** Log-normal draw with the given mean and standard deviation. */
function logNormal(mean: number, sd: number): number {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * normal());
}

function rating(weights: number[]): number {
  let u = uniform();
  for (const [i, w] of weights.entries()) if ((u -= w) < 0) return i + 1;
  return weights.length;
}

const AGENTS = [0.86, 0.92, 0.98, 1.02, 1.06, 1.1, 1.16, 1.24].map((speed, i) => ({ id: `venlo-${i + 1}`, speed }));
const CATEGORIES = [
  { id: 'delivery', share: 0.4, minutes: 7.5 },
  { id: 'invoice', share: 0.25, minutes: 10.5 },
  { id: 'return', share: 0.2, minutes: 14.5 },
  { id: 'technical', share: 0.15, minutes: 19 },
];
const TICKETS = 3600;
const DRAFTING_EFFECT = 0.79; // drafted replies take ~21% less time
const CSAT_CONTROL = [0.04, 0.06, 0.12, 0.33, 0.45];
const CSAT_TREATMENT = [0.04, 0.06, 0.115, 0.33, 0.455];

function experimentRows(): string[] {
  const rows = ['ticket,arm,agent,category,handle-time,pre_handle_time,csat']; // metric columns named like the KPIs
  for (let i = 0; i < TICKETS; i++) {
    const agent = AGENTS[Math.floor(uniform() * AGENTS.length)]!;
    const category = CATEGORIES[rating(CATEGORIES.map((c) => c.share)) - 1]!;
    const arm = uniform() < 0.5 ? 'control' : 'treatment';
    // The agent's pre-period average on this category: their usual time, measured with noise.
    const usual = agent.speed * category.minutes;
    const pre = usual * (1 + 0.05 * normal());
    const minutes = logNormal(usual * (arm === 'treatment' ? DRAFTING_EFFECT : 1), usual * 0.35);
    const csat = rating(arm === 'treatment' ? CSAT_TREATMENT : CSAT_CONTROL);
    rows.push(`T-${String(260706 + i)},${arm},${agent.id},${category.id},${minutes.toFixed(2)},${pre.toFixed(2)},${csat}`);
  }
  return rows;
}

function kpiRows(): string[] {
  const rows = ['use_case,kpi,at,value,baseline'];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  // Weekly help-desk reports from May to mid-November 2026; the pilot starts 2026-07-06,
  // drafting reaches every Venlo agent on 2026-08-17.
  for (let t = Date.UTC(2026, 4, 4); t <= Date.UTC(2026, 10, 9); t += 7 * 86_400_000) {
    const d = new Date(t);
    const level = t < Date.UTC(2026, 6, 6) ? 11.5 : t < Date.UTC(2026, 7, 17) ? 10.4 : 9.6 - ((t - Date.UTC(2026, 7, 17)) / 86_400_000) * 0.004;
    rows.push(`${USE_CASE},handle-time,${day(d)},${(level + 0.18 * normal()).toFixed(2)},`);
    rows.push(`${USE_CASE},csat,${day(d)},${(4.1 + 0.04 * normal()).toFixed(2)},`);
  }
  // The baseline the team recorded before the pilot: the mean of May and June.
  rows.push(`${USE_CASE},handle-time,2026-06-30,11.50,yes`);
  rows.push(`${USE_CASE},csat,2026-06-30,4.10,yes`);
  return rows;
}

for (const [folder, rows] of [
  ['experiments', experimentRows()],
  ['kpis', kpiRows()],
] as const) {
  mkdirSync(path.join(root, folder), { recursive: true });
  const file = path.join(root, folder, `${USE_CASE}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  console.log(`wrote ${rows.length - 1} rows to ${path.relative(process.cwd(), file)}`);
}
