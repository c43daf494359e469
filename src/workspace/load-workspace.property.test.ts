// Property tests of the loader: random valid workspaces round-trip through YAML unchanged;
// random corruptions of a valid workspace never crash and always give located problems.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { contentHash, workspaceDefinitions } from './definitions.js';
import { loadWorkspaceFromFiles } from './load-workspace.js';
import { definitionFilePath, definitionYaml } from './write-workspace.js';

const id = fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/);
const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const money = fc.integer({ min: 0, max: 10_000_000 });
const range = fc
  .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
  .map(([a, b, c]) => ({ low: a, likely: a + b, high: a + b + c }));
const quantity = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), range);
// Costs are never negative (a saving is a value stream): ranges shifted to start at zero or above.
const cost = fc.oneof(
  fc.double({ min: 0, max: 1e9, noNaN: true }),
  range.map((r) => (r.low >= 0 ? r : { low: 0, likely: r.likely - r.low, high: r.high - r.low })),
);

const useCaseArb = (teams: string[], id0: string) =>
  fc.record({
    id: fc.constant(id0),
    title: text,
    problem: text,
    objective: text,
    owner: text,
    sponsor: text,
    department: text,
    team: fc.constantFrom(...teams),
    stage: fc.constantFrom('idea', 'qualified', 'poc', 'pilot', 'production', 'scaled', 'on_hold', 'retired'),
    value_streams: fc.array(
      fc.record({
        id,
        name: text,
        kind: fc.constantFrom('revenue', 'cost_saving', 'risk_reduction', 'other'),
        formula: fc.constant('a * b'),
        inputs: fc.record({ a: quantity, b: quantity }),
      }),
      { maxLength: 3 },
    ),
    costs: fc.record({ build: cost, run_monthly: cost }),
    adoption_ramp_months: fc.integer({ min: 0, max: 24 }),
    probability_of_success: fc.double({ min: 0, max: 1, noNaN: true }),
    effort_person_weeks: fc.integer({ min: 0, max: 500 }),
    risk: fc.record({ eu_ai_act: fc.constantFrom('minimal', 'limited', 'high', 'prohibited'), notes: text }),
    tags: fc.array(text, { maxLength: 3 }),
  });

const workspaceArb = fc
  .record({
    teams: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
    useCaseIds: fc.uniqueArray(id, { maxLength: 5 }),
    // One amount, a list of one, or one per quarter (8, the default number of quarters).
    budget: fc.oneof(money, fc.array(money, { minLength: 1, maxLength: 1 }), fc.array(money, { minLength: 8, maxLength: 8 })),
    discount: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain(({ teams, useCaseIds, budget, discount }) =>
    fc.record({
      config: fc.constant({
        organisation: 'Org',
        currency: 'EUR',
        discount_rate: discount,
        horizon_months: 36,
        start_quarter: '2027-Q1',
        budget_per_quarter: budget,
        teams: teams.map((t) => ({ id: t, name: t.toUpperCase(), capacity_person_weeks_per_quarter: 40 })),
      }),
      useCases: fc.tuple(...useCaseIds.map((u) => useCaseArb(teams, u))),
    }),
  );

function toFiles(ws: { config: unknown; useCases: { id: string }[] }): Map<string, string> {
  const files = new Map<string, string>([['traction.yaml', stringify(ws.config)]]);
  for (const u of ws.useCases) files.set(`usecases/${u.id}.yaml`, stringify(u));
  return files;
}

describe('workspace loader properties', () => {
  it('random valid workspaces load without problems and round-trip through export', () => {
    fc.assert(
      fc.property(workspaceArb, (ws) => {
        const first = loadWorkspaceFromFiles('/ws', toFiles(ws));
        expect(first.problems).toEqual([]);
        const defs = workspaceDefinitions(first.workspace!);
        const exported = new Map(defs.map((d) => [definitionFilePath(d.kind, d.id), definitionYaml(d.kind, d.body)]));
        const second = loadWorkspaceFromFiles('/ws', exported);
        expect(second.problems).toEqual([]);
        expect(workspaceDefinitions(second.workspace!).map((d) => d.hash)).toEqual(defs.map((d) => contentHash(d.body)));
      }),
      { numRuns: 150 },
    );
  });

  it('random corruptions never crash and every problem is located in a real file and line', () => {
    const corruption = fc.record({
      file: fc.nat(),
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace-value', 'unknown-key', 'truncate'),
      junk: fc.string({ minLength: 1, maxLength: 6 }),
    });
    let withProblems = 0;
    fc.assert(
      fc.property(workspaceArb, fc.array(corruption, { minLength: 1, maxLength: 3 }), (ws, corruptions) => {
        const files = toFiles(ws);
        const names = [...files.keys()];
        for (const c of corruptions) {
          const name = names[c.file % names.length] as string;
          const src = files.get(name) as string;
          const at = c.at % (src.length + 1);
          const lines = src.split('\n');
          const line = c.at % lines.length;
          let out = src;
          if (c.kind === 'delete') out = src.slice(0, at) + src.slice(at + 1);
          else if (c.kind === 'insert') out = src.slice(0, at) + c.junk + src.slice(at);
          else if (c.kind === 'truncate') out = src.slice(0, at);
          else if (c.kind === 'unknown-key') out = `${src}zz_${c.junk.replace(/[^a-z]/g, 'q')}: 1\n`;
          else out = lines.map((l, i) => (i === line ? l.replace(/: .*$/, ': [oops') : l)).join('\n');
          files.set(name, out);
        }
        const result = loadWorkspaceFromFiles('/ws', files);
        for (const p of result.problems) {
          const fileText = files.get(p.file);
          expect(fileText, `problem in unknown file ${p.file}`).toBeDefined();
          const lineCount = (fileText as string).split('\n').length;
          expect(p.line).toBeGreaterThanOrEqual(p.file === 'traction.yaml' && fileText === undefined ? 0 : 1);
          expect(p.line).toBeLessThanOrEqual(lineCount);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.message.length).toBeGreaterThan(0);
        }
        if (!result.workspace) expect(result.problems.length).toBeGreaterThan(0);
        if (result.problems.length > 0) withProblems += 1;
      }),
      { numRuns: 300 },
    );
    // The corruptions must actually exercise the error paths.
    expect(withProblems).toBeGreaterThan(100);
  });
});
