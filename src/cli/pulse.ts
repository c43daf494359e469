// `traction pulse open|links|close|results`: the pulse survey of a deployed use case, through
// the same actions as the API (src/pulse/pulse-actions.ts). Links are printed once and never
// stored; results show no figure for a group smaller than telemetry.min_group_size.
import { InvalidArgumentError } from 'commander';
import { InvitationError } from '../assessment/invitation.js';
import type { Workspace } from '../domain/workspace.js';
import { closePulse, makePulseLinks, openPulse, PulseError, useCasePulse, type PulseContext, type UseCasePulse } from '../pulse/pulse-actions.js';
import { latestStages } from '../store/decision-repository.js';
import type { Store } from '../store/store.js';
import type { RegisterCommand } from './commands.js';
import { requireWorkspace, withStore, type CliContext } from './context.js';
import { CliError, EXIT, type Output } from './output.js';

const positiveInt = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};

/** The workspace's use cases at the stage the decision log says. */
async function pulseContext(ws: Workspace, store: Store): Promise<PulseContext> {
  const stages = await latestStages(store.db);
  return { config: ws.config, useCases: ws.useCases.map((u) => ({ ...u, stage: stages.get(u.id) ?? u.stage })) };
}

async function run<T>(ctx: CliContext, fn: (store: Store, pctx: PulseContext) => Promise<T>): Promise<T> {
  const ws = await requireWorkspace(ctx);
  try {
    return await withStore(ctx, async (store) => fn(store, await pulseContext(ws, store)));
  } catch (e) {
    if (e instanceof PulseError) throw new CliError(e.message, e.code === 'invalid' || e.code === 'not_found' ? EXIT.usage : EXIT.failed);
    if (e instanceof InvitationError) throw new CliError(e.message, EXIT.failed);
    throw e;
  }
}

export const registerPulse: RegisterCommand = (program, context) => {
  const pulse = program.command('pulse').description("a short recurring survey of a deployed use case's users (four statements, 0-100), answered through single-use links");

  pulse
    .command('open')
    .description('open the survey of a deployed use case for a period')
    .argument('<usecase>', 'the use case')
    .option('--period <period>', 'a month (2026-11) or a quarter (2026-Q4); default: this month')
    .action(async (useCaseId: string, opts: { period?: string }) => {
      const ctx = context();
      const s = await run(ctx, (store, pctx) => openPulse(store, pctx, { useCaseId, period: opts.period, by: ctx.env.actor, now: ctx.now() }));
      if (ctx.out.json) return ctx.out.printJson({ id: s.id, use_case: s.useCaseId, period: s.period, closes_at: s.closesAt });
      ctx.out.line(`opened pulse survey ${s.id} for ${s.useCaseId}, ${s.period} (answers until ${s.closesAt.slice(0, 10)}, exclusive)`);
      ctx.out.line(ctx.out.c.dim(`next: traction pulse links ${s.id} --count 20`));
    });

  pulse
    .command('links')
    .description('make single-use answer links (one per person); printed once, never stored')
    .argument('<survey>', 'the survey id (pls_...)')
    .requiredOption('--count <n>', 'how many links', positiveInt(500))
    .option('--department <name>', 'the department these people work in (results per department only for groups of at least the minimum size)')
    .option('--expires-in-days <n>', 'expire sooner than the end of the period', positiveInt(92))
    .option('--base-url <url>', 'the dashboard address the links start with', 'http://127.0.0.1:4600')
    .action(async (surveyId: string, opts: { count: number; department?: string; expiresInDays?: number; baseUrl: string }) => {
      const ctx = context();
      const made = await run(ctx, (store) => makePulseLinks(store, { surveyId, count: opts.count, department: opts.department?.trim() || undefined, expiresInDays: opts.expiresInDays, by: ctx.env.actor, now: ctx.now() }));
      const base = opts.baseUrl.replace(/\/+$/, '');
      const links = made.links.map((l) => ({ ...l, url: base + l.path }));
      if (ctx.out.json) return ctx.out.printJson({ survey: made.survey.id, links });
      for (const l of links) ctx.out.line(l.url);
      ctx.out.line(ctx.out.c.dim(`${links.length} single-use link${links.length === 1 ? '' : 's'} to ${made.survey.id}, valid until ${links[0]?.expires_at.slice(0, 16).replace('T', ' ')} UTC; send one to each person`));
    });

  pulse
    .command('close')
    .description('close a survey before its period ends')
    .argument('<survey>', 'the survey id (pls_...)')
    .action(async (surveyId: string) => {
      const ctx = context();
      const s = await run(ctx, (store) => closePulse(store, { surveyId, by: ctx.env.actor, now: ctx.now() }));
      if (ctx.out.json) return ctx.out.printJson({ id: s.id, closed_at: s.closedAt });
      ctx.out.line(`closed pulse survey ${s.id} (${s.useCaseId}, ${s.period})`);
    });

  pulse
    .command('results')
    .description("a use case's surveys: each statement 0-100 and the share who agree, per period (and department where groups are large enough)")
    .argument('<usecase>', 'the use case')
    .action(async (useCaseId: string) => {
      const ctx = context();
      const r = await run(ctx, (store, pctx) => useCasePulse(store.db, pctx, useCaseId, ctx.now()));
      return ctx.out.json ? ctx.out.printJson(r) : printResults(ctx.out, r);
    });
};

const score = (x: number) => x.toFixed(0);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function printResults(out: Output, r: UseCasePulse): void {
  out.line(out.c.bold(`${r.use_case}: pulse`));
  if (r.surveys.length === 0) return out.line(`no pulse survey yet: traction pulse open ${r.use_case}`);
  out.table(
    [
      { header: 'period', value: (s) => s.period },
      { header: 'status', value: (s) => s.status },
      { header: 'links', value: (s) => String(s.links), align: 'right' },
      { header: 'answers', value: (s) => (s.respondents === null ? `< ${r.min_group_size}` : String(s.respondents)), align: 'right' },
      { header: 'overall', value: (s) => (s.scores ? score(s.scores.overall) : null), align: 'right' },
      ...r.statements.map((st) => ({
        header: `${st.item} (agree)`,
        value: (s: UseCasePulse['surveys'][number]) => {
          const i = s.scores?.items.find((x) => x.item === st.item);
          return i ? `${score(i.score)} (${pct(i.agree)})` : null;
        },
        align: 'right' as const,
      })),
    ],
    r.surveys,
  );
  out.line(out.c.dim(`0-100: strongly disagree 0 ... strongly agree 100; (agree): share answering agree or strongly agree. Fewer than ${r.min_group_size} answers show no figures.`));
  for (const s of r.surveys) {
    if (s.departments.length > 0) out.line(`${s.period} by department: ${s.departments.map((d) => `${d.department} ${score(d.overall)} (${d.respondents})`).join(', ')}${s.hidden_departments ? ` · ${s.hidden_departments} too small to show` : ''}`);
  }
  for (const st of r.statements) out.line(out.c.dim(`${st.item}: "${st.statement}"`));
}
