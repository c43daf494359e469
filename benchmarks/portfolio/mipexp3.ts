import { loadHighs } from '/work/wt/portfolio/src/portfolio/load-highs.js';
import { solveMip } from '/work/wt/portfolio/src/portfolio/roadmap-mip.js';
import { syntheticRoadmap } from '/work/wt/portfolio/benchmarks/portfolio/synthetic.js';
const highs = await loadHighs();
const n = Number(process.argv[2] ?? 60);
const base = syntheticRoadmap(n, 12, 1000 + n);
const variants: Record<string, typeof base> = {
  full: base,
  noBudget: { ...base, budget: base.budget.map(() => 1e12) },
  noTeams: { ...base, teams: base.teams.map((t) => ({ ...t, capacity: 1e9 })) },
  noDeps: { ...base, items: base.items.map((i) => ({ ...i, dependsOn: [] })) },
  noDiscount: { ...base, quarterDiscount: 1 },
};
for (const [k, inst] of Object.entries(variants)) {
  const t0 = Date.now();
  const r = solveMip(inst, highs, { timeLimitSeconds: 8, relativeGap: 1e-6 });
  console.log(k, r.status, Math.round(r.objective), Math.round(r.bound), (100 * r.gap).toFixed(3) + '%', (Date.now() - t0) / 1000);
}
