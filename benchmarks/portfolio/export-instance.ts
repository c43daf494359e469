// Writes a synthetic roadmap instance of `bench:portfolio`, with the local search's plan, as
// JSON for `roadmap_bounds.py`: `npx tsx benchmarks/portfolio/export-instance.ts 60 out.json [moves]`.
import { writeFileSync } from 'node:fs';
import { greedyPlan } from '../../src/portfolio/roadmap-greedy.js';
import { planValue } from '../../src/portfolio/roadmap-plan.js';
import { searchPlan } from '../../src/portfolio/roadmap-search.js';
import { seededRandom } from '../../src/portfolio/random.js';
import { syntheticRoadmap } from './synthetic.js';

const [n, out, moves] = [Number(process.argv[2] ?? 60), process.argv[3] ?? `roadmap-${process.argv[2] ?? 60}.json`, Number(process.argv[4] ?? 1_000_000)];
const instance = syntheticRoadmap(n, 12, 1000 + n); // the seed bench.ts uses
const plan = searchPlan(instance, greedyPlan(instance).plan, seededRandom(1), { iterations: moves });
writeFileSync(out, JSON.stringify({ ...instance, plan: Object.fromEntries(plan) }));
console.log(`${out}: ${n} use cases, local search (${moves.toLocaleString('en-US')} moves) plan worth ${Math.round(planValue(instance, plan)).toLocaleString('en-US')}`);
