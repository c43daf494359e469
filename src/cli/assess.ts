// `traction assess ...`: the AI-readiness assessment from the command line. Every subcommand
// calls src/assessment/actions.ts (the layer the API calls too) and only prints its answer
// (tables, or the API's JSON shapes with --json) or its refusal. A round argument may be
// `latest`, the newest round.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import * as actions from '../assessment/actions.js';
import { AssessmentError } from '../assessment/assessment-error.js';
import { gapContextFrom, type GapContext } from '../assessment/gap-report.js';
import { responseInputSchema } from '../assessment/questionnaire-schema.js';
import { evaluatePortfolio } from '../portfolio/evaluate-portfolio.js';
import type { Store } from '../store/store.js';
import { formatProblem } from '../workspace/problem.js';
import { validateFile } from '../workspace/validate-file.js';
import { parseYamlFile } from '../workspace/yaml-file.js';
import { printGap, printInvitations, printQuestionnaire, printResults, printRounds, printTasks, printTrend } from './assess-output.js';
import type { RegisterCommand } from './commands.js';
import { withStore, type CliContext } from './context.js';
import { CliError, EXIT } from './output.js';
import { loadForPortfolio, readinessScores } from './portfolio-context.js';

/** The action's refusal as a CLI error: what and where, never a stack trace. */
async function phrased<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof AssessmentError)) throw e;
    const details = (e.issues ?? []).map((i) => (i.field && !i.message.includes(i.field) ? `${i.field}: ${i.message}` : i.message));
    throw new CliError(e.message, e.code === 'closed' || e.code === 'conflict' ? EXIT.failed : EXIT.usage, details.length > 1 ? details : []);
  }
}

function assessment(ctx: CliContext, store: Store): actions.AssessmentContext {
  return { store, now: ctx.now, workspaceRoot: path.resolve(ctx.workspaceDir) };
}

async function roundId(a: actions.AssessmentContext, given: string): Promise<string> {
  if (given !== 'latest') return given;
  const newest = (await actions.listRounds(a))[0];
  if (!newest) throw new CliError('there is no assessment round yet: open one with `traction assess open "<title>"`');
  return newest.id;
}

/** Runs `fn` with the assessment context over the workspace's store, phrasing refusals. */
function run<T>(ctx: CliContext, fn: (a: actions.AssessmentContext) => Promise<T>): Promise<T> {
  return withStore(ctx, (store) => phrased(() => fn(assessment(ctx, store))));
}

/** A response file (YAML or JSON): parsed with positions and checked by the one response schema, every problem located. */
async function readResponseFile(ctx: CliContext, file: string): Promise<unknown> {
  const full = path.resolve(file);
  const text = await readFile(full, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const { parsed, problems } = parseYamlFile(file, text);
  const found = parsed ? validateFile(parsed, responseInputSchema) : { value: undefined, problems };
  if (found.problems.length > 0) throw new CliError(`${found.problems.length} problem${found.problems.length === 1 ? '' : 's'} in ${file}; nothing was recorded`, EXIT.usage, found.problems.map(formatProblem));
  return found.value;
}

/** The three top-ranked use cases of the workspace, for the gap report's actions; none when it cannot be valued. */
async function gapContext(ctx: CliContext): Promise<GapContext> {
  try {
    const { workspace } = await loadForPortfolio(ctx);
    return gapContextFrom(evaluatePortfolio(workspace.useCases, workspace.config, { readiness: await readinessScores(ctx) }));
  } catch {
    return { topUseCases: [] };
  }
}

export const registerAssess: RegisterCommand = (program, context) => {
  const assess = program.command('assess').description('the AI-readiness assessment: questionnaire, rounds, invitation links, answers, results, gap report, tasks and trend');
  sub(assess, 'questionnaire', 'show the questionnaire new rounds open with (assessment/questionnaire.yaml, else the one shipped)')
    .option('--yaml', 'print it as YAML, a starting point for assessment/questionnaire.yaml')
    .action(async (opts: { yaml?: boolean }) => {
      const ctx = context();
      const q = await phrased(() => actions.effectiveQuestionnaire(path.resolve(ctx.workspaceDir)));
      if (opts.yaml) return void ctx.out.streams.stdout.write(stringify(q.questionnaire, { lineWidth: 0 }));
      return ctx.out.json ? ctx.out.printJson(q) : printQuestionnaire(ctx.out, q.questionnaire, q.origin);
    });
  sub(assess, 'rounds', 'list the rounds, newest first').action(async () => {
    const ctx = context();
    const rounds = await run(ctx, (a) => actions.listRounds(a, ctx.env.actor));
    return ctx.out.json ? ctx.out.printJson({ items: rounds }) : printRounds(ctx.out, rounds);
  });
  sub(assess, 'open <title>', 'open a round with the current questionnaire').action(async (title: string) => {
    const ctx = context();
    const r = await run(ctx, (a) => actions.openRound(a, { title }, ctx.env.actor));
    return ctx.out.json ? ctx.out.printJson(r) : ctx.out.line(`opened round ${r.id} "${r.title}" (${r.questionnaire.title}, version ${r.questionnaire.version})`);
  });
  sub(assess, 'close <round>', 'close a round: no more answers, its links stop working').action(async (given: string) => {
    const ctx = context();
    const r = await run(ctx, async (a) => actions.closeRound(a, await roundId(a, given), ctx.env.actor));
    return ctx.out.json ? ctx.out.printJson(r) : ctx.out.line(`closed round ${r.id} "${r.title}" with ${r.respondents.total} respondent${r.respondents.total === 1 ? '' : 's'}`);
  });
  sub(assess, 'invite <round>', 'make one-time invitation links for people without an account (each shown once)')
    .option('--count <n>', 'how many links', (v) => Number(v), 1)
    .option('--days <n>', 'days until they expire (1 to 90)', (v) => Number(v), 14)
    .option('--note <text>', 'who they are for, e.g. "finance team"')
    .option('--base-url <url>', 'the server address the links start with', 'http://localhost:3000')
    .action(async (given: string, opts: { count: number; days: number; note?: string; baseUrl: string }) => {
      const ctx = context();
      const made = await run(ctx, async (a) => actions.inviteToRound(a, await roundId(a, given), { count: opts.count, expires_in_days: opts.days, note: opts.note }, ctx.env.actor));
      const base = opts.baseUrl.replace(/\/+$/, '');
      return ctx.out.json ? ctx.out.printJson({ items: made.map((m) => ({ ...m, link: `${base}${m.path}` })) }) : printInvitations(ctx.out, made, base);
    });
  sub(assess, 'answer <round>', 'record your answers from a file: { group: leadership|staff, answers: [{ item, level }] }')
    .requiredOption('--file <path>', 'YAML or JSON answers')
    .action(async (given: string, opts: { file: string }) => {
      const ctx = context();
      const body = await readResponseFile(ctx, opts.file);
      const r = await run(ctx, async (a) => actions.answerAsUser(a, await roundId(a, given), body, ctx.env.actor));
      return ctx.out.json ? ctx.out.printJson(r) : ctx.out.line(`recorded ${r.answers} answer${r.answers === 1 ? '' : 's'} of ${ctx.env.actor} (${r.group}) in round ${r.round_id}`);
    });
  sub(assess, 'results <round>', 'scores per pillar and overall, maturity levels, disagreements, published benchmarks').action(async (given: string) => {
    const ctx = context();
    const r = await run(ctx, async (a) => (await actions.roundResults(a, await roundId(a, given))).view);
    return ctx.out.json ? ctx.out.printJson(r) : printResults(ctx.out, r);
  });
  sub(assess, 'gap <round>', 'the weakest pillars and the recommended actions').action(async (given: string) => {
    const ctx = context();
    const top = await gapContext(ctx);
    const r = await run(ctx, async (a) => actions.gapReport(a, await roundId(a, given), top));
    return ctx.out.json ? ctx.out.printJson(r) : printGap(ctx.out, r);
  });
  sub(assess, 'task <round> <action>', "make a recommended action of the round's gap report a task").action(async (given: string, action: string) => {
    const ctx = context();
    const t = await run(ctx, async (a) => actions.createTask(a, await roundId(a, given), action, ctx.env.actor));
    return ctx.out.json ? ctx.out.printJson(t) : ctx.out.line(`task ${t.id}: ${t.title}`);
  });
  sub(assess, 'tasks', 'tasks and use cases made from gap reports')
    .option('--round <round>', 'only this round')
    .option('--status <status>', 'open or done')
    .action(async (opts: { round?: string; status?: string }) => {
      const ctx = context();
      if (opts.status !== undefined && opts.status !== 'open' && opts.status !== 'done') throw new CliError(`--status must be open or done, found "${opts.status}"`);
      const status = opts.status as 'open' | 'done' | undefined;
      const items = await run(ctx, async (a) => actions.listTasks(a, { round: opts.round === undefined ? undefined : await roundId(a, opts.round), status }));
      return ctx.out.json ? ctx.out.printJson({ items }) : printTasks(ctx.out, items);
    });
  sub(assess, 'done <task>', 'mark a task done').action(async (task: string) => {
    const ctx = context();
    const t = await run(ctx, (a) => actions.markTaskDone(a, task, ctx.env.actor));
    return ctx.out.json ? ctx.out.printJson(t) : ctx.out.line(`done: ${t.title}`);
  });
  sub(assess, 'trend', 'overall and pillar scores of every round, oldest first').action(async () => {
    const ctx = context();
    const r = await run(ctx, (a) => actions.trend(a));
    return ctx.out.json ? ctx.out.printJson(r) : printTrend(ctx.out, r);
  });
};

function sub(parent: Command, spec: string, description: string): Command {
  return parent.command(spec).description(description);
}
