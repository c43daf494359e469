// Why the plan looks as it does: which budgets and team capacities bind, and for each use
// case left out, the constraint that kept it out and what it would take to get it in.
// Skills count with what was bought: a skill binds when even that is used up.
import { activeQuarters, allowedStarts, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { capacityOf, earliestStart, EPS, planUsage, skillShortfalls, type Plan, type Usage } from './roadmap-plan.js';
import { NO_PURCHASES, type Purchases } from './roadmap-buy.js';

export interface Exclusion {
  useCaseId: string;
  reason: string;
  wouldTake: string;
  /** Keys of the constraints that block it, e.g. `budget 2027-Q2`, `team data 2027-Q3`, `skill ml 2027-Q3`. */
  blockedBy: string[];
}

export interface ConstraintUse {
  key: string;
  kind: 'budget' | 'team' | 'skill';
  team?: string;
  skill?: string;
  quarter: string;
  used: number;
  limit: number;
  /** Excluded use cases this constraint keeps out. */
  blocks: string[];
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

export function explainPlan(instance: RoadmapInstance, plan: Plan, purchases: Purchases = NO_PURCHASES): { exclusions: Exclusion[]; binding: ConstraintUse[] } {
  const usage = planUsage(instance, plan, purchases);
  const exclusions = instance.items.filter((i) => i.status !== 'done' && !plan.has(i.id)).map((i) => explainExclusion(instance, plan, usage, i));
  const rows: ConstraintUse[] = [];
  instance.budget.forEach((limit, q) => rows.push({ key: `budget ${instance.quarterLabels[q]}`, kind: 'budget', quarter: instance.quarterLabels[q]!, used: usage.budget[q]!, limit, blocks: [] }));
  for (const t of instance.teams)
    usage.teams.get(t.id)!.forEach((used, q) => rows.push({ key: `team ${t.id} ${instance.quarterLabels[q]}`, kind: 'team', team: t.id, quarter: instance.quarterLabels[q]!, used, limit: t.capacity, blocks: [] }));
  for (const e of exclusions) for (const key of e.blockedBy) rows.find((r) => r.key === key)?.blocks.push(e.useCaseId);
  const binding = rows
    .filter((r) => r.blocks.length > 0 || (r.limit > 0 && r.used >= r.limit * (1 - 1e-3)))
    .sort((a, b) => b.blocks.length - a.blocks.length || b.used / (b.limit || 1) - a.used / (a.limit || 1));
  return { exclusions, binding };
}

function explainExclusion(instance: RoadmapInstance, plan: Plan, usage: Usage, item: RoadmapItem): Exclusion {
  const out = (reason: string, wouldTake: string, blockedBy: string[] = []) => ({ useCaseId: item.id, reason, wouldTake, blockedBy });
  if (item.status === 'excluded') return out(`excluded: ${item.excludedBecause}`, item.excludedRemedy ?? 'a change in traction.yaml or in the use case itself');
  if (item.value <= 0) return out(`expected NPV ${fmt(item.value)} is not positive`, `a business case at least ${fmt(-item.value)} better`);
  const n = instance.budget.length;
  if (item.duration > n) return out(`takes ${item.duration} quarters; the roadmap plans ${n}`, `a roadmap of ${item.duration} quarters or a shorter delivery`);
  const missing = item.dependsOn.filter((d) => instance.items.find((i) => i.id === d)?.status !== 'done' && !plan.has(d));
  if (missing.length > 0) return out(`needs ${missing.join(', ')}, not in the plan`, `${missing.join(', ')} planned first (see ${missing.length === 1 ? 'its' : 'their'} reason)`);
  const earliest = earliestStart(instance, item, plan) ?? 0;
  const starts = allowedStarts(instance, item).filter((t) => t >= earliest);
  if (starts.length === 0) return out(`its dependencies finish in ${instance.quarterLabels[earliest] ?? 'after the plan'}, too late for ${item.duration} quarters`, 'its dependencies earlier or a longer roadmap');
  let best: { start: number; shortfalls: Shortfall[]; score: number } | undefined;
  for (const t of starts) {
    const shortfalls = shortfallsAt(instance, usage, item, t);
    const score = shortfalls.reduce((s, f) => s + f.amount / Math.max(f.limit, 1), 0);
    if (!best || score < best.score) best = { start: t, shortfalls, score };
  }
  if (!best || best.shortfalls.length === 0)
    return out('fits in what is left, but was not chosen within the solver\'s optimality gap', 'a smaller optimality gap (a longer time limit)');
  const reason = `no room: ${best.shortfalls.map((f) => `${f.key} short by ${fmt(f.amount)}${f.kind === 'budget' ? '' : ' person-weeks'}`).join('; ')}`;
  const wouldTake = `${best.shortfalls.map((f) => (f.kind === 'budget' ? `+${fmt(f.amount)} budget in ${f.quarter}` : f.kind === 'team' ? `+${fmt(f.amount)} person-weeks for team ${f.team} in ${f.quarter}` : `+${fmt(f.amount)} person-weeks of ${f.skill} in ${f.quarter}${buyHint(instance, f.skill!)}`)).join(' and ')} (to start in ${instance.quarterLabels[best.start]}), or dropping planned use cases worth less`;
  return out(reason, wouldTake, best.shortfalls.map((f) => f.key));
}

/** What traction.yaml offers to buy of a skill, or how to add it. */
function buyHint(instance: RoadmapInstance, skill: string): string {
  const options = (instance.options ?? []).filter((o) => o.skill === skill);
  if (options.length === 0) return ' (no capacity_options for it in traction.yaml)';
  return ` (more than ${options.map((o) => o.id).join(', ')} can add in time and budget)`;
}

interface Shortfall {
  key: string;
  kind: 'budget' | 'team' | 'skill';
  team?: string;
  skill?: string;
  quarter: string;
  amount: number;
  limit: number;
}

function shortfallsAt(instance: RoadmapInstance, usage: Usage, item: RoadmapItem, start: number): Shortfall[] {
  const out: Shortfall[] = [];
  for (const q of activeQuarters(instance, item, start)) {
    const label = instance.quarterLabels[q]!;
    const budgetShort = usage.budget[q]! + item.build / item.duration - instance.budget[q]!;
    if (budgetShort > EPS * Math.max(1, instance.budget[q]!)) out.push({ key: `budget ${label}`, kind: 'budget', quarter: label, amount: budgetShort, limit: instance.budget[q]! });
    const cap = capacityOf(instance, item.team);
    const teamShort = (usage.teams.get(item.team)?.[q] ?? 0) + item.effort / item.duration - cap;
    if (teamShort > EPS * Math.max(1, cap)) out.push({ key: `team ${item.team} ${label}`, kind: 'team', team: item.team, quarter: label, amount: teamShort, limit: cap });
    for (const f of skillShortfalls(usage, item, [q])) out.push({ key: `skill ${f.skill} ${label}`, kind: 'skill', skill: f.skill, quarter: label, amount: f.amount, limit: usage.skillLimit.get(f.skill)![q]! });
  }
  return out;
}
