// The shipped template library: at least 20 templates across the eight business areas; each,
// made into a use case with placeholder owner and team, passes the same validation
// `traction validate` runs (validate-use-case.ts over the use-case zod schema, references,
// formulas); every quantity rests on a dated public source or a stated assumption; the gate
// policies are well-formed gates of the default lifecycle. A broken library is refused with
// file:line problems, not half-loaded.
import { mkdtemp, mkdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { TEMPLATE_CATEGORIES } from '../../src/domain/use-case-template.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { instantiateTemplate } from '../../src/templates/instantiate.js';
import { LIBRARY_DIR, loadTemplateLibrary } from '../../src/templates/library.js';
import { quantitiesOf, templateIssues } from '../../src/templates/template-issues.js';
import { formatProblem, WorkspaceError } from '../../src/workspace/problem.js';
import { validateUseCase } from '../../src/workspace/validate-use-case.js';

const library = await loadTemplateLibrary();
const config = workspaceConfigSchema.parse({
  organisation: 'Placeholder Ltd',
  currency: 'EUR',
  discount_rate: 0.1,
  horizon_months: 36,
  start_quarter: '2027-Q1',
  quarters: 4,
  budget_per_quarter: 100000,
  teams: [{ id: 'placeholder-team', name: 'Placeholder', capacity_person_weeks_per_quarter: 10 }],
});

describe('the template library', () => {
  it('has at least 20 templates covering every business area', () => {
    expect(library.templates.length).toBeGreaterThanOrEqual(20);
    expect(new Set(library.templates.map((t) => t.category))).toEqual(new Set(TEMPLATE_CATEGORIES));
    expect(new Set(library.templates.map((t) => t.id)).size).toBe(library.templates.length);
  });

  describe.each(library.templates.map((t) => [t.id, t] as const))('%s', (_id, t) => {
    it('validates as a use case of a workspace, with placeholder owner and team', () => {
      const { useCase, missingDatasets } = instantiateTemplate(t, { owner: 'owner@example.com', sponsor: 'sponsor@example.com', team: 'placeholder-team' });
      expect(missingDatasets).toEqual([]);
      const context = { config, useCases: [], datasets: t.datasets.map((d) => ({ id: d.id })), sources: [] };
      const { value, issues } = validateUseCase(useCase, context);
      expect(issues).toEqual([]);
      expect(value?.value_streams.length).toBeGreaterThan(0);
      expect(value?.feasibility?.skills_required.length).toBeGreaterThan(0);
      expect(value?.tags).toContain(`template:${t.id}`);
    });

    it('gives a source with its year, or a stated assumption, for every range and cost', () => {
      const quantities = quantitiesOf(t);
      expect(quantities.length).toBeGreaterThan(2);
      for (const q of quantities) {
        const b = t.basis[q.key];
        expect(b, q.key).toBeDefined();
        if (b && 'source' in b) expect(b.year, q.key).toBeLessThanOrEqual(2026);
      }
      expect(Object.keys(t.basis).sort()).toEqual(quantities.map((q) => q.key).sort());
      expect(templateIssues(t, library.policies.map((p) => p.id))).toEqual([]);
    });

    it('has a baseline hint for every KPI, suggested datasets with checks, a known gate policy and a risk class with its reason', () => {
      expect(Object.keys(t.kpi_baselines).sort()).toEqual(t.use_case.kpis.map((k) => k.id).sort());
      expect(t.datasets.length).toBeGreaterThan(0);
      for (const d of t.datasets) expect(d.checks.length).toBeGreaterThan(0);
      expect(library.policies.map((p) => p.id)).toContain(t.gate_policy);
      expect(t.risk_basis.length).toBeGreaterThan(20);
    });
  });

  it('classes CV screening as high-risk under Annex III with the high-risk gate policy', () => {
    const cv = library.templates.find((t) => t.id === 'cv-screening')!;
    expect(cv.use_case.risk.eu_ai_act).toBe('high');
    expect(cv.risk_basis).toMatch(/Annex III/);
    expect(cv.gate_policy).toBe('high-risk');
    for (const t of library.templates.filter((x) => x.use_case.risk.eu_ai_act === 'high')) expect(t.gate_policy, t.id).toBe('high-risk');
  });

  it('has gate policies over transitions of the default lifecycle; the high-risk one asks risk and compliance at the first gate', () => {
    expect(library.policies.map((p) => p.id).sort()).toEqual(['high-risk', 'standard']);
    for (const p of library.policies)
      for (const g of p.gates) {
        const stages: readonly string[] = DEFAULT_STAGES;
        expect(stages).toContain(g.from);
        expect(stages.indexOf(g.to) - stages.indexOf(g.from), `${p.id} ${g.from}->${g.to}`).toBe(1);
      }
    const first = library.policies.find((p) => p.id === 'high-risk')!.gates.find((g) => g.from === 'idea')!;
    expect(first.criteria).toContainEqual({ kind: 'signoff', roles: ['business_owner', 'risk_compliance'] });
  });
});

describe('a broken library', () => {
  it('is refused whole, each problem with its file, line and field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'traction-templates-'));
    try {
      await mkdir(path.join(dir, 'gate-policies'));
      await copyFile(path.join(LIBRARY_DIR, 'gate-policies', 'standard.yaml'), path.join(dir, 'gate-policies', 'standard.yaml'));
      await copyFile(path.join(LIBRARY_DIR, 'invoice-processing.yaml'), path.join(dir, 'invoice-processing.yaml'));
      const text = (await import('node:fs')).readFileSync(path.join(LIBRARY_DIR, 'invoice-processing.yaml'), 'utf8');
      // A quantity without its basis, and a template under the wrong file name.
      await writeFile(path.join(dir, 'no-basis.yaml'), text.replace('id: invoice-processing', 'id: no-basis').replace(/\n {2}costs\.run_monthly:\n.*\n/, '\n'));
      await writeFile(path.join(dir, 'renamed.yaml'), text);
      const error = await loadTemplateLibrary(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceError);
      const problems = (error as WorkspaceError).problems.map(formatProblem);
      expect(problems).toContainEqual(expect.stringMatching(/^no-basis\.yaml:\d+:\d+: use_case\.costs\.run_monthly: no source or assumption for this quantity/));
      expect(problems).toContainEqual(expect.stringMatching(/^renamed\.yaml:1:\d+: id: the id "invoice-processing" differs from the file name/));
      expect(problems).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
