// Schedules as the YAML declares them: a bad cron is refused by `validate` at its file and
// line (nothing applied); ticks are computed in UTC, checked against a calendar worked by hand;
// `traction jobs run --once` and `traction jobs` on a SQLite store, a KPI measure on a schedule.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/domain/schedule.js';
import { ticksBetween } from '../../src/jobs/scheduler.js';
import { cli } from '../support/cli.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/readiness-ws');

function workspace(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-jobs-')), 'ws');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('cron schedules', () => {
  it('computes ticks in UTC whatever the machine zone (hand-checked calendar: 2026-03-06 is a Friday)', () => {
    const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
    // Weekdays at 06:30 UTC from Thursday 5 March 2026 noon to Tuesday 10 March noon: Fri 6, Mon 9, Tue 10.
    expect(iso(ticksBetween('30 6 * * 1-5', new Date('2026-03-05T12:00:00Z'), new Date('2026-03-10T12:00:00Z')))).toEqual(['2026-03-06T06:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
    // Six fields: seconds first. The window is half-open, (from, to].
    expect(iso(ticksBetween('*/20 * * * * *', new Date('2026-03-05T12:00:00Z'), new Date('2026-03-05T12:01:00Z')))).toEqual(['2026-03-05T12:00:20.000Z', '2026-03-05T12:00:40.000Z', '2026-03-05T12:01:00.000Z']);
    // 29 February exists in 2028 only.
    expect(iso(ticksBetween('0 0 29 2 *', new Date('2026-01-01T00:00:00Z'), new Date('2029-01-01T00:00:00Z')))).toEqual(['2028-02-29T00:00:00.000Z']);
  });

  it('names what is wrong with a schedule', () => {
    expect(parseSchedule('0 6 * * 1-5')).toHaveProperty('cron');
    expect(parseSchedule('61 * * * *')).toEqual({ error: 'Invalid value for minute: 61' });
    expect(parseSchedule('every morning')).toEqual({ error: 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, found 2' });
    expect(parseSchedule('30 0 0 1 1 *')).toHaveProperty('cron');
    // croner would read a seventh field as the year; cron users do not expect one.
    expect(parseSchedule('0 0 0 1 1 * 2027')).toEqual({ error: 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, found 7' });
  });

  it('validate refuses a bad cron on a dataset and on a KPI measure at its file and line; apply writes nothing', async () => {
    const dir = workspace();
    const ds = path.join(dir, 'datasets/crm_customers.yaml');
    writeFileSync(ds, readFileSync(ds, 'utf8').replace('primary_key: [customer_id]\n', 'primary_key: [customer_id]\nschedule: "0 25 * * *"\n'));
    const uc = path.join(dir, 'usecases/churn.yaml');
    writeFileSync(uc, readFileSync(uc, 'utf8').replace('    target: 70\n', '    target: 70\n    measure:\n      source: files\n      sql: select 1 as value\n      schedule: hourly\n'));
    const r = await cli(['validate', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 problems in the workspace');
    expect(r.stderr).toMatch(/datasets\/crm_customers\.yaml:6:\d+: schedule: not a cron schedule: Invalid value for hour: 25 \(times are UTC\), found "0 25 \* \* \*"/);
    expect(r.stderr).toMatch(/usecases\/churn\.yaml:41:\d+: kpis\[0\]\.measure\.schedule: not a cron schedule: expected 5 fields .* found 1 \(times are UTC\), found "hourly"/);
    expect((await cli(['apply', '-w', dir])).code).toBe(2);
    expect(existsSync(path.join(dir, '.traction'))).toBe(false);
  });

  it('runs the notification digests on traction.yaml\'s digest schedule, and locates a bad one', async () => {
    const dir = workspace();
    const config = path.join(dir, 'traction.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  digest:\n    schedule: "0 7 * * 8"\n`);
    const bad = await cli(['validate', '-w', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/traction\.yaml:\d+:\d+: notifications\.digest\.schedule: not a cron schedule: .*\(times are UTC\), found "0 7 \* \* 8"/);
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  digest:\n    schedule: "0 7 * * *"\n`);
    expect((await cli(['apply', '-w', dir])).code).toBe(0);
    const once = JSON.parse((await cli(['jobs', 'run', '--once', '-w', dir, '--json'])).stdout) as { runs: { kind: string; target: string; status: string; summary: string | null }[] };
    const digest = once.runs.find((r) => r.kind === 'digest');
    expect(digest).toMatchObject({ target: 'workspace', status: 'succeeded', summary: '0 notifications sent to 0 people in their digests' });
  });

  it('runs the usage alerts on traction.yaml\'s usage_alerts schedule, and locates a bad one', async () => {
    const dir = workspace();
    const config = path.join(dir, 'traction.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  usage_alerts:\n    schedule: "0 25 * * *"\n`);
    const bad = await cli(['validate', '-w', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/traction\.yaml:\d+:\d+: notifications\.usage_alerts\.schedule: not a cron schedule: Invalid value for hour: 25 \(times are UTC\), found "0 25 \* \* \*"/);
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  usage_alerts:\n    schedule: "0 6 * * *"\n`);
    expect((await cli(['apply', '-w', dir])).code).toBe(0);
    const once = JSON.parse((await cli(['jobs', 'run', '--once', '-w', dir, '--json'])).stdout) as { runs: { kind: string; target: string; status: string; summary: string | null }[] };
    // The fixture's use cases are ideas: none deployed, nothing to judge.
    expect(once.runs.find((r) => r.kind === 'usage-alerts')).toMatchObject({ target: 'workspace', status: 'succeeded', summary: '0 deployed use cases judged: 0 new alerts, 0 still raised, 0 cleared' });
  });

  it('cleans the delivery log on traction.yaml\'s history schedule, and refuses a keep_days of 0', async () => {
    const dir = workspace();
    const config = path.join(dir, 'traction.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  history:\n    keep_days: 0\n`);
    const bad = await cli(['validate', '-w', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/traction\.yaml:\d+:\d+: notifications\.history\.keep_days: /);
    writeFileSync(config, `${original.trimEnd()}\nnotifications:\n  history:\n    keep_days: 30\n    schedule: "15 2 * * *"\n`);
    expect((await cli(['apply', '-w', dir])).code).toBe(0);
    const once = JSON.parse((await cli(['jobs', 'run', '--once', '-w', dir, '--json'])).stdout) as { runs: { kind: string; target: string; status: string; summary: string | null }[] };
    expect(once.runs.find((r) => r.kind === 'notification-history')).toMatchObject({ target: 'workspace', status: 'succeeded', summary: '0 finished deliveries and 0 notifications older than 30 days removed' });
  });

  it('jobs run --once runs the scheduled checks and a KPI measure, and `jobs` lists them with the next run', async () => {
    const dir = workspace();
    const ds = path.join(dir, 'datasets/crm_customers.yaml');
    writeFileSync(ds, readFileSync(ds, 'utf8').replace('primary_key: [customer_id]\n', 'primary_key: [customer_id]\nschedule: "0 6 * * *"\n'));
    const uc = path.join(dir, 'usecases/churn.yaml');
    // A measure whose SQL the files source cannot run (no such table): the job fails with the source's error.
    writeFileSync(uc, readFileSync(uc, 'utf8').replace('    target: 70\n', '    target: 70\n    measure:\n      source: files\n      sql: select count(*) as value from no_such_table\n      schedule: "0 * * * *"\n'));
    expect((await cli(['apply', '-w', dir])).code).toBe(0);
    const once = await cli(['jobs', 'run', '--once', '-w', dir, '--json']);
    expect(once.code).toBe(1); // the KPI measure failed its first attempt
    const result = JSON.parse(once.stdout) as { queued: number; ran: number; runs: { kind: string; target: string; status: string; summary: string | null; error: string | null }[] };
    // crm_customers and erp_orders (the fixture checks it at 06:00 too), and the KPI.
    expect(result).toMatchObject({ queued: 3, ran: 3 });
    const checks = result.runs.find((r) => r.kind === 'dataset-checks' && r.target === 'crm_customers')!;
    expect(checks).toMatchObject({ target: 'crm_customers', status: 'succeeded' });
    expect(checks.summary).toMatch(/^\d+ of \d+ checks passed, \d+ failed/);
    const kpi = result.runs.find((r) => r.kind === 'kpi-measure')!;
    expect(kpi).toMatchObject({ target: 'churn/touchless-rate', status: 'retrying' });
    expect(kpi.error).toMatch(/no_such_table/);

    const again = JSON.parse((await cli(['jobs', 'run', '--once', '-w', dir, '--json'])).stdout) as { queued: number };
    expect(again.queued).toBe(0);

    const list = await cli(['jobs', '-w', dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/dataset-checks\s+crm_customers\s+0 6 \* \* \*\s+\d{4}-\d\d-\d\d 06:00:00\s+succeeded/);
    expect(list.stdout).toMatch(/kpi-measure\s+churn\/touchless-rate\s+0 \* \* \* \*\s+\S+ \d\d:00:00\s+retrying/);
  });
});
