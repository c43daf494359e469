// When the fixed items (must-do and in-progress) cannot all be planned, say which
// constraint makes it so, item by item first, then in aggregate; never an empty roadmap.
import { activeQuarters, allowedStarts, type RoadmapInstance, type RoadmapItem } from './roadmap-instance.js';
import { capacityOf, EPS } from './roadmap-plan.js';
import { skillPerQuarter } from './roadmap-buy.js';
import { PortfolioError } from './portfolio-error.js';

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
/** Ids as a sentence part, at most five named: 143 use cases in progress make no readable message. */
const idList = (items: readonly RoadmapItem[]) => (items.length <= 5 ? items.map((i) => i.id).join(', ') : `${items.slice(0, 5).map((i) => i.id).join(', ')} and ${items.length - 5} more`);
const fixed = (i: RoadmapItem) => i.status === 'must_do' || i.status === 'in_progress';

/** Checks that need no solver; throws a PortfolioError naming the item and the constraint. */
export function assertFixedItemsPossible(instance: RoadmapInstance, mustDoIndex: (id: string) => number): void {
  const byId = new Map(instance.items.map((i) => [i.id, i]));
  const where = (i: RoadmapItem): [string | undefined, (string | number)[]] => (i.status === 'must_do' ? [undefined, ['roadmap', 'must_do', mustDoIndex(i.id)]] : [i.id, ['stage']]);
  for (const item of instance.items.filter(fixed)) {
    const [file, path] = where(item);
    const what = item.status === 'must_do' ? `must-do "${item.id}"` : `"${item.id}" (in progress)`;
    for (const d of item.dependsOn) {
      const dep = byId.get(d);
      if (dep?.status === 'excluded') throw new PortfolioError(`${what} depends on "${d}", which is excluded: ${dep.excludedBecause}`, file, path);
    }
    const starts = allowedStarts(instance, item);
    if (starts.length === 0) throw new PortfolioError(`${what} takes ${item.duration} quarters; the roadmap plans ${instance.budget.length}`, file, path);
    const perQuarterBudget = item.build / item.duration;
    const perQuarterEffort = item.effort / item.duration;
    const cap = capacityOf(instance, item.team);
    if (perQuarterEffort > cap * (1 + EPS) + EPS)
      throw new PortfolioError(`${what} needs ${fmt(perQuarterEffort)} person-weeks per quarter from team ${item.team}, whose capacity is ${fmt(cap)}`, file, path);
    const fitsBudget = starts.some((t) => activeQuarters(instance, item, t).every((q) => perQuarterBudget <= instance.budget[q]! * (1 + EPS) + EPS));
    if (!fitsBudget) throw new PortfolioError(`${what} needs ${fmt(perQuarterBudget)} budget per quarter for ${item.duration} quarters; no quarter window has that much (budget per quarter: ${instance.budget.map(fmt).join(', ')})`, file, path);
  }
  const inProgress = instance.items.filter((i) => i.status === 'in_progress');
  instance.budget.forEach((limit, q) => {
    const used = inProgress.filter((i) => q < i.duration).reduce((s, i) => s + i.build / i.duration, 0);
    if (used > limit * (1 + EPS) + EPS)
      throw new PortfolioError(`the use cases in progress (${idList(inProgress)}) need ${fmt(used)} budget in ${instance.quarterLabels[q]}, more than its ${fmt(limit)}`, undefined, ['budget_per_quarter']);
  });
  // The same for each team's capacity: work in progress starts now, so a quarter it overloads
  // is named, with the team, rather than left to the solver's generic "infeasible".
  instance.teams.forEach((team, t) => {
    const mine = inProgress.filter((i) => i.team === team.id);
    instance.budget.forEach((_, q) => {
      const used = mine.filter((i) => q < i.duration).reduce((s, i) => s + i.effort / i.duration, 0);
      if (used > team.capacity * (1 + EPS) + EPS)
        throw new PortfolioError(
          `the use cases in progress of team ${team.id} (${idList(mine)}) need ${fmt(used)} person-weeks in ${instance.quarterLabels[q]}, more than its capacity of ${fmt(team.capacity)}`,
          undefined,
          ['teams', t, 'capacity_person_weeks_per_quarter'],
        );
    });
  });
  // And each skill: work in progress needs it now, whatever the plan does; found here it is
  // named at once, not after the solver has spent its time limit proving the plan infeasible.
  const skillError = skillShortInProgress(instance, inProgress);
  if (skillError) throw skillError;
}

/** After the solver proved the fixed items infeasible together: find the tightest aggregate reason. */
export function infeasibilityError(instance: RoadmapInstance): PortfolioError {
  const items = instance.items.filter(fixed);
  const names = idList(items);
  const totalBudget = instance.budget.reduce((a, b) => a + b, 0);
  const needBudget = items.reduce((s, i) => s + i.build * (Math.min(i.duration, instance.budget.length) / i.duration), 0);
  if (needBudget > totalBudget * (1 + EPS)) return new PortfolioError(`the must-do and in-progress use cases (${names}) need ${fmt(needBudget)} budget, the roadmap has ${fmt(totalBudget)}`, undefined, ['roadmap', 'must_do']);
  for (const team of instance.teams) {
    const need = items.filter((i) => i.team === team.id).reduce((s, i) => s + i.effort, 0);
    const have = team.capacity * instance.budget.length;
    if (need > have * (1 + EPS)) return new PortfolioError(`the must-do and in-progress use cases of team ${team.id} need ${fmt(need)} person-weeks, the team has ${fmt(have)} over the roadmap`, undefined, ['roadmap', 'must_do']);
  }
  const skillError = skillShortOfFixed(instance, items);
  if (skillError) return skillError;
  return new PortfolioError(
    `the must-do and in-progress use cases (${names}) cannot be scheduled together: per-quarter budget, team capacity and dependencies leave no plan that holds them all (drop one from roadmap.must_do, or raise the budget or capacity)`,
    undefined,
    ['roadmap', 'must_do'],
  );
}

/** The most of a skill that can be bought at work in quarter q: every option at its unit limit, if its lead time allows. */
function mostBuyable(instance: RoadmapInstance, skill: string, q: number): number {
  return (instance.options ?? []).filter((o) => o.skill === skill && o.leadTime <= q).reduce((s, o) => s + o.maxUnits * o.personWeeks, 0);
}

/** Work in progress needs a skill now; must-do work needs it some time: either may exceed what the teams have and can buy. */
function skillShortOfFixed(instance: RoadmapInstance, items: RoadmapItem[]): PortfolioError | undefined {
  const inProgress = skillShortInProgress(instance, items);
  if (inProgress) return inProgress;
  for (const skill of instance.skills ?? []) {
    const need = items.reduce((s, i) => s + (i.skillDemand?.[skill.id] ?? 0), 0);
    const have = instance.budget.reduce((s, _, q) => s + skill.capacity + mostBuyable(instance, skill.id, q), 0);
    if (need > have * (1 + EPS) + EPS)
      return new PortfolioError(
        `the must-do and in-progress use cases need ${fmt(need)} person-weeks of ${skill.id}; the teams and capacity_options have at most ${fmt(have)} over the roadmap`,
        undefined,
        ['roadmap', 'must_do'],
      );
  }
  return undefined;
}

/** Work in progress (it starts now) needing more of a skill in some quarter than the teams have and all options can add then. */
function skillShortInProgress(instance: RoadmapInstance, items: RoadmapItem[]): PortfolioError | undefined {
  for (const skill of instance.skills ?? []) {
    const inProgress = items.filter((i) => i.status === 'in_progress' && skillPerQuarter(i, skill.id) > 0);
    for (let q = 0; q < instance.budget.length; q++) {
      const need = inProgress.filter((i) => q < i.duration).reduce((s, i) => s + skillPerQuarter(i, skill.id), 0);
      const have = skill.capacity + mostBuyable(instance, skill.id, q);
      if (need > have * (1 + EPS) + EPS)
        return new PortfolioError(
          `the use cases in progress (${idList(inProgress)}) need ${fmt(need)} person-weeks of ${skill.id} in ${instance.quarterLabels[q]}; the teams have ${fmt(skill.capacity)} and capacity_options can add ${fmt(have - skill.capacity)} then`,
          undefined,
          ['capacity_options'],
        );
    }
  }
  return undefined;
}
