// The roadmap problem as data: which use cases may be planned, what each needs per quarter
// (budget = build cost, team effort; both spread evenly over its duration), what it is worth
// by start quarter, and what is fixed. Built from the workspace, validated before solving.
import type { UseCase } from '../domain/use-case.js';
import { roadmapSettingsSchema, skillVocabulary, type WorkspaceConfig } from '../domain/workspace-config.js';
import { likelyValue } from '../domain/common.js';
import { PortfolioError } from './portfolio-error.js';

export type ItemStatus = 'candidate' | 'must_do' | 'in_progress' | 'done' | 'excluded';

export interface RoadmapItem {
  id: string;
  team: string;
  /** Expected (risk-adjusted) NPV if started in the first quarter. */
  value: number;
  build: number;
  effort: number;
  duration: number;
  dependsOn: string[];
  status: ItemStatus;
  /** Why an item is excluded before any optimisation. */
  excludedBecause?: string;
  /** What would bring an excluded item back, when it is not a change of the files. */
  excludedRemedy?: string;
  /** Person-weeks of each skill over the whole duration (spread evenly, like effort). */
  skillDemand?: Record<string, number>;
}

/** A skill as the organisation's pool: the teams' person-weeks per quarter of it, summed. */
export interface SkillPool {
  id: string;
  name: string;
  capacity: number;
}

/** Capacity the plan may buy (traction.yaml `capacity_options`). */
export interface BuyOption {
  id: string;
  name: string;
  kind: 'contractor' | 'partner' | 'hire';
  skill: string;
  personWeeks: number;
  price: number;
  leadTime: number;
  maxUnits: number;
}

export interface RoadmapInstance {
  quarterLabels: string[];
  budget: number[];
  teams: { id: string; capacity: number }[];
  /** Discount factor per quarter of delay: (1 + annual rate)^(-1/4). */
  quarterDiscount: number;
  items: RoadmapItem[];
  /** Skills with a capacity or a demand; absent or empty: no skill constraint. */
  skills?: SkillPool[];
  /** Capacity that may be bought, for skills in `skills`. */
  options?: BuyOption[];
}

export interface RoadmapOverrides {
  quarters?: number;
  /** One amount for every quarter, or one per quarter (a scenario's budget). */
  budgetPerQuarter?: number | number[];
  /** Use cases forced in or out besides traction.yaml roadmap.must_do / must_not (a scenario's choices). */
  mustDo?: string[];
  mustNot?: string[];
  /**
   * Use cases held back before any optimisation, with why and what brings them back: a gate
   * rejection not yet resubmitted. They are excluded like must_not, and what depends on them
   * waits. A plain object, so the overrides serialise (the server caches plans by them).
   */
  heldBack?: Readonly<Record<string, { reason: string; remedy: string }>>;
}

/** `2027-Q1` plus n quarters, as labels. */
export function quarterLabels(start: string, n: number): string[] {
  const m = /^(\d{4})-Q([1-4])$/.exec(start);
  const year = Number(m?.[1] ?? 2000);
  const q0 = Number(m?.[2] ?? 1) - 1;
  return Array.from({ length: n }, (_, i) => `${year + Math.floor((q0 + i) / 4)}-Q${((q0 + i) % 4) + 1}`);
}

/**
 * `unvalued`: use cases that could not be valued (id -> why). They stay in the instance as
 * excluded items, so what depends on them waits for them (is not planned) instead of
 * depending on an unknown use case, and a must_do naming one is reported, not fatal.
 */
export function buildRoadmapInstance(
  useCases: UseCase[],
  config: WorkspaceConfig,
  expectedNpv: ReadonlyMap<string, number>,
  overrides: RoadmapOverrides = {},
  unvalued: ReadonlyMap<string, string> = new Map(),
): RoadmapInstance {
  const n = overrides.quarters ?? config.quarters;
  const budget = budgetPerQuarter(overrides.budgetPerQuarter ?? config.budget_per_quarter, n);
  const settings = config.roadmap ?? roadmapSettingsSchema.parse({});
  const ids = new Set([...useCases.map((u) => u.id), ...unvalued.keys()]);
  for (const key of ['must_do', 'must_not'] as const)
    settings[key].forEach((id, i) => {
      if (!ids.has(id)) throw new PortfolioError(`roadmap.${key} names unknown use case "${id}"`, undefined, ['roadmap', key, i]);
    });
  for (const [key, list] of [['must_do', overrides.mustDo ?? []], ['must_not', overrides.mustNot ?? []]] as const)
    list.forEach((id, i) => {
      if (!ids.has(id)) throw new PortfolioError(`${key} names unknown use case "${id}"`, undefined, [key, i]);
    });
  const heldBack = new Map(Object.entries(overrides.heldBack ?? {}));
  const forcedIn = new Set([...settings.must_do, ...(overrides.mustDo ?? [])].filter((id) => !heldBack.has(id)));
  const forcedOut = new Set([...settings.must_not, ...(overrides.mustNot ?? [])]);
  const items = useCases.map((u): RoadmapItem => {
    const item: RoadmapItem = {
      id: u.id,
      team: u.team,
      value: expectedNpv.get(u.id) ?? 0,
      build: likelyValue(u.costs.build),
      effort: u.effort_person_weeks,
      duration: u.duration_quarters,
      dependsOn: [...u.depends_on],
      status: 'candidate',
      ...(u.skill_demand && Object.values(u.skill_demand).some((x) => x > 0) ? { skillDemand: { ...u.skill_demand } } : {}),
    };
    const mustDo = forcedIn.has(u.id);
    const exclude = (why: string) => {
      if (mustDo)
        throw settings.must_do.includes(u.id)
          ? new PortfolioError(`"${u.id}" is in roadmap.must_do but ${why}`, undefined, ['roadmap', 'must_do', settings.must_do.indexOf(u.id)])
          : new PortfolioError(`"${u.id}" is forced in (must_do) but ${why}`, undefined, ['must_do', (overrides.mustDo ?? []).indexOf(u.id)]);
      item.status = 'excluded';
      item.excludedBecause = why;
    };
    if (settings.done_stages.includes(u.stage)) {
      if (mustDo) exclude(`it is already delivered (stage ${u.stage})`);
      item.status = 'done';
    } else if (config.side_stages.includes(u.stage)) exclude(`its stage is ${u.stage}`);
    else if (heldBack.has(u.id)) {
      item.status = 'excluded';
      item.excludedBecause = heldBack.get(u.id)!.reason;
      item.excludedRemedy = heldBack.get(u.id)!.remedy;
    } else if (forcedOut.has(u.id)) exclude(settings.must_not.includes(u.id) ? 'it is in roadmap.must_not' : 'the scenario leaves it out (must_not)');
    else if (u.risk.eu_ai_act === 'prohibited') exclude('it is a prohibited practice under the EU AI Act');
    else if (settings.in_progress_stages.includes(u.stage)) {
      // Work in progress has started already: what it depends on was a condition for
      // starting, not a constraint on a plan that begins today (else a use case advanced
      // ahead of its dependency would make every plan infeasible). Use cases that depend on
      // it still wait for it to finish.
      item.status = 'in_progress';
      item.dependsOn = [];
    } else if (mustDo) item.status = 'must_do';
    return item;
  });
  for (const [id, why] of unvalued)
    items.push({ id, team: '', value: 0, build: 0, effort: 0, duration: 1, dependsOn: [], status: 'excluded', excludedBecause: `it cannot be valued: ${why}` });
  const instance: RoadmapInstance = {
    quarterLabels: quarterLabels(config.start_quarter, n),
    budget,
    teams: config.teams.map((t) => ({ id: t.id, capacity: t.capacity_person_weeks_per_quarter })),
    quarterDiscount: (1 + config.discount_rate) ** -0.25,
    items,
    ...skillsOf(config, items),
  };
  assertAcyclic(instance);
  return instance;
}

/**
 * The skill pools and buy options of the workspace: skills that some team has or some use
 * case needs. With no use case declaring demand there is nothing (and the plan is as before).
 */
function skillsOf(config: WorkspaceConfig, items: RoadmapItem[]): Pick<RoadmapInstance, 'skills' | 'options'> {
  if (!items.some((i) => i.skillDemand)) return {};
  const vocabulary = skillVocabulary(config);
  for (const item of items)
    for (const id of Object.keys(item.skillDemand ?? {}))
      if (!vocabulary.some((s) => s.id === id))
        throw new PortfolioError(`unknown skill "${id}" (known: ${vocabulary.map((s) => s.id).join(', ')}; add it under skills: in traction.yaml)`, item.id, ['skill_demand', id]);
  const skills = vocabulary
    .map((s) => ({ id: s.id, name: s.name, capacity: config.teams.reduce((sum, t) => sum + (t.skill_capacity?.[s.id] ?? 0), 0) }))
    .filter((s) => s.capacity > 0 || items.some((i) => (i.skillDemand?.[s.id] ?? 0) > 0));
  const options = (config.capacity_options ?? [])
    .filter((o) => skills.some((s) => s.id === o.skill))
    .map((o) => ({ id: o.id, name: o.name ?? o.id, kind: o.kind, skill: o.skill, personWeeks: o.person_weeks_per_quarter, price: o.price_per_quarter, leadTime: o.lead_time_quarters, maxUnits: o.max_units }));
  return { skills, options };
}

/**
 * One amount for every quarter, or the first `n` of a list. A list shorter than the plan
 * (possible only when the number of quarters is overridden) is an error naming both counts:
 * repeating its last amount would plan with money nobody granted.
 */
function budgetPerQuarter(setting: number | number[], n: number): number[] {
  if (typeof setting === 'number') return Array.from({ length: n }, () => setting);
  if (setting.length === 1) return Array.from({ length: n }, () => setting[0]!);
  if (setting.length < n)
    throw new PortfolioError(`${setting.length} amounts for ${n} quarters: give one amount for every quarter, or exactly one per quarter (${n})`, undefined, ['budget_per_quarter']);
  return setting.slice(0, n);
}

/** A dependency cycle makes every plan infeasible; name the cycle. */
export function assertAcyclic(instance: RoadmapInstance): void {
  const deps = new Map(instance.items.map((i) => [i.id, i.dependsOn]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) throw new PortfolioError(`depends on unknown use case "${d}"`, id, ['depends_on', (deps.get(id) ?? []).indexOf(d)]);
      if (state.get(d) === 'open') {
        const cycle = stack.slice(stack.indexOf(d));
        throw new PortfolioError(`dependency cycle: ${[...cycle, d].join(' -> ')}`, cycle[0], ['depends_on']);
      }
      if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const i of instance.items) if (!state.has(i.id)) visit(i.id);
}

/** The start quarters an item may take, before considering other items. */
export function allowedStarts(instance: RoadmapInstance, item: RoadmapItem): number[] {
  const n = instance.budget.length;
  if (item.status === 'in_progress') return [0];
  if (item.status === 'done' || item.status === 'excluded') return [];
  return Array.from({ length: Math.max(0, n - item.duration + 1) }, (_, t) => t);
}

/** Per-quarter use of an item started at `start`: quarters start..start+duration-1 within the plan. */
export function activeQuarters(instance: RoadmapInstance, item: RoadmapItem, start: number): number[] {
  const n = instance.budget.length;
  const out: number[] = [];
  for (let q = start; q < Math.min(n, start + item.duration); q++) out.push(q);
  return out;
}

export function valueAt(instance: RoadmapInstance, item: RoadmapItem, start: number): number {
  return item.value * instance.quarterDiscount ** start;
}
