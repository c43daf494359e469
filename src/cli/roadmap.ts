// `traction roadmap`: the optimal plan under budget, team capacity and dependencies, as a
// quarter-by-quarter Gantt, with the greedy baseline, the optimality gap, what binds, and
// why each left-out use case is left out.
import { performance } from 'node:perf_hooks';
import type { RegisterCommand } from './commands.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluatePortfolio } from '../portfolio/evaluate-portfolio.js';
import type { RoadmapResult } from '../portfolio/roadmap.js';
import { valueAt, type RoadmapInstance } from '../portfolio/roadmap-instance.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { commitScenario, getScenario, planScenario, quarterSpan } from '../application/roadmap.js';
import type { Database } from '../store/database.js';
import { storeLocation } from '../store/store.js';
import { withStore, type CliContext } from './context.js';
import { ganttRow } from './charts.js';
import { CliError, EXIT, type Output } from './output.js';
import { formatProblem } from '../workspace/problem.js';
import { loadForPortfolio, located, money, percent, readinessScores, unvaluedProblems, type LoadedWorkspace } from './portfolio-context.js';

interface RoadmapOptions {
  scenario?: string;
  budgetPerQuarter?: number;
  quarters?: number;
  timeLimit?: number;
}

const positive = (what: string) => (s: string) => {
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${what} must be a non-negative number, found "${s}"`, EXIT.usage);
  return n;
};

export function roadmapJson(inst: RoadmapInstance, r: RoadmapResult, currency: string) {
  const byId = new Map(inst.items.map((i) => [i.id, i]));
  return {
    currency,
    quarters: inst.quarterLabels,
    status: r.status,
    value: r.value,
    bound: r.bound,
    gap: r.gap,
    solver_seconds: r.solverSeconds,
    greedy: { value: r.greedy.value, valid: r.greedy.valid },
    plan: [...r.plan].map(([id, start]) => {
      const item = byId.get(id)!;
      return { id, team: item.team, status: item.status, start: inst.quarterLabels[start], end: inst.quarterLabels[Math.min(inst.quarterLabels.length - 1, start + item.duration - 1)], value: valueAt(inst, item, start), build: item.build, effort_person_weeks: item.effort };
    }),
    budget: inst.budget.map((limit, q) => ({ quarter: inst.quarterLabels[q], used: r.usage.budget[q], limit })),
    teams: inst.teams.map((t) => ({ id: t.id, capacity: t.capacity, used: r.usage.teams.get(t.id) })),
    binding: r.binding.map((b) => ({ constraint: b.key, used: b.used, limit: b.limit, blocks: b.blocks })),
    excluded: r.exclusions.map((e) => ({ id: e.useCaseId, reason: e.reason, would_take: e.wouldTake })),
    purchase_cost: r.purchaseCost,
    skills: r.skills,
    bought: r.bought.map((b) => ({ option: b.optionId, kind: b.kind, skill: b.skill, quarter: b.quarter, units: b.units, person_weeks_per_quarter: b.personWeeksPerQuarter, cost: b.cost, needed_by: b.neededBy.map((n) => ({ id: n.useCaseId, person_weeks: n.personWeeks })), why: b.why })),
  };
}

export const registerRoadmap: RegisterCommand = (program, context, setExit) => {
  const roadmap = program
    .command('roadmap')
    .description('the optimal roadmap under budget, team capacity and dependencies (exact MIP, HiGHS); a use case whose gate was rejected waits until resubmitted')
    .option('--scenario <name>', 'plan under a saved scenario (its budget, quarters, use cases forced in or out)')
    .option('--budget-per-quarter <amount>', 'override traction.yaml budget_per_quarter (and the scenario\'s)', positive('--budget-per-quarter'))
    .option('--quarters <n>', 'override the number of quarters planned', positive('--quarters'))
    .option('--time-limit <seconds>', 'solver time limit (default: traction.yaml roadmap.time_limit_seconds or 30)', positive('--time-limit'))
    .action(async (opts: RoadmapOptions) => {
      const ctx = context();
      if (opts.quarters !== undefined && (!Number.isInteger(opts.quarters) || opts.quarters < 1)) throw new CliError(`--quarters must be a whole number >= 1, found ${opts.quarters}`, EXIT.usage);
      const { loaded, snapshot, problems } = await portfolioSnapshot(ctx);
      const { config } = loaded.workspace;
      const extra = { ...(opts.quarters !== undefined ? { quarters: opts.quarters } : {}), ...(opts.budgetPerQuarter !== undefined ? { budgetPerQuarter: opts.budgetPerQuarter } : {}) };
      const options = { timeLimitSeconds: opts.timeLimit ?? config.roadmap?.time_limit_seconds ?? 30, clock: () => performance.now() };
      const plan = await locatedAsync(loaded, () =>
        withStoreIfAny(ctx, opts.scenario !== undefined, async (db) => planScenario(db, snapshot, opts.scenario !== undefined && db ? await getScenario(db, opts.scenario) : undefined, options, extra)),
      );
      const { instance, result } = plan;
      // A use case that cannot be valued is left out (see excluded) and makes the exit code 2.
      if (problems.length > 0) setExit(EXIT.usage);
      if (ctx.out.json) return ctx.out.printJson({ ...(plan.scenario ? { scenario: plan.scenario.name } : {}), ...roadmapJson(instance, result, config.currency) });
      if (plan.scenario) ctx.out.line(`scenario ${ctx.out.c.bold(plan.scenario.name)}${plan.scenario.description ? `: ${plan.scenario.description}` : ''}`);
      printRoadmap(ctx.out, instance, result, config);
      for (const u of problems) ctx.out.error(`not valued, left out: ${formatProblem(u.problem)}`);
    });

  roadmap
    .command('commit <scenario>')
    .description('commit a saved scenario: records a funding decision (who, when, the plan); the newest one says what is funded')
    .option('--time-limit <seconds>', 'solver time limit (default: traction.yaml roadmap.time_limit_seconds or 30)', positive('--time-limit'))
    .action(async (name: string, opts: { timeLimit?: number }) => {
      const ctx = context();
      const { loaded, snapshot } = await portfolioSnapshot(ctx);
      const { config } = loaded.workspace;
      const options = { timeLimitSeconds: opts.timeLimit ?? config.roadmap?.time_limit_seconds ?? 30, clock: () => performance.now() };
      const decision = await withStore(ctx, (store) => commitScenario(store, snapshot, name, ctx.env.actor, ctx.now(), options));
      if (ctx.out.json) return ctx.out.printJson(decision);
      ctx.out.line(`${ctx.out.c.green('committed')} scenario ${ctx.out.c.bold(decision.scenarioName)} (${decision.id}) by ${decision.actor}: risk-adjusted NPV ${money(decision.value)} ${decision.currency}`);
      ctx.out.table(
        [
          { header: 'funded', value: (f) => f.useCaseId },
          { header: 'quarters', value: (f) => quarterSpan(f.quarters) },
          { header: 'build cost', value: (f) => money(f.build) ?? '' },
        ],
        decision.funded,
      );
      const held = decision.leftOut.filter((l) => l.reason.includes('rejected'));
      for (const l of held) ctx.out.line(`not funded: ${l.useCaseId}: ${l.reason}`);
    });
};

/** The workspace (stages from the decision log) and its valuation, with the use cases that could not be valued. */
async function portfolioSnapshot(ctx: CliContext) {
  const loaded = await loadForPortfolio(ctx);
  const { config, useCases } = loaded.workspace;
  const readiness = await readinessScores(ctx);
  const evaluation = located(loaded, () => evaluatePortfolio(useCases, config, { readiness }));
  return { loaded, snapshot: { workspace: loaded.workspace, evaluation }, problems: unvaluedProblems(loaded, evaluation) };
}

/** `located` for an async function: a PortfolioError becomes an error at file:line. */
async function locatedAsync<T>(loaded: LoadedWorkspace, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    return located(loaded, () => {
      throw e;
    });
  }
}

/** Runs `fn` with the store when there is one (or when it is required); without one, gate rejections cannot be read and none hold. */
async function withStoreIfAny<T>(ctx: CliContext, required: boolean, fn: (db: Kysely<Database> | undefined) => Promise<T>): Promise<T> {
  const location = storeLocation(path.resolve(ctx.workspaceDir), ctx.env.TRACTION_DATABASE_URL);
  if (!required && location.kind === 'sqlite' && !existsSync(location.file)) return fn(undefined);
  return withStore(ctx, (store) => fn(store.db));
}

function printRoadmap(out: Output, inst: RoadmapInstance, r: RoadmapResult, config: WorkspaceConfig): void {
  const cell = Math.max(...inst.quarterLabels.map((l) => l.length)) + 1;
  const byId = new Map(inst.items.map((i) => [i.id, i]));
  const planned = [...r.plan].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const idWidth = Math.max(8, ...planned.map(([id]) => id.length), ...inst.teams.map((t) => `team ${t.id}`.length));
  const teamWidth = Math.max(4, ...inst.teams.map((t) => t.id.length));
  out.line(`${out.c.bold(config.organisation)} roadmap, ${inst.quarterLabels[0]} to ${inst.quarterLabels.at(-1)} (${config.currency})`);
  out.line();
  out.line(`${'use case'.padEnd(idWidth)}  ${'team'.padEnd(teamWidth)}  ${inst.quarterLabels.map((l) => l.padEnd(cell)).join('')}  value`);
  for (const [id, start] of planned) {
    const item = byId.get(id)!;
    const mark = item.status === 'in_progress' ? '▒' : '█';
    const note = item.status === 'in_progress' ? ' (in progress)' : item.status === 'must_do' ? ' (must do)' : '';
    out.line(`${id.padEnd(idWidth)}  ${item.team.padEnd(teamWidth)}  ${ganttRow(inst.quarterLabels.length, start, item.duration, cell, mark)}  ${money(valueAt(inst, item, start))}${note}`);
  }
  out.line(`${'budget'.padEnd(idWidth)}  ${''.padEnd(teamWidth)}  ${r.usage.budget.map((u, q) => percent(u / (inst.budget[q] || 1))!.padEnd(cell)).join('')}  of ${inst.budget.map((b) => money(b)).join(' / ')}`);
  for (const t of inst.teams) out.line(`${`team ${t.id}`.padEnd(idWidth)}  ${''.padEnd(teamWidth)}  ${r.usage.teams.get(t.id)!.map((u) => percent(u / (t.capacity || 1))!.padEnd(cell)).join('')}  of ${money(t.capacity)} person-weeks`);
  printSkills(out, inst, r);
  out.line();
  const status = r.status === 'optimal' ? out.c.green('proven optimal') : out.c.yellow(Number.isFinite(r.gap) ? `time limit reached, within ${percent(r.gap, 2)} of the bound` : 'time limit reached before the solver proved any bound: raise --time-limit');
  out.line(`total risk-adjusted NPV ${out.c.bold(money(r.value)!)} (${status}; bound ${money(r.bound)}, gap ${percent(r.gap, 3)}, ${r.solverSeconds.toFixed(2)} s)`);
  if (r.bought.length > 0) out.line(`capacity bought: ${money(r.purchaseCost)} (discounted, already taken off the NPV)`);
  const ratio = r.greedy.value !== 0 ? ` (optimal is ${percent(r.value / r.greedy.value - 1, 1)} more)` : '';
  out.line(`greedy baseline ${money(r.greedy.value)}${r.greedy.valid ? ratio : ' (greedy could not place every must-do item)'}`);
  if (r.binding.length > 0) {
    out.line();
    out.line(out.c.bold('Binding constraints'));
    for (const b of r.binding) out.line(`  ${b.key}: ${money(b.used)} of ${money(b.limit)}${b.blocks.length > 0 ? `; keeps out ${b.blocks.join(', ')}` : ''}`);
  }
  const excluded = r.exclusions;
  if (excluded.length > 0) {
    out.line();
    out.line(out.c.bold('Not in the plan'));
    out.table(
      [
        { header: 'use case', value: (e) => e.useCaseId },
        { header: 'why', value: (e) => e.reason },
        { header: 'what it would take', value: (e) => e.wouldTake },
      ],
      excluded,
    );
  }
}

/** Demand against capacity per skill and quarter: `need/have`, `+n` bought, `!` where the teams alone fall short. */
function printSkills(out: Output, inst: RoadmapInstance, r: RoadmapResult): void {
  if (r.skills.length === 0) return;
  const ids = [...new Set(r.skills.map((k) => k.skill))];
  const text = (k: RoadmapResult['skills'][number]) => `${Math.round(k.demand)}/${Math.round(k.capacity)}${k.bought > 0 ? `+${Math.round(k.bought)}` : ''}${k.shortfall > 0 ? '!' : ''}`;
  const cell = Math.max(...inst.quarterLabels.map((l) => l.length), ...r.skills.map((k) => text(k).length)) + 1;
  const width = Math.max(8, ...ids.map((id) => id.length));
  out.line();
  out.line(out.c.bold('Skills: person-weeks needed / the teams have (+ bought); ! where the teams alone fall short'));
  out.line(`${'skill'.padEnd(width)}  ${inst.quarterLabels.map((l) => l.padEnd(cell)).join('')}`);
  for (const id of ids) {
    const cells = inst.quarterLabels.map((l) => {
      const k = r.skills.find((s) => s.skill === id && s.quarter === l)!;
      const t = text(k).padEnd(cell);
      return k.shortfall > 0 ? out.c.yellow(t) : t;
    });
    out.line(`${id.padEnd(width)}  ${cells.join('')}`);
  }
  if (r.bought.length === 0) return;
  out.line();
  out.line(out.c.bold('Capacity bought'));
  for (const b of r.bought)
    out.line(`  ${b.optionId} (${b.kind}, ${b.skill}) ${b.kind === 'hire' ? 'from' : 'in'} ${b.quarter}: ${b.units} x ${money(b.personWeeksPerQuarter / b.units)} person-weeks per quarter, ${money(b.cost)}; ${b.why}`);
}
