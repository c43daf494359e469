// Checks that need more than one file: references between definitions (teams, stages,
// datasets, sources, dependencies), dependency cycles and the gate policy (stages exist,
// no gate to itself, no gate twice).
import { engineRefusal } from '../domain/checks.js';
import { likelyValue } from '../domain/common.js';
import { USAGE_VALUE_VARIABLES, type UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { skillVocabulary, type WorkspaceConfig } from '../domain/workspace-config.js';
import { compileFormula, FormulaError } from '../domain/formula.js';
import { formatPath, type Problem } from './problem.js';
import { closest } from './schema-keys.js';
import type { FieldIssue } from './validate-file.js';
import { locate, type YamlFile } from './yaml-file.js';

/** What a use case may refer to: the rest of the workspace, by id. */
export interface UseCaseScope {
  teams: string[];
  stages: string[];
  useCaseIds: string[];
  datasetIds: string[];
  sourceIds: string[];
  /** The skill vocabulary (defaults plus traction.yaml `skills`) that `skill_demand` names. */
  skills?: string[];
  /** Definitions whose own file has problems: a reference to one is not reported again. */
  isBroken(kind: string, id: string): boolean;
}

export function allStagesOf(config: WorkspaceConfig): string[] {
  return [...config.stages, ...config.side_stages.filter((s) => !config.stages.includes(s))];
}

export function useCaseScope(
  ws: { config: WorkspaceConfig; useCases: readonly { id: string }[]; datasets: readonly { id: string }[]; sources: readonly { id: string }[] },
  broken: Map<string, Set<string>> = new Map(),
): UseCaseScope {
  return {
    teams: ws.config.teams.map((t) => t.id),
    stages: allStagesOf(ws.config),
    useCaseIds: ws.useCases.map((u) => u.id),
    datasetIds: ws.datasets.map((d) => d.id),
    sourceIds: ws.sources.map((s) => s.id),
    skills: skillVocabulary(ws.config).map((s) => s.id),
    isBroken: (kind, id) => broken.get(kind)?.has(id) === true,
  };
}

function unknown(what: string, name: string, known: string[]): string {
  const s = closest(name, known);
  return `unknown ${what} "${name}"${s ? ` (did you mean "${s}"?)` : known.length ? ` (known: ${known.join(', ')})` : ''}`;
}

/**
 * What one schema-valid use case refers to exists (team, stage, use cases it depends on,
 * sources of KPI measures, datasets) and its value-stream formulas compile and evaluate.
 * The one check of a use case's references: `validate` runs it on every file, the API on
 * every body it would store. Cycles need the whole graph: see `findCycles`.
 */
export function useCaseIssues(u: UseCase, scope: UseCaseScope): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const report = (path: PropertyKey[], message: string) => issues.push({ path, message });
  if (!scope.teams.includes(u.team)) report(['team'], unknown('team', u.team, scope.teams));
  if (!scope.stages.includes(u.stage)) report(['stage'], unknown('stage', u.stage, scope.stages));
  u.depends_on.forEach((d, i) => {
    if (!scope.useCaseIds.includes(d) && !scope.isBroken('use_case', d)) report(['depends_on', i], unknown('use case', d, scope.useCaseIds));
  });
  u.kpis.forEach((k, i) => {
    if (k.measure && !scope.sourceIds.includes(k.measure.source) && !scope.isBroken('source', k.measure.source))
      report(['kpis', i, 'measure', 'source'], unknown('source', k.measure.source, scope.sourceIds));
  });
  u.datasets.forEach((d, i) => {
    if (!scope.datasetIds.includes(d.dataset) && !scope.isBroken('dataset', d.dataset)) report(['datasets', i, 'dataset'], unknown('dataset', d.dataset, scope.datasetIds));
  });
  for (const skill of Object.keys(u.skill_demand ?? {}))
    if (scope.skills && !scope.skills.includes(skill)) report(['skill_demand', skill], `${unknown('skill', skill, scope.skills)}; add it under skills: in traction.yaml`);
  checkFormulas(u, report);
  return issues;
}

/**
 * `broken` holds, per kind, the ids of definitions whose file exists but has problems of its
 * own: a reference to one of them is not reported again as unknown (one mistake, one message).
 */
export function checkCrossReferences(ws: Workspace, origins: Map<string, YamlFile>, broken: Map<string, Set<string>> = new Map()): Problem[] {
  const problems: Problem[] = [];
  const problemAt = (key: string, path: PropertyKey[], message: string) => {
    const f = origins.get(key);
    if (!f) return;
    problems.push({ file: f.file, ...locate(f, path), path: formatPath(path), message });
  };
  const scope = useCaseScope(ws, broken);
  const { stages: allStages, useCaseIds, sourceIds, isBroken } = scope;

  const stagesSeen = new Set<string>();
  ws.config.stages.forEach((s, i) => {
    if (stagesSeen.has(s)) problemAt('config:config', ['stages', i], `duplicate stage "${s}"`);
    stagesSeen.add(s);
  });
  const gatesSeen = new Map<string, number>();
  ws.config.gates.forEach((g, i) => {
    for (const end of ['from', 'to'] as const)
      if (!allStages.includes(g[end])) problemAt('config:config', ['gates', i, end], unknown('stage', g[end], allStages));
    if (g.from === g.to) problemAt('config:config', ['gates', i, 'to'], `a gate leads from ${g.from} to itself`);
    const previous = gatesSeen.get(`${g.from}->${g.to}`);
    if (previous !== undefined) problemAt('config:config', ['gates', i], `duplicate gate ${g.from} -> ${g.to} (also gates[${previous}])`);
    else gatesSeen.set(`${g.from}->${g.to}`, i);
  });
  const teamIdsSeen = new Set<string>();
  ws.config.teams.forEach((t, i) => {
    if (teamIdsSeen.has(t.id)) problemAt('config:config', ['teams', i, 'id'], `duplicate team id "${t.id}"`);
    teamIdsSeen.add(t.id);
  });

  for (const u of ws.useCases) for (const issue of useCaseIssues(u, scope)) problemAt(`use_case:${u.id}`, issue.path, issue.message);
  for (const key of ['must_do', 'must_not'] as const)
    (ws.config.roadmap?.[key] ?? []).forEach((id, i) => {
      if (!useCaseIds.includes(id) && !isBroken('use_case', id)) problemAt('config:config', ['roadmap', key, i], unknown('use case', id, useCaseIds));
    });
  for (const d of ws.datasets) {
    if (!sourceIds.includes(d.source) && !isBroken('source', d.source)) problemAt(`dataset:${d.id}`, ['source'], unknown('source', d.source, sourceIds));
    // A check the dataset's engine cannot express is refused here, naming the engine.
    const engine = ws.sources.find((s) => s.id === d.source)?.kind;
    if (engine) d.checks.forEach((c, i) => {
      const refusal = engineRefusal(c, engine);
      if (refusal) problemAt(`dataset:${d.id}`, ['checks', i], refusal);
    });
  }
  for (const cycle of findCycles(ws.useCases.map((u) => ({ id: u.id, deps: u.depends_on.filter((d) => useCaseIds.includes(d)) })))) {
    problemAt(`use_case:${cycle[0]}`, ['depends_on'], `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}`);
  }
  return problems;
}

/** Every elementary cycle reachable by depth-first search, each reported once. */
export function findCycles(nodes: { id: string; deps: string[] }[]): string[][] {
  const deps = new Map(nodes.map((n) => [n.id, n.deps]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (state.get(d) === 'open') cycles.push(stack.slice(stack.indexOf(d)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  return cycles;
}

/**
 * Value-stream formulas parse, name only declared inputs, and evaluate at the likely values.
 * A value template (`usage_value`) parses and names only usage variables and its inputs; it is
 * not evaluated here, since its usage variables are only known month by month.
 */
function checkFormulas(u: UseCase, report: (path: PropertyKey[], message: string) => void): void {
  u.value_streams.forEach((vs, i) => {
    const names = Object.keys(vs.inputs);
    try {
      compileFormula(vs.formula, names).evaluate(names.map((n) => likelyValue(vs.inputs[n]!)));
    } catch (e) {
      if (e instanceof FormulaError) report(['value_streams', i, 'formula'], e.message);
      else throw e;
    }
  });
  if (u.usage_value) {
    try {
      compileFormula(u.usage_value.formula, [...USAGE_VALUE_VARIABLES, ...Object.keys(u.usage_value.inputs)]);
    } catch (e) {
      if (e instanceof FormulaError) report(['usage_value', 'formula'], e.message);
      else throw e;
    }
  }
}
