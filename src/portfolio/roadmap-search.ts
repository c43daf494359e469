// A local search that finds good roadmaps fast, so the solver starts from a strong plan
// (and a time-limited solve returns one). A plan is encoded as a priority list plus an
// on/off flag per use case; the list is decoded by the serial schedule-generation scheme:
// each use case that is on, in list order, starts at the earliest quarter where it fits
// after its dependencies, or is left out. With a regular objective (earlier is never worse)
// some list decodes to an optimal plan (Kolisch, "Serial and parallel resource-constrained
// project scheduling methods revisited", EJOR 90, 1996), so searching lists loses nothing.
// The search is simulated annealing (Kirkpatrick, Gelatt & Vecchi, Science 220, 1983) over
// swap, insert and on/off moves, with a seeded random source: the same instance and seed
// give the same plan. It proves nothing; the MIP does. Purchases of capacity are not searched:
// the search plans with a fixed set (greedy's), whose cost comes off the budget and whose
// person-weeks add to the skills; the solver chooses what to buy.
import { allowedStarts, type RoadmapInstance } from './roadmap-instance.js';
import { EPS } from './roadmap-plan.js';
import { boughtCapacity, NO_PURCHASES, purchaseSpend, skillPerQuarter, type Purchases } from './roadmap-buy.js';
import type { Random } from './random.js';

/** The instance as flat typed arrays: the decoder runs hundreds of thousands of times. */
interface Compiled {
  n: number;
  quarters: number;
  ids: string[];
  team: Int32Array; // index into capacity, -1 if the team is unknown (no capacity row)
  duration: Int32Array;
  perQuarterBuild: Float64Array;
  perQuarterEffort: Float64Array;
  firstStart: Int32Array;
  lastStart: Int32Array; // -1: never plannable
  mandatory: Uint8Array;
  deps: Int32Array[];
  /** value[i * quarters + t]: discounted value when started in quarter t. */
  value: Float64Array;
  budget: Float64Array;
  capacity: Float64Array;
  /** Skill needs of item i at skillAt[i]..skillAt[i+1]-1: skill index and person-weeks per quarter. */
  skillAt: Int32Array;
  skillOf: Int32Array;
  skillPer: Float64Array;
  /** Skill k in quarter q at k * quarters + q: the teams' capacity plus what is bought. */
  skillCapacity: Float64Array;
}

function compile(inst: RoadmapInstance, purchases: Purchases): Compiled {
  const T = inst.budget.length;
  const skills = inst.skills ?? [];
  const bought = boughtCapacity(inst, purchases);
  const spend = purchaseSpend(inst, purchases);
  const plannable = inst.items.filter((i) => allowedStarts(inst, i).length > 0);
  const index = new Map(plannable.map((it, k) => [it.id, k]));
  const teamIndex = new Map(inst.teams.map((t, k) => [t.id, k]));
  const done = new Set(inst.items.filter((i) => i.status === 'done').map((i) => i.id));
  const value = new Float64Array(plannable.length * T);
  plannable.forEach((it, k) => {
    for (let t = 0; t < T; t++) value[k * T + t] = it.value * inst.quarterDiscount ** t;
  });
  return {
    n: plannable.length,
    quarters: T,
    ids: plannable.map((i) => i.id),
    team: Int32Array.from(plannable, (i) => teamIndex.get(i.team) ?? -1),
    duration: Int32Array.from(plannable, (i) => i.duration),
    perQuarterBuild: Float64Array.from(plannable, (i) => i.build / i.duration),
    perQuarterEffort: Float64Array.from(plannable, (i) => i.effort / i.duration),
    firstStart: Int32Array.from(plannable, (i) => Math.min(...allowedStarts(inst, i))),
    lastStart: Int32Array.from(plannable, (i) => Math.max(...allowedStarts(inst, i))),
    mandatory: Uint8Array.from(plannable, (i) => (i.status === 'must_do' || i.status === 'in_progress' ? 1 : 0)),
    // A dependency that is neither plannable nor done can never be met: index -1 blocks the item.
    deps: plannable.map((i) => Int32Array.from(i.dependsOn.filter((d) => !done.has(d)), (d) => index.get(d) ?? -1)),
    value,
    budget: Float64Array.from(inst.budget, (b, q) => b - spend[q]!),
    capacity: Float64Array.from(inst.teams, (t) => t.capacity),
    ...compileSkills(plannable, skills, bought, T),
  };
}

function compileSkills(items: RoadmapInstance['items'], skills: NonNullable<RoadmapInstance['skills']>, bought: Map<string, number[]>, T: number): Pick<Compiled, 'skillAt' | 'skillOf' | 'skillPer' | 'skillCapacity'> {
  const at = [0];
  const of: number[] = [];
  const per: number[] = [];
  for (const item of items) {
    skills.forEach((s, k) => {
      const d = skillPerQuarter(item, s.id);
      if (d > 0) {
        of.push(k);
        per.push(d);
      }
    });
    at.push(of.length);
  }
  const skillCapacity = new Float64Array(skills.length * T);
  skills.forEach((s, k) => {
    for (let q = 0; q < T; q++) skillCapacity[k * T + q] = s.capacity + (bought.get(s.id)?.[q] ?? 0);
  });
  return { skillAt: Int32Array.from(at), skillOf: Int32Array.from(of), skillPer: Float64Array.from(per), skillCapacity };
}

/**
 * Decodes lists incrementally. A move between positions p and p' only reorders the use cases
 * from min(p, p') on, so the decoder takes those out (their resource use is subtracted) and
 * places them again in the new order; the positions before stay as they are.
 */
class Decoder {
  readonly start: Int32Array;
  private readonly budgetUse: Float64Array;
  private readonly teamUse: Float64Array; // team k, quarter q at k * quarters + q
  private readonly skillUse: Float64Array; // skill k, quarter q at k * quarters + q
  private readonly total: Float64Array; // value (less penalties) of positions 0..p-1, at p
  private valid = 0; // positions before `valid` are decoded for the current list
  /** One past the last list position whose use case is planned. */
  activeEnd = 0;
  private readonly penalty: number;

  constructor(private readonly c: Compiled) {
    this.start = new Int32Array(c.n).fill(-1);
    this.budgetUse = new Float64Array(c.quarters);
    this.teamUse = new Float64Array(c.quarters * c.capacity.length);
    this.skillUse = new Float64Array(c.skillCapacity.length);
    this.total = new Float64Array(c.n + 1);
    let sum = 1;
    for (let k = 0; k < c.value.length; k++) sum += Math.abs(c.value[k]!);
    // A mandatory use case left out costs more than any plan is worth: such lists lose to every valid one.
    this.penalty = sum;
  }

  /** Marks the list changed from `position` on. */
  invalidate(position: number): void {
    this.valid = Math.min(this.valid, position);
  }

  /** The value of the list (penalised for mandatory use cases left out); fills `start`. */
  decode(order: Int32Array, on: Uint8Array): number {
    const c = this.c;
    for (let p = this.valid; p < c.n; p++) {
      const i = order[p]!;
      if (this.start[i]! >= 0) this.apply(i, this.start[i]!, -1);
      this.start[i] = -1;
    }
    for (let p = this.valid; p < c.n; p++) {
      const i = order[p]!;
      const placed = on[i] === 1 ? this.place(i) : -1;
      this.total[p + 1] = this.total[p]! + (placed >= 0 ? c.value[i * c.quarters + placed]! : c.mandatory[i] === 1 ? -this.penalty : 0);
    }
    this.valid = c.n;
    let end = c.n;
    while (end > 0 && this.start[order[end - 1]!]! < 0) end--;
    this.activeEnd = end;
    return this.total[c.n]!;
  }

  /** Places item i at its earliest feasible start; returns the start or -1. */
  private place(i: number): number {
    const c = this.c;
    let earliest = c.firstStart[i]!;
    for (const d of c.deps[i]!) {
      if (d < 0 || this.start[d]! < 0) return -1;
      earliest = Math.max(earliest, this.start[d]! + c.duration[d]!);
    }
    for (let t = earliest; t <= c.lastStart[i]!; t++) {
      if (!this.fits(i, t)) continue;
      this.apply(i, t, 1);
      this.start[i] = t;
      return t;
    }
    return -1;
  }

  private fits(i: number, t: number): boolean {
    const c = this.c;
    const b = c.perQuarterBuild[i]!;
    const e = c.perQuarterEffort[i]!;
    const team = c.team[i]!;
    const cap = team >= 0 ? c.capacity[team]! * (1 + EPS) + EPS : Infinity;
    for (let q = t; q < t + c.duration[i]!; q++) {
      if (this.budgetUse[q]! + b > c.budget[q]! * (1 + EPS) + EPS) return false;
      if (team >= 0 && this.teamUse[team * c.quarters + q]! + e > cap) return false;
      for (let j = c.skillAt[i]!; j < c.skillAt[i + 1]!; j++) {
        const k = c.skillOf[j]! * c.quarters + q;
        if (this.skillUse[k]! + c.skillPer[j]! > c.skillCapacity[k]! * (1 + EPS) + EPS) return false;
      }
    }
    return true;
  }

  private apply(i: number, t: number, sign: 1 | -1): void {
    const c = this.c;
    const team = c.team[i]!;
    for (let q = t; q < t + c.duration[i]!; q++) {
      this.budgetUse[q]! += sign * c.perQuarterBuild[i]!;
      if (team >= 0) this.teamUse[team * c.quarters + q]! += sign * c.perQuarterEffort[i]!;
      for (let j = c.skillAt[i]!; j < c.skillAt[i + 1]!; j++) this.skillUse[c.skillOf[j]! * c.quarters + q]! += sign * c.skillPer[j]!;
    }
  }
}

export interface SearchOptions {
  iterations: number;
  /** Starting temperature as a share of the starting plan's value. */
  temperature?: number;
  /**
   * A time budget, as the share of it used so far (the caller owns the clock). Asked every
   * 1,000 moves: the search stops at 1, and the temperature falls with whichever budget,
   * moves or time, is further along, so a search cut short by time has still cooled.
   */
  elapsed?: () => number;
  /** Capacity bought, fixed for the search (default none). */
  purchases?: Purchases;
  /**
   * The share of the budget (moves or time, whichever is further along) after which the search
   * gives up when it has found nothing better than its start; default 0.1. Where the start is
   * already as good as any neighbour finds (a loose portfolio, where greedy is near the optimum),
   * the rest of the budget is better spent by the solver proving it.
   */
  giveUpShare?: number;
  /** Filled in: the moves made. */
  stats?: { moves: number };
}

/**
 * Improves on `initial` (a valid plan, e.g. the greedy one) by simulated annealing and returns
 * the best valid plan seen: never worse than `initial` when `initial` decodes to itself.
 */
export function searchPlan(inst: RoadmapInstance, initial: ReadonlyMap<string, number>, rng: Random, options: SearchOptions): Map<string, number> {
  const c = compile(inst, options.purchases ?? NO_PURCHASES);
  if (c.n === 0) return new Map();
  const decoder = new Decoder(c);
  const order = initialOrder(c, initial);
  const on = Uint8Array.from({ length: c.n }, (_, i) => (c.mandatory[i] === 1 || c.value[i * c.quarters]! > 0 ? 1 : 0));
  let current = decoder.decode(order, on);
  const startValue = current;
  let best = current;
  let bestPlan = planOf(c, decoder.start);
  const t0 = (options.temperature ?? 0.002) * Math.max(Math.abs(current), 1);
  const giveUp = options.giveUpShare ?? 0.1;
  let timeUsed = 0;
  let k = 0;
  for (; k < options.iterations; k++) {
    if (k % 1000 === 999) {
      if (options.elapsed) timeUsed = options.elapsed();
      if (timeUsed >= 1 || (best <= startValue && Math.max(k / options.iterations, timeUsed) >= giveUp)) break;
    }
    const temperature = t0 * (1 - Math.max(k / options.iterations, timeUsed));
    const undo = randomMove(order, on, c, rng, decoder);
    const v = decoder.decode(order, on);
    if (v >= current || (temperature > 0 && rng.uniform() < Math.exp((v - current) / temperature))) {
      current = v;
      if (v > best) {
        best = v;
        bestPlan = planOf(c, decoder.start);
      }
    } else undo();
  }
  if (options.stats) options.stats.moves = k;
  return bestPlan;
}

/** The initial plan's use cases by start quarter (dependencies finish first), then the rest by value. */
function initialOrder(c: Compiled, initial: ReadonlyMap<string, number>): Int32Array {
  const key = (i: number) => initial.get(c.ids[i]!) ?? c.quarters;
  return Int32Array.from({ length: c.n }, (_, i) => i).sort((a, b) => key(a) - key(b) || c.value[b * c.quarters]! - c.value[a * c.quarters]! || a - b);
}

/** Applies a random swap, insert or on/off move; returns its undo. */
function randomMove(order: Int32Array, on: Uint8Array, c: Compiled, rng: Random, decoder: Decoder): () => void {
  const n = c.n;
  // Moves into the tail of use cases that never fit change nothing: aim the second position
  // at the planned part of the list (and just past it).
  const p1 = Math.floor(rng.uniform() * n);
  const p2 = Math.floor(rng.uniform() * Math.min(n, decoder.activeEnd + 1));
  const r = rng.uniform();
  if (r < 0.45) {
    swap(order, p1, p2);
    decoder.invalidate(Math.min(p1, p2));
    return () => {
      swap(order, p1, p2);
      decoder.invalidate(Math.min(p1, p2));
    };
  }
  if (r < 0.9) {
    move(order, p1, p2);
    decoder.invalidate(Math.min(p1, p2));
    return () => {
      move(order, p2, p1);
      decoder.invalidate(Math.min(p1, p2));
    };
  }
  const i = order[p1]!;
  if (c.mandatory[i] === 1) return () => undefined;
  on[i] = on[i]! ^ 1;
  decoder.invalidate(p1);
  return () => {
    on[i] = on[i]! ^ 1;
    decoder.invalidate(p1);
  };
}

function swap(a: Int32Array, i: number, j: number): void {
  const x = a[i]!;
  a[i] = a[j]!;
  a[j] = x;
}

/** Moves the entry at `from` to `to`, shifting those between. */
function move(a: Int32Array, from: number, to: number): void {
  const x = a[from]!;
  if (from < to) a.copyWithin(from, from + 1, to + 1);
  else a.copyWithin(to + 1, to, from);
  a[to] = x;
}

function planOf(c: Compiled, start: Int32Array): Map<string, number> {
  const plan = new Map<string, number>();
  start.forEach((s, i) => {
    if (s >= 0) plan.set(c.ids[i]!, s);
  });
  return plan;
}
