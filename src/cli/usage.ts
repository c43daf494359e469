// `traction usage [USECASE]`: adoption, cost and production latency measured from the model
// services' telemetry. Without a use case, one row per deployed use case; with one, its weeks,
// months, latency against the benchmarked SLO and value realised from usage
// (src/usage/usage-store-read.ts, the same read as GET /api/usage).
import type { PortfolioUsage } from '../usage/usage-store-read.js';
import { portfolioUsageReport, recordUsageSummaries, recordUsageSummary, useCaseUsageReport } from '../usage/usage-store-read.js';
import type { UsageSummaryPayload } from '../domain/evidence.js';
import type { UsageFlag, UseCaseUsage } from '../usage/usage-overview.js';
import type { RegisterCommand } from './commands.js';
import { requireWorkspace, withStore } from './context.js';
import { findUseCase } from './kpi-common.js';
import type { Output } from './output.js';

const FLAG_WORDS: Record<UsageFlag, string> = { no_use: 'no use in 14 days', falling_use: 'use falling', over_budget: 'over budget this month (or on course)', unpriced_models: 'models without a price' };

export const registerUsage: RegisterCommand = (program, context) => {
  program
    .command('usage')
    .description('adoption, cost against budget, production latency and value from the model services\' telemetry')
    .argument('[usecase]', 'one use case (default: every deployed use case)')
    .option('--record', 'record the usage as usage_summary evidence, which the usage gate criteria read (the use case, or every deployed one)')
    .action(async (useCaseId: string | undefined, opts: { record?: boolean }) => {
      const ctx = context();
      const ws = await requireWorkspace(ctx);
      if (opts.record) {
        const by = { actor: ctx.env.actor, source: `traction usage${useCaseId ? ` ${useCaseId}` : ''} --record`, now: ctx.now() };
        const one = useCaseId ? findUseCase(ws, useCaseId) : undefined;
        const done = await withStore(ctx, async (store) => (one ? [{ useCase: one, evidence: await recordUsageSummary(store.db, one, by) }] : recordUsageSummaries(store.db, ws.useCases, ws.config, by)));
        const recorded = done.map((d) => ({ use_case: d.useCase.id, evidence: d.evidence.id, payload: d.evidence.payload as UsageSummaryPayload }));
        if (ctx.out.json) return ctx.out.printJson({ recorded });
        for (const r of recorded) {
          const p = r.payload;
          const rate = p.weeks.at(-1)?.adoption_rate;
          ctx.out.line(`${r.use_case}: usage_summary ${r.evidence} (${p.window.from} to ${p.window.through}: ${whole(p.requests)} requests, cost ${money(p.cost)}${rate == null ? '' : `, last week's adoption ${pct(rate)}`})`);
        }
        return;
      }
      if (useCaseId) {
        const u = findUseCase(ws, useCaseId);
        const r = await withStore(ctx, (store) => useCaseUsageReport(store.db, u, ws.config, ctx.now()));
        return ctx.out.json ? ctx.out.printJson(r) : printOne(ctx.out, r);
      }
      const p = await withStore(ctx, (store) => portfolioUsageReport(store.db, ws.useCases, ws.config, ctx.now()));
      return ctx.out.json ? ctx.out.printJson(p) : printPortfolio(ctx.out, p);
    });
};

const whole = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number | null) => (x === null ? null : `${(x * 100).toFixed(0)}%`);

function printPortfolio(out: Output, p: PortfolioUsage): void {
  printPortfolioTable(out, p);
  if (p.unattributed.length > 0) out.line(out.c.yellow(`not claimed by any use case (30 days): ${p.unattributed.map((u) => `${u.service} ${whole(u.requests)} requests`).join(', ')}; add a telemetry block to the use case's YAML`));
  if (p.rejected.length > 0) out.line(out.c.yellow(`refused at ingest (30 days): ${p.rejected.map((r) => `${whole(r.spans)} spans (${r.reason})`).join(', ')}`));
}

function printPortfolioTable(out: Output, p: PortfolioUsage): void {
  if (p.use_cases.length === 0) return out.line('No deployed use case (stage production or scaled) and no usage recorded yet.');
  out.table(
    [
      { header: 'use case', value: (r) => r.use_case },
      { header: 'stage', value: (r) => r.stage },
      { header: 'requests 30d', value: (r) => whole(r.requests_30d), align: 'right' },
      { header: 'users 30d', value: (r) => whole(r.active_users_30d), align: 'right' },
      { header: 'audience', value: (r) => (r.audience === null ? null : whole(r.audience)), align: 'right' },
      { header: 'adoption', value: (r) => pct(r.adoption_rate), align: 'right' },
      { header: `cost this month (${p.currency})`, value: (r) => money(r.cost_this_month), align: 'right', colour: (t, r) => (r.flags.includes('over_budget') ? out.c.red(t) : t) },
      { header: 'last month', value: (r) => money(r.cost_last_month), align: 'right', colour: (t, r) => (r.cost_last_month > r.budget_per_month ? out.c.red(t) : t) },
      { header: 'budget/month', value: (r) => money(r.budget_per_month), align: 'right' },
      { header: 'flags', value: (r) => r.flags.map((f) => FLAG_WORDS[f]).join(', ') || null, colour: (t) => out.c.yellow(t) },
    ],
    p.use_cases,
  );
}

function printOne(out: Output, r: UseCaseUsage): void {
  out.line(out.c.bold(`${r.use_case}: usage${r.period ? ` ${r.period.from} to ${r.period.to}` : ''}`));
  if (!r.period) {
    out.line('No usage recorded: point the model service\'s OpenTelemetry exporter at POST /v1/traces (docs/usage.md).');
    return;
  }
  const adoption = r.audience === null ? 'no audience set' : r.adoption_rate === null ? `audience ${whole(r.audience)}` : `adoption last week ${pct(r.adoption_rate)} of ${whole(r.audience)}`;
  out.line(`${whole(r.requests)} requests · ${whole(r.errors)} errors · active users ${r.active_users_7d} (7 days), ${r.active_users_30d} (30 days) · ${adoption}`);
  out.line(`spend to date ${money(r.spend_to_date)} ${r.currency} · this month ${money(r.cost_this_month)} of ${money(r.budget_per_month)} budgeted`);
  if (r.spend_alert) out.line(out.c.red(r.spend_alert));
  if (r.flags.length > 0) out.line(out.c.yellow(`flags: ${r.flags.map((f) => FLAG_WORDS[f]).join(', ')}`));
  out.line();
  out.line(out.c.bold('Active users per week'));
  out.table(
    [
      { header: 'week of', value: (w) => w.week },
      { header: 'active users', value: (w) => whole(w.active_users), align: 'right' },
      { header: 'of audience', value: (w) => pct(w.adoption_rate), align: 'right' },
    ],
    r.weekly,
  );
  printRetention(out, r);
  out.line();
  out.line(out.c.bold(`Cost per month (${r.currency})`));
  out.table(
    [
      { header: 'month', value: (m) => m.month },
      { header: 'requests', value: (m) => whole(m.requests), align: 'right' },
      { header: 'cost', value: (m) => money(m.cost), align: 'right', colour: (t, m) => (m.over_budget ? out.c.red(t) : t) },
      { header: 'budget', value: (m) => money(m.budget), align: 'right' },
      { header: 'unpriced requests', value: (m) => (m.unpriced_requests ? whole(m.unpriced_requests) : null), align: 'right' },
    ],
    r.monthly,
  );
  printLatencyAndValue(out, r);
}

function printLatencyAndValue(out: Output, r: UseCaseUsage): void {
  const l = r.latency;
  out.line();
  const q = l.last_7_days;
  out.line(out.c.bold('Production latency, last 7 days (worst day)') + (q ? `: p50 ${whole(q.p50)} ms · p90 ${whole(q.p90)} ms · p99 ${whole(q.p99)} ms` : ': no latency recorded'));
  if (!l.benchmark) out.line(out.c.dim('no benchmark recorded: `traction bench run --usecase` measures the SLO before go-live'));
  for (const s of l.slo) {
    const verdict = s.met === null ? 'no production data' : s.met ? out.c.green('met') : out.c.red('missed');
    out.line(`SLO ${s.key} <= ${whole(s.threshold)} ms (benchmarked ${l.benchmark?.at.slice(0, 10)}): production ${s.production_quantile} ${s.production_ms === null ? '-' : `${whole(s.production_ms)} ms`} ${verdict}`);
  }
  out.line();
  if (r.value) out.line(`value realised from usage: ${money(r.value.to_date)} ${r.currency} to date, against costs of ${money(r.value.costs_to_date)}${r.value.roi_to_date === null ? '' : ` (ROI to date ${pct(r.value.roi_to_date)})`}`);
  else out.line(out.c.dim('value realised from usage: no value template for this use case'));
  if (r.departments.length > 0) out.line(`departments (large enough to show): ${r.departments.map((d) => `${d.department} ${d.users} users`).join(', ')}`);
}

const RETENTION_WEEKS = [1, 2, 4, 8];

/** Cohorts with the share of them active 1, 2, 4 and 8 weeks on; hidden cells (small groups) print as -. */
function printRetention(out: Output, r: UseCaseUsage): void {
  if (r.retention.length === 0) return;
  const shown = r.retention.filter((c) => c.users !== null);
  out.line();
  out.line(out.c.bold('Retention by cohort (the week of first use)') + (shown.length < r.retention.length ? out.c.dim(` · ${r.retention.length - shown.length} of ${r.retention.length} cohorts too small to show`) : ''));
  if (shown.length === 0) return;
  out.table(
    [
      { header: 'cohort', value: (c) => c.cohort },
      { header: 'people', value: (c) => (c.users === null ? null : whole(c.users)), align: 'right' },
      ...RETENTION_WEEKS.map((n) => ({ header: `week +${n}`, value: (c: UseCaseUsage['retention'][number]) => pct(c.weeks.find((w) => w.offset === n)?.share ?? null), align: 'right' as const })),
    ],
    shown,
  );
}
