// `traction notify`: send what the outbox holds (`run --once` for cron and tests; without it,
// until Ctrl-C), send the daily digests (`digest`), tell newly raised usage flags
// (`usage-alerts`), read the delivery log (`log`) and retry a dead-lettered delivery (`retry`).
// `traction serve` runs the dispatcher itself.
import { InvalidArgumentError, Option } from 'commander';
import { deliveryLog, retryDelivery } from '../application/notifications.js';
import { raiseUsageAlerts } from '../application/usage-alerts.js';
import { dispatchOnce, startDispatcher, type DispatchSummary } from '../notifications/dispatcher.js';
import { runDigests } from '../notifications/digest.js';
import type { DeliveryLogRow } from '../store/notification-repository.js';
import type { RegisterCommand } from './commands.js';
import { withStore, type CliContext } from './context.js';

const STATUSES = ['pending', 'sending', 'delivered', 'dead', 'held', 'digested'] as const;

function printSummary(ctx: CliContext, s: DispatchSummary): void {
  if (ctx.out.json) return ctx.out.printJson(s);
  ctx.out.line(`${s.fannedOut} new event(s); ${s.attempted} attempt(s): ${s.delivered} delivered, ${s.retrying} to retry, ${s.dead} dead-lettered`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

export const registerNotify: RegisterCommand = (program, context, setExit) => {
  const notify = program.command('notify').description('notifications: send the outbox, send daily digests, tell new usage alerts, read the delivery log, retry dead letters');

  notify
    .command('run')
    .description('send due notifications: one pass with --once, else every --interval seconds until Ctrl-C')
    .option('--once', 'one pass, then exit (exit 1 if a delivery was dead-lettered in it)')
    .addOption(new Option('--interval <seconds>', 'seconds between passes').default(5).argParser(positiveInt))
    .action(async (opts: { once?: boolean; interval: number }) => {
      const ctx = context();
      await withStore(ctx, async (store) => {
        const deps = { store, env: ctx.env.raw, now: ctx.now };
        if (opts.once) {
          const s = await dispatchOnce(deps);
          printSummary(ctx, s);
          if (s.dead > 0) setExit(1);
          return;
        }
        ctx.out.info(`sending notifications every ${opts.interval} s; Ctrl-C stops after the pass under way`);
        const running = startDispatcher({ ...deps, intervalMs: opts.interval * 1000, onError: (e) => ctx.out.error((e as Error).message) });
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await running.stop();
        ctx.out.info('stopped');
      });
    });

  notify
    .command('digest')
    .description("send each person's daily digest of the notifications they chose to get that way")
    .action(async () => {
      const ctx = context();
      const s = await withStore(ctx, (store) => runDigests(store, ctx.now()));
      if (ctx.out.json) return ctx.out.printJson(s);
      ctx.out.line(s.people === 0 ? 'no digest to send' : `${s.people} digest(s) queued with ${s.items} notification(s); \`traction notify run --once\` (or a running server) sends them`);
    });

  notify
    .command('usage-alerts')
    .description('tell the owners and sponsors of deployed use cases about usage flags raised since the last check (no use, falling use, over budget, slower than the SLO)')
    .action(async () => {
      const ctx = context();
      const r = await withStore(ctx, (store) => raiseUsageAlerts(store, ctx.now()));
      if (ctx.out.json) return ctx.out.printJson(r);
      for (const a of r.raised) ctx.out.line(`new: ${a.use_case} ${a.flag}${a.period ? ` (${a.period})` : ''}`);
      for (const a of r.cleared) ctx.out.line(`cleared: ${a.use_case} ${a.flag}${a.period ? ` (${a.period})` : ''}`);
      ctx.out.line(
        `${r.useCases} deployed use case(s) judged: ${r.raised.length} new alert(s), ${r.still_raised.length} still raised (told before), ${r.cleared.length} cleared` +
          (r.raised.length > 0 ? '; `traction notify run --once` (or a running server) sends them' : ''),
      );
    });

  notify
    .command('log')
    .description('the delivery log: each delivery, its attempts, status and last error (newest first)')
    .addOption(new Option('--status <status>', 'only deliveries in this status').choices([...STATUSES]))
    .addOption(new Option('--limit <n>', 'at most this many').default(50).argParser(positiveInt))
    .action(async (opts: { status?: (typeof STATUSES)[number]; limit: number }) => {
      const ctx = context();
      const log = await withStore(ctx, (store) => deliveryLog(store.db, { status: opts.status, limit: opts.limit }));
      if (ctx.out.json) return ctx.out.printJson(log);
      if (log.items.length === 0) return ctx.out.line(`no deliveries${opts.status ? ` ${opts.status}` : ''}`);
      const { c } = ctx.out;
      ctx.out.table<DeliveryLogRow>(
        [
          { header: 'created', value: (d) => d.createdAt.slice(0, 19).replace('T', ' ') },
          { header: 'delivery', value: (d) => d.id },
          { header: 'kind', value: (d) => d.kind },
          { header: 'channel', value: (d) => (d.recipient ? `${d.channel} ${d.recipient}` : d.channel) },
          { header: 'status', value: (d) => d.status, colour: (t) => (t === 'dead' ? c.red(t) : t === 'delivered' ? c.green(t) : t) },
          { header: 'attempts', value: (d) => d.attempts, align: 'right' },
          { header: 'last error', value: (d) => d.lastError },
        ],
        log.items,
      );
    });

  notify
    .command('retry <delivery>')
    .description('put a dead-lettered delivery back in the queue (its attempts start again)')
    .action(async (id: string) => {
      const ctx = context();
      const row = await withStore(ctx, (store) => retryDelivery(store, id, ctx.env.actor, ctx.now()));
      if (ctx.out.json) return ctx.out.printJson(row);
      ctx.out.line(`${row.id} (${row.channel}) is queued again`);
    });
};
