// The job kinds Traction ships: a dataset's readiness checks and a KPI's measure, each on the
// `schedule` its YAML declares, the notification digests on traction.yaml's
// `notifications.digest.schedule`, the usage alerts on `notifications.usage_alerts.schedule` and
// the delivery log's clean-up on `notifications.history.schedule`.
// Adding a kind is one `register` call here.
import { findDataset, runReadiness, withSources } from '../application/readiness.js';
import { refreshKpiMeasures } from '../application/kpi-refresh.js';
import { pruneNotificationHistory, runDigests } from '../application/notifications.js';
import { raiseUsageAlerts } from '../application/usage-alerts.js';
import { JobRegistry, workspaceSchedule, type JobKind } from './job-kinds.js';

/** `schedule:` on a dataset: its checks run and the run is stored, as `traction data check DATASET` does. */
export const datasetChecksJob: JobKind = {
  name: 'dataset-checks',
  title: 'Readiness checks of a dataset',
  schedules: (ws) => ws.datasets.flatMap((d) => (d.schedule ? [{ target: d.id, schedule: d.schedule }] : [])),
  async run(ctx, target) {
    const ws = ctx.workspace;
    findDataset(ws, target);
    const { result, runs } = await withSources(ws, { sourceEnv: ctx.sourceEnv }, (connections) =>
      runReadiness(ctx.store, ws, connections, { datasets: [target], actor: ctx.actor, now: ctx.now }, ctx.running),
    );
    const broken = runs.find((r) => r.error);
    // The run is stored either way (its results say the source failed); the attempt fails so it is retried.
    if (broken) throw new Error(`dataset "${target}" could not be checked: ${broken.error}`);
    const s = result.summary;
    return `${s.passed} of ${s.checks} checks passed, ${s.failed} failed, ${s.warned} warned, ${s.errors} could not run`;
  },
};

/** `schedule:` on a KPI's `measure`: the query runs and new values are stored, as `traction kpi refresh USECASE --kpi KPI` does. */
export const kpiMeasureJob: JobKind = {
  name: 'kpi-measure',
  title: 'KPI measure',
  schedules: (ws) => ws.useCases.flatMap((u) => u.kpis.flatMap((k) => (k.measure?.schedule ? [{ target: `${u.id}/${k.id}`, schedule: k.measure.schedule }] : []))),
  async run(ctx, target) {
    const [useCaseId, kpiId] = target.split('/');
    const u = ctx.workspace.useCases.find((x) => x.id === useCaseId);
    const k = u?.kpis.find((x) => x.id === kpiId);
    if (!u || !k?.measure) throw new Error(`KPI "${target}" no longer declares a measure`);
    const [row] = await refreshKpiMeasures(ctx.store, ctx.workspace, [{ u, k }], { sourceEnv: ctx.sourceEnv, actor: ctx.actor, now: ctx.now() });
    if (row!.error) throw new Error(row!.error);
    return `${row!.rows} rows read, ${row!.new} new values stored`;
  },
};

/** `notifications.digest.schedule` in traction.yaml: what people chose to get once a day is sent, as `traction notify digest` does. */
export const digestJob: JobKind = {
  name: 'digest',
  title: 'Notification digests',
  schedules: workspaceSchedule((ws) => ws.config.notifications?.digest.schedule),
  async run(ctx) {
    const sent = await runDigests(ctx.store, ctx.now());
    return `${sent.items} notifications sent to ${sent.people} people in their digests`;
  },
};

/** `notifications.usage_alerts.schedule` in traction.yaml: newly raised usage flags are told, as `traction notify usage-alerts` does. */
export const usageAlertsJob: JobKind = {
  name: 'usage-alerts',
  title: 'Usage alerts',
  schedules: workspaceSchedule((ws) => ws.config.notifications?.usage_alerts.schedule),
  async run(ctx) {
    const r = await raiseUsageAlerts(ctx.store, ctx.now());
    return `${r.useCases} deployed use cases judged: ${r.raised.length} new alerts, ${r.still_raised.length} still raised, ${r.cleared.length} cleared`;
  },
};

/** `notifications.history.schedule` in traction.yaml: finished deliveries older than `keep_days` leave the delivery log. */
export const notificationHistoryJob: JobKind = {
  name: 'notification-history',
  title: 'Delivery log clean-up',
  schedules: workspaceSchedule((ws) => ws.config.notifications?.history.schedule),
  async run(ctx) {
    const r = await pruneNotificationHistory(ctx.store, ctx.now());
    return `${r.deliveries} finished deliveries and ${r.events} notifications older than ${r.keepDays} days removed`;
  },
};

/** The registry `traction serve` and `traction jobs` use. */
export function defaultJobKinds(): JobRegistry {
  return new JobRegistry().register(datasetChecksJob).register(kpiMeasureJob).register(digestJob).register(usageAlertsJob).register(notificationHistoryJob);
}
