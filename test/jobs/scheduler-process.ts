// One scheduler in a process of its own, for test/jobs/exactly-once.test.ts: over the
// PostgreSQL store named on the command line it runs a job kind that records each tick it
// is handed (with this process's id) into `job_tick_hits`, for the given time, then stops
// gracefully. Prints "started <iso>" and "stopping <iso>" lines the test reads.
import { sql } from 'kysely';
import { JobRegistry } from '../../src/jobs/job-kinds.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { openStore } from '../../src/store/store.js';

const [url, schema, durationMs, workspaceRoot] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore({ kind: 'postgres', url, schema });
const registry = new JobRegistry().register({
  name: 'tick-count',
  title: 'Counts the ticks it is handed',
  schedules: () => [{ target: 'counter', schedule: '* * * * * *' }],
  async run(ctx) {
    await sql`insert into job_tick_hits (tick, pid) values (${ctx.run.scheduledFor}, ${process.pid})`.execute(ctx.store.db);
    return 'counted';
  },
});
const scheduler = new Scheduler({ store, registry, workspaceRoot, sourceEnv: {}, pollMs: 250, retry: { attempts: 2, delaySeconds: 1 } });
await scheduler.start();
process.stdout.write(`started ${new Date().toISOString()}\n`);
await new Promise((r) => setTimeout(r, Number(durationMs)));
process.stdout.write(`stopping ${new Date().toISOString()}\n`);
await scheduler.stop();
await store.close();
