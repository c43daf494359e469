// `traction jobs`: the scheduled jobs of the applied workspace (next tick, last status) and
// the recent runs; `traction jobs run --once`: one scheduler pass for a cron line or a test
// (queue the latest due tick of each schedule and the "run now" requests, run what is due).
// `traction serve` runs the scheduler continuously.
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { jobOverview, recentRuns } from '../application/jobs.js';
import { defaultJobKinds } from '../jobs/builtin-kinds.js';
import { Scheduler } from '../jobs/scheduler.js';
import { JOB_RUN_STATUSES, type JobRun, type JobRunStatus } from '../store/job-run-repository.js';
import { NO_WORKSPACE, readStoredWorkspace } from '../store/stored-workspace.js';
import type { RegisterCommand } from './commands.js';
import { withStore, type CliContext } from './context.js';
import { CliError, EXIT } from './output.js';

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '-');

export const registerJobs: RegisterCommand = (program, context, setExit) => {
  const jobs = program
    .command('jobs')
    .description('scheduled jobs (readiness checks, KPI measures): next run, last runs, status and error')
    .option('--limit <n>', 'recent runs to list', parseLimit, 20)
    .addOption(new Option('--status <status>', 'only runs with this status').choices([...JOB_RUN_STATUSES]))
    .action(async (opts: { limit: number; status?: JobRunStatus }) => {
      const ctx = context();
      const { scheduled, runs } = await withStore(ctx, async (store) => {
        const ws = await readStoredWorkspace(store.db, path.resolve(ctx.workspaceDir));
        if (!ws) throw new CliError(NO_WORKSPACE);
        return { scheduled: await jobOverview(store.db, ws, defaultJobKinds().all(), ctx.now(), 1), runs: await recentRuns(store.db, { status: opts.status }, opts.limit) };
      });
      if (ctx.out.json) return ctx.out.printJson({ scheduled, runs });
      if (scheduled.length === 0) ctx.out.line('no scheduled jobs: add `schedule: "<cron>"` to a dataset or a KPI measure (docs/jobs.md)');
      else
        ctx.out.table(
          [
            { header: 'job', value: (j) => j.kind },
            { header: 'target', value: (j) => j.target },
            { header: 'schedule', value: (j) => j.schedule },
            { header: 'next run (UTC)', value: (j) => when(j.nextRun) },
            { header: 'last status', value: (j) => j.lastRuns[0]?.status ?? 'never run' },
          ],
          scheduled,
        );
      ctx.out.line();
      printRuns(ctx, runs);
    });

  jobs
    .command('run')
    .description('run the scheduler once: queue the latest due tick of each schedule and every "run now" request, run what is due, then exit')
    .requiredOption('--once', 'one pass, then exit (for a cron line; `traction serve` runs the scheduler all the time)')
    .action(async () => {
      const ctx = context();
      const started = ctx.now();
      const { result, runs } = await withStore(ctx, async (store) => {
        const scheduler = new Scheduler({ store, registry: defaultJobKinds(), workspaceRoot: path.resolve(ctx.workspaceDir), sourceEnv: ctx.env.raw, now: ctx.now });
        const result = await scheduler.runOnce();
        const runs = (await recentRuns(store.db, {}, 200)).filter((r) => r.startedAt !== null && r.startedAt >= started.toISOString());
        return { result, runs };
      });
      if (runs.some((r) => r.status === 'failed' || r.status === 'retrying')) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ ...result, runs });
      ctx.out.info(`queued ${result.queued} new tick(s), ran ${result.ran} attempt(s)`);
      if (runs.length === 0) return ctx.out.line('nothing was due');
      printRuns(ctx, runs);
    });
};

function printRuns(ctx: CliContext, runs: JobRun[]): void {
  if (runs.length === 0) return ctx.out.line('no runs yet');
  ctx.out.table<JobRun>(
    [
      { header: 'scheduled for', value: (r) => when(r.scheduledFor) },
      { header: 'job', value: (r) => r.kind },
      { header: 'target', value: (r) => r.target },
      { header: 'trigger', value: (r) => r.trigger },
      { header: 'status', value: (r) => r.status, colour: (t) => (t === 'failed' ? ctx.out.c.red(t) : t) },
      { header: 'attempts', value: (r) => `${r.attempts}/${r.maxAttempts}`, align: 'right' },
      { header: 'finished', value: (r) => when(r.finishedAt) },
      // An engine's error can span lines (a caret under the SQL); the table shows its first, --json all of it.
      { header: 'result', value: (r) => (r.error ?? r.summary)?.split('\n')[0] ?? null },
    ],
    runs,
  );
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return n;
}
