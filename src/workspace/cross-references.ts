// Checks that need more than one file: references between definitions (teams, stages,
// datasets, sources, dependencies), dependency cycles and the gate policy (stages exist,
// no gate to itself, no gate twice).
import { likelyValue } from '../domain/common.js';
import type { Workspace } from '../domain/workspace.js';
import { compileFormula, FormulaError } from '../domain/formula.js';
import { formatPath, type Problem } from './problem.js';
import { closest } from './schema-keys.js';
import { locate, type YamlFile } from './yaml-file.js';

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
  const unknown = (what: string, name: string, known: string[]) => {
    const s = closest(name, known);
    return `unknown ${what} "${name}"${s ? ` (did you mean "${s}"?)` : known.length ? ` (known: ${known.join(', ')})` : ''}`;
  };

  const stages = ws.config.stages;
  const allStages = [...stages, ...ws.config.side_stages.filter((s) => !stages.includes(s))];
  const teams = ws.config.teams.map((t) => t.id);
  const useCaseIds = ws.useCases.map((u) => u.id);
  const datasetIds = ws.datasets.map((d) => d.id);
  const sourceIds = ws.sources.map((s) => s.id);
  const isBroken = (kind: string, id: string) => broken.get(kind)?.has(id) === true;

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

  for (const u of ws.useCases) {
    const key = `use_case:${u.id}`;
    if (!teams.includes(u.team)) problemAt(key, ['team'], unknown('team', u.team, teams));
    if (!allStages.includes(u.stage)) problemAt(key, ['stage'], unknown('stage', u.stage, allStages));
    u.depends_on.forEach((d, i) => {
      if (!useCaseIds.includes(d) && !isBroken('use_case', d)) problemAt(key, ['depends_on', i], unknown('use case', d, useCaseIds));
    });
    u.kpis.forEach((k, i) => {
      if (k.measure && !sourceIds.includes(k.measure.source)) problemAt(key, ['kpis', i, 'measure', 'source'], unknown('source', k.measure.source, sourceIds));
    });
    u.datasets.forEach((d, i) => {
      if (!datasetIds.includes(d.dataset) && !isBroken('dataset', d.dataset)) problemAt(key, ['datasets', i, 'dataset'], unknown('dataset', d.dataset, datasetIds));
    });
  }
  for (const u of ws.useCases) checkFormulas(u, (path, message) => problemAt(`use_case:${u.id}`, path, message));
  for (const key of ['must_do', 'must_not'] as const)
    (ws.config.roadmap?.[key] ?? []).forEach((id, i) => {
      if (!useCaseIds.includes(id) && !isBroken('use_case', id)) problemAt('config:config', ['roadmap', key, i], unknown('use case', id, useCaseIds));
    });
  for (const d of ws.datasets) {
    if (!sourceIds.includes(d.source) && !isBroken('source', d.source)) problemAt(`dataset:${d.id}`, ['source'], unknown('source', d.source, sourceIds));
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

/** Value-stream formulas parse, name only declared inputs, and evaluate at the likely values. */
function checkFormulas(u: Workspace['useCases'][number], report: (path: PropertyKey[], message: string) => void): void {
  u.value_streams.forEach((vs, i) => {
    const names = Object.keys(vs.inputs);
    try {
      compileFormula(vs.formula, names).evaluate(names.map((n) => likelyValue(vs.inputs[n]!)));
    } catch (e) {
      if (e instanceof FormulaError) report(['value_streams', i, 'formula'], e.message);
      else throw e;
    }
  });
}
