// The usage alerts a deployed use case raises now: its view's flags (no use, falling use, over
// budget, models without a price) and a latency objective of its benchmarked SLO missed in
// production, each with the figures behind it and one sentence in plain words. Pure: the
// application (src/application/usage-alerts.ts) compares these with what was alerted before
// and records the events; nothing here knows about notifications.
//
// Each alert has a key (use case, flag, period). The period is the month for over_budget (a
// month's budget is alerted once, however often the projection crosses it in that month; a new
// month over budget is a new alert), and '' for the rest (alerted again only after the flag
// has cleared).
import type { UsageReport } from './usage-report.js';
import type { UsageFlag, UseCaseUsage } from './usage-overview.js';

export type UsageAlertFlag = UsageFlag | 'slo_missed';

export const USAGE_ALERT_FLAGS: readonly UsageAlertFlag[] = ['no_use', 'falling_use', 'over_budget', 'unpriced_models', 'slo_missed'];

/** What each flag is called in a message's title. */
export const USAGE_ALERT_WORDS: Record<UsageAlertFlag, string> = {
  no_use: 'not used',
  falling_use: 'use is falling',
  over_budget: 'over its monthly run cost',
  unpriced_models: 'models without a price',
  slo_missed: 'slower than its service level objective',
};

export interface UsageAlert {
  useCaseId: string;
  title: string;
  flag: UsageAlertFlag;
  /** The month (YYYY-MM) for over_budget, '' otherwise. */
  period: string;
  /** One or more sentences in plain words, with the figures. */
  detail: string;
  figures: Record<string, number | string | null>;
}

/** The alerts `view` raises, in the order of USAGE_ALERT_FLAGS. */
export function usageAlerts(view: UseCaseUsage, report: UsageReport): UsageAlert[] {
  const out: UsageAlert[] = [];
  const add = (flag: UsageAlertFlag, period: string, detail: string, figures: UsageAlert['figures']) => out.push({ useCaseId: view.use_case, title: view.title, flag, period, detail, figures });
  for (const f of report.flags) {
    if (f.kind === 'no_use') add('no_use', '', `${capital(f.detail)}.`, f.figures);
    else add('falling_use', '', `${capital(f.detail)}.`, f.figures);
  }
  if (view.flags.includes('over_budget')) {
    const s = report.spend;
    add('over_budget', s.month, `${capital(s.alert ?? '')} ${view.currency}.`, {
      month: s.month,
      spend: round2(s.month_to_date),
      projected_month_end: round2(s.projected_month_end),
      monthly_run_cost: round2(s.budget.monthly),
      currency: view.currency,
      status: s.status,
    });
  }
  if (view.flags.includes('unpriced_models')) {
    const n = report.spend.unpriced_requests_to_date;
    add('unpriced_models', '', `${n} request${n === 1 ? '' : 's'} went to models without a price in traction.yaml's prices, so the spend shown leaves them out.`, { unpriced_requests: n });
  }
  const missed = view.latency.slo.filter((o) => o.met === false);
  if (missed.length > 0) {
    const what = (o: (typeof missed)[number]) => `${o.metric === 'time_to_first_token' ? 'time to first token' : 'response time'} ${o.production_quantile} was ${Math.round(o.production_ms!)} ms on the slowest of the last 7 days, against the objective of ${o.threshold} ms (${o.key})`;
    add('slo_missed', '', `${capital(missed.map(what).join('; '))}, from benchmark run ${view.latency.benchmark?.run_id ?? '?'}.`, {
      objectives: missed.map((o) => `${o.key} <= ${o.threshold}`).join(', '),
      worst_ms: Math.max(...missed.map((o) => o.production_ms!)),
      benchmark_run: view.latency.benchmark?.run_id ?? null,
    });
  }
  return out;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
