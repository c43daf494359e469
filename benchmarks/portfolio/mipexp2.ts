import { loadHighs } from '/work/wt/portfolio/src/portfolio/load-highs.js';
import { syntheticRoadmap } from '/work/wt/portfolio/benchmarks/portfolio/synthetic.js';
import { allowedStarts, activeQuarters, valueAt } from '/work/wt/portfolio/src/portfolio/roadmap-instance.js';
const highs = await loadHighs();
const n = Number(process.argv[2] ?? 60);
const inst = syntheticRoadmap(n, 12, 1000 + n);
const T = inst.budget.length;
// z[i,t] = started by t
const col = new Map<string, number>(); const cost: number[] = [];
const starts = new Map<string, number[]>();
for (const it of inst.items) { const s = allowedStarts(inst, it); starts.set(it.id, s); for (const t of s) { col.set(`${it.id}@${t}`, cost.length); cost.push(0); } }
const rows: { lo: number; up: number; e: Map<number, number> }[] = [];
const add = (e: Map<number, number>, c: number | undefined, v: number) => { if (c === undefined) return; e.set(c, (e.get(c) ?? 0) + v); if (e.get(c) === 0) e.delete(c); };
const z = (id: string, t: number): number | undefined => { const s = starts.get(id)!; if (s.length === 0 || t < s[0]!) return undefined; return col.get(`${id}@${Math.min(t, s[s.length - 1]!)}`); };
for (const it of inst.items) {
  const s = starts.get(it.id)!;
  s.forEach((t, k) => { const v = valueAt(inst, it, t) - (k + 1 < s.length ? valueAt(inst, it, s[k + 1]!) : 0); cost[col.get(`${it.id}@${t}`)!] = v; if (k + 1 < s.length) { const e = new Map<number, number>(); add(e, col.get(`${it.id}@${t}`), 1); add(e, col.get(`${it.id}@${s[k + 1]}`), -1); rows.push({ lo: -Infinity, up: 0, e }); } });
}
const resRow = (limit: number, use: (it: typeof inst.items[number]) => number) => (q: number) => {
  const e = new Map<number, number>();
  for (const it of inst.items) { const a = use(it) / it.duration; if (a === 0) continue; add(e, z(it.id, q), a); add(e, z(it.id, q - it.duration), -a); }
  rows.push({ lo: -Infinity, up: limit, e });
};
for (let q = 0; q < T; q++) resRow(inst.budget[q]!, (it) => it.build)(q);
for (const tm of inst.teams) for (let q = 0; q < T; q++) resRow(tm.capacity, (it) => (it.team === tm.id ? it.effort : 0))(q);
for (const b of inst.items) for (const d of b.dependsOn) { const a = inst.items.find((i) => i.id === d)!; for (const t of starts.get(b.id)!) { const e = new Map<number, number>(); add(e, col.get(`${b.id}@${t}`), 1); add(e, z(a.id, t - a.duration), -1); rows.push({ lo: -Infinity, up: 0, e }); } }
const st = [0]; const ix: number[] = []; const vs: number[] = [];
for (const r of rows) { for (const [c, v] of [...r.e].sort((x, y) => x[0] - y[0])) { ix.push(c); vs.push(v); } st.push(ix.length); }
const model = { numCols: cost.length, numRows: rows.length, sense: highs.constants.objectiveSense.maximize, colCost: cost, colLower: cost.map(() => 0), colUpper: cost.map(() => 1), rowLower: rows.map(() => -highs.infinity), rowUpper: rows.map((r) => r.up), matrix: { format: 'csr' as const, numRows: rows.length, numCols: cost.length, starts: st, indices: ix, values: vs }, integrality: cost.map(() => 1 as const) };
const m = highs.createModel(); m.passModel(model); m.options.set({ output_flag: false, time_limit: Number(process.argv[3] ?? 20), mip_rel_gap: 1e-6 });
const t0 = Date.now(); const r = m.run();
console.log('z-form', r.modelStatus, m.getObjectiveValue(), m.info.get('mip_dual_bound'), (Date.now() - t0) / 1000, 's');
