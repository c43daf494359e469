// The roadmap as a mixed-integer program, solved exactly by HiGHS (WebAssembly).
//   x[i,t] = 1 if use case i starts in quarter t (only starts that finish inside the plan).
//   max  sum v_i d^t x[i,t]                       value discounted by start quarter
//   s.t. sum_t x[i,t] <= 1   (= 1 for must-do and in-progress items)
//        budget[q]:   sum_{i,t active in q} (build_i / dur_i) x[i,t] <= B_q
//        team[k,q]:   sum_{i of k, t active in q} (effort_i / dur_i) x[i,t] <= C_k
//        B after A:   for every t, sum_{s<=t} x[B,s] <= sum_{s<=t-dur_A} x[A,s]
// With skill demand (roadmap-buy.ts), integer y[o,q] = units of capacity option o bought in
// quarter q (q >= its lead time; 0..max_units; a hire's units count from q to the end):
//   max  ... - sum c_oq y[o,q]                     c_oq: the unit's discounted cost
//        budget[q]:   ... + sum_{o active in q} price_o y[o,s] <= B_q
//        skill[k,q]:  sum_{i,t active in q} (demand_ik / dur_i) x[i,t] - sum_{o of k active in q} pw_o y[o,s] <= S_k
//        hire o:      sum_q y[o,q] <= max_units_o
// The precedence rows are the time-indexed (disaggregated) form, whose LP relaxation is far
// tighter than a big-M on start times (Pritsker, Watters & Wolfe 1969; Christofides et al. 1987).
// One variable per (item, start) and no interchangeable copies, so there is no symmetry to break.
import type { Highs, ModelData } from 'highs';
import { activeQuarters, allowedStarts, valueAt, type BuyOption, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { capacityOfSkill, skillPerQuarter, skillsInDemand, unitCost, type Purchases } from './roadmap-buy.js';

export interface MipOptions {
  timeLimitSeconds?: number;
  relativeGap?: number;
  /** A feasible plan to start from (the greedy one): the result is never worse than it. */
  start?: ReadonlyMap<string, number>;
  /** The purchases of the plan to start from. */
  startPurchases?: Purchases;
  /** Share of effort HiGHS spends on primal heuristics (its default is 0.05). */
  heuristicEffort?: number;
}

export interface MipResult {
  status: 'optimal' | 'time_limit' | 'infeasible';
  plan: Map<string, number>;
  /** Units bought per capacity option and quarter (options bought nothing of are left out). */
  purchases: Map<string, number[]>;
  objective: number;
  /** The solver's proven upper bound on any plan's value. */
  bound: number;
  /** (bound - objective) / |objective|: at most the requested gap when proven optimal. */
  gap: number;
  seconds: number;
}

interface Column {
  item: RoadmapItem;
  start: number;
}

/** A purchase column: units of `option` bought in `quarter`. */
interface BuyColumn {
  option: BuyOption;
  quarter: number;
}

export function buildMip(instance: RoadmapInstance, sense: ModelData['sense']): { model: ModelData; columns: Column[]; buys: BuyColumn[] } {
  const columns: Column[] = [];
  const colsOf = new Map<string, number[]>();
  for (const item of instance.items) {
    const ids: number[] = [];
    for (const t of allowedStarts(instance, item)) {
      ids.push(columns.length);
      columns.push({ item, start: t });
    }
    colsOf.set(item.id, ids);
  }
  const rows: { lower: number; upper: number; entries: Map<number, number> }[] = [];
  const row = (lower: number, upper: number) => {
    const r = { lower, upper, entries: new Map<number, number>() };
    rows.push(r);
    return r.entries;
  };
  for (const item of instance.items) {
    const ids = colsOf.get(item.id)!;
    const fixed = item.status === 'must_do' || item.status === 'in_progress';
    if (ids.length === 0 && !fixed) continue;
    const r = row(fixed ? 1 : -Infinity, 1);
    for (const c of ids) r.set(c, 1);
  }
  const budgetRows = instance.budget.map((b) => row(-Infinity, b));
  const teamRows = new Map(instance.teams.map((t) => [t.id, instance.budget.map(() => row(-Infinity, t.capacity))]));
  columns.forEach(({ item, start }, c) => {
    for (const q of activeQuarters(instance, item, start)) {
      if (item.build > 0) budgetRows[q]!.set(c, item.build / item.duration);
      if (item.effort > 0) teamRows.get(item.team)?.[q]!.set(c, item.effort / item.duration);
    }
  });
  addPrecedence(instance, columns, colsOf, row);
  const buys = addSkills(instance, columns, budgetRows, row);
  const cost = [...columns.map(({ item, start }) => valueAt(instance, item, start)), ...buys.map((b) => -unitCost(instance, b.option, b.quarter))];
  const upper = [...columns.map(() => 1), ...buys.map((b) => b.option.maxUnits)];
  return { model: toModelData(cost.length, rows, cost, upper, sense), columns, buys };
}

/** Skill rows and purchase columns (numbered after the item columns); nothing without skill demand. */
function addSkills(instance: RoadmapInstance, columns: Column[], budgetRows: Map<number, number>[], row: (l: number, u: number) => Map<number, number>): BuyColumn[] {
  const n = instance.budget.length;
  const skills = skillsInDemand(instance);
  if (skills.length === 0) return [];
  const skillRows = new Map(skills.map((k) => [k, instance.budget.map(() => row(-Infinity, capacityOfSkill(instance, k)))]));
  columns.forEach(({ item, start }, c) => {
    if (!item.skillDemand) return;
    for (const k of skills) {
      const d = skillPerQuarter(item, k);
      if (d > 0) for (const q of activeQuarters(instance, item, start)) skillRows.get(k)![q]!.set(c, d);
    }
  });
  const buys: BuyColumn[] = [];
  for (const option of instance.options ?? []) {
    const rows = skillRows.get(option.skill);
    if (!rows) continue;
    const hireRow = option.kind === 'hire' ? row(-Infinity, option.maxUnits) : undefined;
    for (let q = option.leadTime; q < n; q++) {
      const c = columns.length + buys.length;
      buys.push({ option, quarter: q });
      hireRow?.set(c, 1);
      for (let t = q; t < (option.kind === 'hire' ? n : q + 1); t++) {
        if (option.price > 0) budgetRows[t]!.set(c, option.price);
        rows[t]!.set(c, -option.personWeeks);
      }
    }
  }
  return buys;
}

function addPrecedence(instance: RoadmapInstance, columns: Column[], colsOf: Map<string, number[]>, row: (l: number, u: number) => Map<number, number>): void {
  const byId = new Map(instance.items.map((i) => [i.id, i]));
  for (const b of instance.items) {
    const bCols = colsOf.get(b.id)!;
    if (bCols.length === 0) continue;
    for (const depId of b.dependsOn) {
      const a = byId.get(depId);
      if (!a || a.status === 'done') continue;
      const aCols = colsOf.get(a.id)!;
      for (const t of new Set(bCols.map((c) => columns[c]!.start))) {
        const r = row(-Infinity, 0);
        for (const c of bCols) if (columns[c]!.start <= t) r.set(c, 1);
        for (const c of aCols) if (columns[c]!.start + a.duration <= t) r.set(c, -1);
      }
    }
  }
}

function toModelData(numCols: number, rows: { lower: number; upper: number; entries: Map<number, number> }[], cost: number[], upper: number[], sense: ModelData['sense']): ModelData {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    for (const [c, v] of [...r.entries].sort((x, y) => x[0] - y[0])) {
      indices.push(c);
      values.push(v);
    }
    starts.push(indices.length);
  }
  return {
    numCols,
    numRows: rows.length,
    sense,
    colCost: cost,
    colLower: cost.map(() => 0),
    colUpper: upper,
    rowLower: rows.map((r) => r.lower),
    rowUpper: rows.map((r) => r.upper),
    matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    integrality: cost.map(() => 1),
  };
}

export function solveMip(instance: RoadmapInstance, highs: Highs, options: MipOptions = {}): MipResult {
  const { model, columns, buys } = buildMip(instance, highs.constants.objectiveSense.maximize);
  if (columns.length === 0) return { status: 'optimal', plan: new Map(), purchases: new Map(), objective: 0, bound: 0, gap: 0, seconds: 0 };
  // HiGHS wants finite bounds expressed with its own infinity.
  const inf = highs.infinity;
  const data: ModelData = { ...model, rowLower: Array.from(model.rowLower, (x) => (x === -Infinity ? -inf : x)) };
  const m = highs.createModel();
  try {
    m.passModel(data);
    m.options.set({ output_flag: false, time_limit: options.timeLimitSeconds ?? 30, mip_rel_gap: options.relativeGap ?? 1e-6, mip_heuristic_effort: options.heuristicEffort ?? 0.05 });
    if (options.start)
      m.setSolution({ colValue: [...columns.map((c) => (options.start!.get(c.item.id) === c.start ? 1 : 0)), ...buys.map((b) => options.startPurchases?.get(b.option.id)?.[b.quarter] ?? 0)] });
    const { modelStatus } = m.run();
    const codes = highs.constants.modelStatus;
    const seconds = m.getRunTime();
    if (modelStatus === codes.infeasible || modelStatus === codes.unboundedOrInfeasible) return { status: 'infeasible', plan: new Map(), purchases: new Map(), objective: Number.NaN, bound: Number.NaN, gap: Number.NaN, seconds };
    const hasSolution = Number(m.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    if (!hasSolution) throw new Error(`the solver stopped without a plan (status ${modelStatus}); raise roadmap.time_limit_seconds`);
    const x = m.getSolution().colValue;
    const plan = new Map<string, number>();
    columns.forEach((c, k) => {
      if (x[k]! > 0.5) plan.set(c.item.id, c.start);
    });
    const purchases = new Map<string, number[]>();
    buys.forEach((b, k) => {
      const units = Math.round(x[columns.length + k]!);
      if (units <= 0) return;
      const row = purchases.get(b.option.id) ?? instance.budget.map(() => 0);
      row[b.quarter] = units;
      purchases.set(b.option.id, row);
    });
    const objective = m.getObjectiveValue();
    const bound = Number(m.info.get('mip_dual_bound'));
    const gap = Math.max(0, (bound - objective) / Math.max(Math.abs(objective), 1e-9));
    return { status: modelStatus === codes.optimal ? 'optimal' : 'time_limit', plan, purchases, objective, bound, gap, seconds };
  } finally {
    m.dispose();
  }
}
