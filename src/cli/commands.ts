// The list of commands, as a manifest: name, how help shows it, a one-line summary, and a lazy
// import of the file that registers it. `traction --help` prints from the manifest without
// loading any command module, and `traction X` loads X's file only, so a command starts with
// what it uses rather than with every module of the CLI (benchmarks/startup/). A test checks
// that each entry says what its command registers (test/cli-manifest.test.ts).
import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** `setExit` raises the process exit code (e.g. 1 when a check fails) without throwing. */
export type RegisterCommand = (program: Command, context: () => CliContext, setExit: (code: number) => void) => void;

export interface CommandEntry {
  name: string;
  /** The command as help lists it (name, `[options]`, arguments): commander's own term for it. */
  term: string;
  summary: string;
  load: () => Promise<RegisterCommand>;
}

export const COMMAND_MANIFEST: readonly CommandEntry[] = [
  { name: 'init', term: 'init [dir]', summary: 'create a starter workspace (traction.yaml, a use case, a source, a dataset, JSON schemas)', load: async () => (await import('./init.js')).registerInit },
  { name: 'new', term: 'new', summary: 'create a definition in the workspace', load: async () => (await import('./new.js')).registerNew },
  { name: 'templates', term: 'templates [id]', summary: 'list the use-case templates, or show one with the source of every number', load: async () => (await import('./templates.js')).registerTemplates },
  { name: 'validate', term: 'validate [options]', summary: 'check every definition file; report all problems with file:line:column', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'doctor', term: 'doctor [options] [sources...]', summary: 'connect to each source and tell whether its account could write or read beyond what checks need (writes nothing)', load: async () => (await import('./doctor.js')).registerDoctor },
  { name: 'apply', term: 'apply [options]', summary: 'store the workspace definitions (created / updated / unchanged / archived / kept per object)', load: async () => (await import('./apply.js')).registerApply },
  { name: 'pull', term: 'pull [options]', summary: 'write changes made in the browser into the workspace files, which then own them', load: async () => (await import('./pull.js')).registerPull },
  { name: 'export', term: 'export [options]', summary: 'write the definitions in the store as YAML files (round-trips with apply)', load: async () => (await import('./export.js')).registerExport },
  { name: 'status', term: 'status', summary: 'use cases by current stage, with owner and progress through the next gate (from the store)', load: async () => (await import('./status.js')).registerStatus },
  { name: 'schema', term: 'schema [options]', summary: 'print the JSON Schema of a definition file, or write all of them with --out', load: async () => (await import('./schema.js')).registerSchema },
  { name: 'bench', term: 'bench', summary: 'load-test model endpoints; SLO verdicts and cost as gate evidence', load: async () => (await import('./bench.js')).registerBench },
  { name: 'data', term: 'data', summary: 'data readiness: checks, profiles and metric history on the real data', load: async () => (await import('./data.js')).registerData },
  { name: 'portfolio', term: 'portfolio [options]', summary: 'rank use cases by risk-adjusted value, feasibility, alignment and risk (Monte Carlo NPV)', load: async () => (await import('./portfolio.js')).registerPortfolio },
  { name: 'roadmap', term: 'roadmap [options]', summary: 'the optimal roadmap under budget, team capacity and dependencies (exact MIP, HiGHS); a use case whose gate was rejected waits until resubmitted', load: async () => (await import('./roadmap.js')).registerRoadmap },
  { name: 'serve', term: 'serve [options]', summary: 'run the API and the dashboard (first start creates an admin and prints its one-time password)', load: async () => (await import('./serve.js')).registerServe },
  { name: 'jobs', term: 'jobs [options]', summary: 'scheduled jobs (readiness checks, KPI measures): next run, last runs, status and error', load: async () => (await import('./jobs.js')).registerJobs },
  { name: 'kpi', term: 'kpi', summary: 'KPI baselines, measurements, progress and realised value', load: async () => (await import('./kpi.js')).registerKpi },
  { name: 'experiment', term: 'experiment', summary: 'pilot experiments: analyse treatment vs control, plan sample size', load: async () => (await import('./experiment.js')).registerExperiment },
  { name: 'value', term: 'value [options] <use-case>', summary: 'one business case: cash flows, NPV distribution and tornado', load: async () => (await import('./value.js')).registerValue },
  { name: 'gate', term: 'gate [options] <useCase>', summary: 'evaluate the next gate of a use case against its recorded evidence (exit 1 if not all met)', load: async () => (await import('./gate.js')).registerGate },
  { name: 'advance', term: 'advance [options] <useCase>', summary: 'move a use case one stage on when its gate is passed (records the decision)', load: async () => (await import('./advance.js')).registerAdvance },
  { name: 'signoff', term: 'signoff [options] <useCase>', summary: "sign off (or reject) a use case's next transition in a role you hold", load: async () => (await import('./signoff.js')).registerSignoff },
  { name: 'rubric', term: 'rubric [options] <useCase>', summary: 'show the ML Test Score sheet of a use case, or record one answer with --item and --score', load: async () => (await import('./rubric.js')).registerRubric },
  { name: 'decisions', term: 'decisions [useCase]', summary: 'list the decision log (who, when, from, to, evidence, reason); overrides are flagged', load: async () => (await import('./decisions.js')).registerDecisions },
  { name: 'usage', term: 'usage [options] [usecase]', summary: "adoption, cost against budget, production latency and value from the model services' telemetry", load: async () => (await import('./usage.js')).registerUsage },
  { name: 'telemetry', term: 'telemetry', summary: 'OpenTelemetry GenAI spans from the model services: usage per use case', load: async () => (await import('./telemetry-import.js')).registerTelemetry },
  { name: 'assess', term: 'assess', summary: 'the AI-readiness assessment: questionnaire, rounds, invitation links, answers, results, gap report, tasks and trend', load: async () => (await import('./assess.js')).registerAssess },
  { name: 'import', term: 'import', summary: 'use cases from a spreadsheet (XLSX, CSV); datasets and checks from a dbt manifest', load: async () => (await import('./import.js')).registerImport },
  { name: 'report', term: 'report [options]', summary: 'the executive report (portfolio, roadmap and funding, pilot verdicts, value realised, data readiness, risks, assessment) as one HTML file or a PDF', load: async () => (await import('./report.js')).registerReport },
  { name: 'notify', term: 'notify', summary: 'notifications: send the outbox, send daily digests, tell new usage alerts, read the delivery log, retry dead letters', load: async () => (await import('./notify.js')).registerNotify },
  { name: 'pulse', term: 'pulse', summary: "a short recurring survey of a deployed use case's users (four statements, 0-100), answered through single-use links", load: async () => (await import('./pulse.js')).registerPulse },
];
