import { loadHighs } from '/work/wt/portfolio/src/portfolio/load-highs.js';
import { solveMip } from '/work/wt/portfolio/src/portfolio/roadmap-mip.js';
import { greedyPlan } from '/work/wt/portfolio/src/portfolio/roadmap-greedy.js';
import { planValue } from '/work/wt/portfolio/src/portfolio/roadmap-plan.js';
import { syntheticRoadmap } from '/work/wt/portfolio/benchmarks/portfolio/synthetic.js';
const highs = await loadHighs();
const n = Number(process.argv[2] ?? 60);
const inst = syntheticRoadmap(n, 12, 1000 + n);
console.log('greedy', planValue(inst, greedyPlan(inst).plan));
for (const tl of [Number(process.argv[3] ?? 120)]) {
  const r = solveMip(inst, highs, { timeLimitSeconds: tl, relativeGap: 1e-6 });
  console.log(tl, r.status, Math.round(r.objective), Math.round(r.bound), (100 * r.gap).toFixed(3) + '%');
}
