// `traction roadmap`: the optimal plan under budget, team capacity and dependencies, as a
// quarter-by-quarter Gantt, with the greedy baseline, the optimality gap, what binds, and
// why each left-out use case is left out.
import { performance } from 'node:perf_hooks';
import type { RegisterCommand } from './commands.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { evaluatePortfolio } from '../portfolio/evaluate-portfolio.js';
import { loadHighs } from '../portfolio/load-highs.js';
import { planRoadmap, type RoadmapResult } from '../portfolio/roadmap.js';
import { buildRoadmapInstance, valueAt, type RoadmapInstance } from '../portfolio/roadmap-instance.js';
import { ganttRow } from './charts.js';
import { CliError, EXIT, type Output } from './output.js';
import { formatProblem } from '../workspace/problem.js';
import { loadForPortfolio, located, money, percent, readinessScores, unvaluedProblems } from './portfolio-context.js';

interface RoadmapOptions {
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
  program
    .command('roadmap')
    .description('the optimal roadmap under budget, team capacity and dependencies (exact MIP, HiGHS)')
    .option('--budget-per-quarter <amount>', 'override traction.yaml budget_per_quarter', positive('--budget-per-quarter'))
    .option('--quarters <n>', 'override the number of quarters planned', positive('--quarters'))
    .option('--time-limit <seconds>', 'solver time limit (default: traction.yaml roadmap.time_limit_seconds or 30)', positive('--time-limit'))
    .action(async (opts: RoadmapOptions) => {
      const ctx = context();
      const loaded = await loadForPortfolio(ctx);
      const { config, useCases } = loaded.workspace;
      if (opts.quarters !== undefined && (!Number.isInteger(opts.quarters) || opts.quarters < 1)) throw new CliError(`--quarters must be a whole number >= 1, found ${opts.quarters}`, EXIT.usage);
      const readiness = await readinessScores(ctx);
      const highs = await loadHighs();
      let problems: ReturnType<typeof unvaluedProblems> = [];
      const { instance, result } = located(loaded, () => {
        const evaluation = evaluatePortfolio(useCases, config, { readiness });
        const expected = new Map([...evaluation.valuations].map(([id, v]) => [id, v.simulation.expectedNpv]));
        const overrides = { ...(opts.quarters !== undefined ? { quarters: opts.quarters } : {}), ...(opts.budgetPerQuarter !== undefined ? { budgetPerQuarter: opts.budgetPerQuarter } : {}) };
        const unvalued = new Map(evaluation.unvalued.map((u) => [u.useCaseId, u.problems.map((p) => p.message).join('; ')]));
        problems = unvaluedProblems(loaded, evaluation);
        const inst = buildRoadmapInstance(useCases.filter((u) => evaluation.valuations.has(u.id)), config, expected, overrides, unvalued);
        const mustDo = config.roadmap?.must_do ?? [];
        return { instance: inst, result: planRoadmap(inst, highs, { timeLimitSeconds: opts.timeLimit ?? config.roadmap?.time_limit_seconds ?? 30, mustDoIndex: (id) => mustDo.indexOf(id), clock: () => performance.now() }) };
      });
      // A use case that cannot be valued is left out (see excluded) and makes the exit code 2.
      if (problems.length > 0) setExit(EXIT.usage);
      if (ctx.out.json) return ctx.out.printJson(roadmapJson(instance, result, config.currency));
      printRoadmap(ctx.out, instance, result, config);
      for (const u of problems) ctx.out.error(`not valued, left out: ${formatProblem(u.problem)}`);
    });
};

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
