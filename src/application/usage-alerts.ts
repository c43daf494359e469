// Usage alerts, raised from one place for the scheduled job `usage-alerts` and `traction notify
// usage-alerts`: the usage of every deployed use case is read through the usage views' own
// read (usage-store-read.ts deployedUsage), its alerts stated (usage/usage-alerts.ts), and
// compared with what was alerted before (store/usage-alert-repository.ts). A flag newly
// raised gets a `usage_alert` event; a flag that stays raised gets nothing more; a flag gone
// is marked cleared, so that it is told again when it returns. The marks and the events are
// written in one transaction: a run that fails leaves neither.
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { usageAlert } from '../notifications/events.js';
import { recordEvent } from '../notifications/record-event.js';
import { getDefinition, listDefinitions } from '../store/definition-repository.js';
import { peopleWhoChose } from '../store/notification-repository.js';
import { NO_WORKSPACE } from '../store/stored-workspace.js';
import type { Store } from '../store/store.js';
import { claimUsageAlert, clearUsageAlert, raisedUsageAlerts, setUsageAlertEvent, usageAlertKey, type UsageAlertKey } from '../store/usage-alert-repository.js';
import { USAGE_ALERT_WORDS, usageAlerts, type UsageAlert } from '../usage/usage-alerts.js';
import { deployedUsage } from '../usage/usage-store-read.js';
import { ConflictError } from './errors.js';

export interface UsageAlertsRun {
  /** Deployed use cases whose usage was judged. */
  useCases: number;
  /** Alerts told in this run, each with its outbox event. */
  raised: { use_case: string; flag: string; period: string; event_id: string }[];
  /** Alerts whose flag is still raised and was told before. */
  still_raised: { use_case: string; flag: string; period: string }[];
  /** Alerts whose flag has gone since the last run. */
  cleared: { use_case: string; flag: string; period: string }[];
}

const keyOf = (a: UsageAlert): UsageAlertKey => ({ useCaseId: a.useCaseId, flag: a.flag, period: a.period });
const out = (k: UsageAlertKey) => ({ use_case: k.useCaseId, flag: k.flag, period: k.period });

export async function raiseUsageAlerts(store: Store, now: Date): Promise<UsageAlertsRun> {
  const config = await getDefinition(store.db, 'config', 'config');
  if (!config || config.archivedAt !== null) throw new ConflictError(NO_WORKSPACE, 'no_workspace');
  const useCases = (await listDefinitions(store.db, { kind: 'use_case' })).map((d) => d.body as UseCase);
  const byId = new Map(useCases.map((u) => [u.id, u]));
  const deployed = await deployedUsage(store.db, useCases, config.body as WorkspaceConfig, now);
  const alerts = deployed.flatMap((d) => usageAlerts(d.view, d.report));
  const current = new Set(alerts.map((a) => usageAlertKey(keyOf(a))));

  return store.transaction(async (tx) => {
    const run: UsageAlertsRun = { useCases: deployed.length, raised: [], still_raised: [], cleared: [] };
    const chosenBy = await peopleWhoChose(tx, 'usage_alert');
    for (const a of alerts) {
      const k = keyOf(a);
      if (!(await claimUsageAlert(tx, k, now))) {
        run.still_raised.push(out(k));
        continue;
      }
      const u = byId.get(a.useCaseId)!;
      const eventId = await recordEvent(tx, usageAlert(a, { what: USAGE_ALERT_WORDS[a.flag], owner: u.owner, sponsor: u.sponsor, chosenBy }), now);
      await setUsageAlertEvent(tx, k, eventId);
      run.raised.push({ ...out(k), event_id: eventId });
    }
    for (const r of await raisedUsageAlerts(tx)) if (!current.has(usageAlertKey(r)) && (await clearUsageAlert(tx, r, now))) run.cleared.push(out(r));
    return run;
  });
}
