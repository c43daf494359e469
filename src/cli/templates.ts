// `traction templates [ID]`: the use-case template library, or one template whole (its value
// streams with the source or assumption of every number, KPIs with baseline hints, suggested
// datasets and checks, risk class, skills, and its gate policy as traction.yaml takes it).
import { stringify } from 'yaml';
import type { RegisterCommand } from './commands.js';
import { CliError, type Output } from './output.js';
import type { UseCaseTemplate } from '../domain/use-case-template.js';
import { describeBasis } from '../templates/instantiate.js';
import { findTemplate, loadTemplateLibrary, type TemplateLibrary } from '../templates/library.js';
import { quantitiesOf } from '../templates/template-issues.js';
import { closest } from '../workspace/schema-keys.js';
import { formatProblem, WorkspaceError } from '../workspace/problem.js';

/** The shipped library; a broken one is reported by file and line. */
export async function libraryForCli(): Promise<TemplateLibrary> {
  try {
    return await loadTemplateLibrary();
  } catch (e) {
    if (e instanceof WorkspaceError) throw new CliError('the template library has problems', 1, e.problems.map(formatProblem));
    throw e;
  }
}

export function templateOrError(library: TemplateLibrary, id: string): UseCaseTemplate {
  const t = findTemplate(library, id);
  if (t) return t;
  const hint = closest(id, library.templates.map((x) => x.id));
  throw new CliError(`no template "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`traction templates\` lists them`);
}

export function printTemplateList(out: Output, library: TemplateLibrary): void {
  if (out.json) return out.printJson(library.templates.map((t) => ({ id: t.id, name: t.name, category: t.category, eu_ai_act: t.use_case.risk.eu_ai_act, summary: t.summary })));
  out.table(
    [
      { header: 'id', value: (t: UseCaseTemplate) => t.id },
      { header: 'area', value: (t) => t.category.replace('_', ' ') },
      { header: 'EU AI Act', value: (t) => t.use_case.risk.eu_ai_act },
      { header: 'name', value: (t) => t.name },
    ],
    [...library.templates].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id)),
  );
  out.line();
  out.line('traction templates ID shows one whole; traction new usecase --template ID writes it into the workspace');
}

function printTemplate(out: Output, library: TemplateLibrary, t: UseCaseTemplate): void {
  const policy = library.policies.find((p) => p.id === t.gate_policy)!;
  if (out.json) return out.printJson({ ...t, gate_policy: policy });
  out.line(out.c.bold(`${t.name} (${t.id}), ${t.category.replace('_', ' ')}`));
  out.line(t.summary);
  out.line();
  out.line(out.c.bold('Value streams'));
  for (const v of t.use_case.value_streams) out.line(`  ${v.name}: ${v.formula}`);
  out.line();
  out.line(out.c.bold('Every number and what it rests on'));
  for (const q of quantitiesOf(t)) {
    const v = q.value;
    out.line(`  ${q.key} = ${typeof v === 'number' ? v : `${v.low} / ${v.likely} / ${v.high}`}`);
    out.line(`    ${describeBasis(t.basis[q.key]!)}`);
  }
  out.line();
  out.line(out.c.bold('KPIs and their baselines'));
  for (const k of t.use_case.kpis) out.line(`  ${k.name} (${k.role}, target ${k.target} ${k.unit}): ${t.kpi_baselines[k.id]}`);
  out.line();
  out.line(out.c.bold('Suggested datasets'));
  for (const d of t.datasets) out.line(`  ${d.id}: ${d.description}; ${d.checks.length} checks (see --json)`);
  out.line();
  out.line(`${out.c.bold('EU AI Act')}: ${t.use_case.risk.eu_ai_act}. ${t.risk_basis}`);
  out.line(`${out.c.bold('Skills')}: ${(t.use_case.feasibility?.skills_required ?? []).join(', ')}`);
  out.line();
  out.line(`${out.c.bold('Gate policy')} "${policy.id}": ${policy.description}`);
  out.line('  to adopt it, put these gates in traction.yaml:');
  out.line(stringify({ gates: policy.gates }, { lineWidth: 0 }).trimEnd().replace(/^/gm, '    '));
}

export const registerTemplates: RegisterCommand = (program, context) => {
  program
    .command('templates [id]')
    .description('list the use-case templates, or show one with the source of every number')
    .action(async (id: string | undefined) => {
      const ctx = context();
      const library = await libraryForCli();
      if (id === undefined) return printTemplateList(ctx.out, library);
      printTemplate(ctx.out, library, templateOrError(library, id));
    });
};
