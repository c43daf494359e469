// `traction notify` end to end (in-process CLI, SQLite): events recorded by `advance` are sent
// by `notify run --once` to a local webhook receiver, signed; a receiver that refuses makes a
// dead letter (exit 1), listed by `notify log` and queued again by `notify retry`.
import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { CONFIG, gateWorkspace, useCaseYaml, type TestWorkspace } from '../support/gate-workspace.js';
import { startHttpReceiver, type HttpReceiver } from '../support/notification-receivers.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('traction notify', () => {
  let ws: TestWorkspace | undefined;
  let receiver: HttpReceiver | undefined;
  afterEach(async () => {
    await ws?.dispose();
    await receiver?.close();
  });

  it('sends, dead-letters, lists and retries', async () => {
    receiver = await startHttpReceiver();
    ws = gateWorkspace('sqlite', {
      'traction.yaml': `${CONFIG}notifications:
  webhooks: [{ name: erp, url: "${receiver.url}/hook", secret: "\${env:ERP_SECRET}" }]
  retry: { max_attempts: 1 }
`,
      'usecases/alpha.yaml': useCaseYaml('alpha', 'idea'),
    });
    ws.env.ERP_SECRET = SECRET;
    expect((await ws.cli('apply')).code).toBe(0);
    expect((await ws.cli('advance', 'alpha', '--to', 'qualified', '--override', '--reason', 'board decision')).code).toBe(0);

    const sent = await ws.cli('notify', 'run', '--once');
    expect(sent).toMatchObject({ code: 0, stdout: '2 new event(s); 2 attempt(s): 2 delivered, 0 to retry, 0 dead-lettered\n' });
    const kinds = receiver.requests.map((r) => (new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string }).type);
    expect(kinds.sort()).toEqual(['traction.signoff_asked', 'traction.stage_advanced']);

    receiver.mode = { kind: 'flaky', fail: () => 'fail_before' };
    expect((await ws.cli('advance', 'alpha', '--to', 'poc', '--override', '--reason', 'again')).code).toBe(0);
    const failed = await ws.cli('notify', 'run', '--once');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/2 dead-lettered/);

    const log = await ws.json<{ items: { id: string; status: string; lastError: string }[] }>('notify', 'log', '--status', 'dead');
    expect(log.items).toHaveLength(2);
    expect(log.items[0]?.lastError).toMatch(/answered 500/);
    const table = await ws.cli('notify', 'log');
    expect(table.stdout).toMatch(/delivered/);
    expect(table.stdout).toMatch(/dead/);

    const retried = await ws.cli('notify', 'retry', log.items[0]!.id);
    expect(retried).toMatchObject({ code: 0, stdout: `${log.items[0]!.id} (webhook:erp) is queued again\n` });
    const again = await ws.cli('notify', 'retry', log.items[0]!.id);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/is pending, not dead/);
    expect((await ws.cli('notify', 'retry', 'dlv_nope')).stderr).toMatch(/no delivery "dlv_nope"/);

    receiver.mode = { kind: 'up' };
    expect((await ws.cli('notify', 'run', '--once')).stdout).toMatch(/1 delivered/);
    expect((await ws.cli('notify', 'digest')).stdout).toBe('no digest to send\n');
  });
  it('notify usage-alerts tells a newly raised usage flag once, and the webhook gets it', async () => {
    receiver = await startHttpReceiver();
    ws = gateWorkspace('sqlite', {
      'traction.yaml': `${CONFIG}notifications:
  webhooks: [{ name: erp, url: "${receiver.url}/hook", secret: "\${env:ERP_SECRET}" }]
  usage_alerts: { schedule: "30 5 * * *" }
`,
      // In production with no telemetry at all: not used. An idea is not deployed: nothing.
      'usecases/alpha.yaml': useCaseYaml('alpha', 'production'),
      'usecases/beta.yaml': useCaseYaml('beta', 'idea'),
    });
    ws.env.ERP_SECRET = SECRET;
    expect((await ws.cli('apply')).code).toBe(0);

    const first = await ws.cli('notify', 'usage-alerts');
    expect(first).toMatchObject({ code: 0, stdout: 'new: alpha no_use\n1 deployed use case(s) judged: 1 new alert(s), 0 still raised (told before), 0 cleared; `traction notify run --once` (or a running server) sends them\n' });
    const second = await ws.json<{ raised: unknown[]; still_raised: unknown[] }>('notify', 'usage-alerts', '--json');
    expect(second).toMatchObject({ raised: [], still_raised: [{ use_case: 'alpha', flag: 'no_use', period: '' }] });

    expect((await ws.cli('notify', 'run', '--once')).code).toBe(0);
    const payloads = receiver.requests.map((r) => new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string; data: { title: string; detail: string; flag: string; use_case_id: string } });
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toMatchObject({ type: 'traction.usage_alert', data: { title: 'Use case alpha: not used', flag: 'no_use', use_case_id: 'alpha' } });
    expect(payloads[0]!.data.detail).toMatch(/^No requests recorded yet\./);

    // The scheduled job reads its schedule from traction.yaml.
    const jobs = await ws.json<{ scheduled: { kind: string; target: string; schedule: string }[] }>('jobs');
    expect(jobs.scheduled.filter((j) => j.kind === 'usage-alerts')).toMatchObject([{ target: 'workspace', schedule: '30 5 * * *' }]);
  });
});
