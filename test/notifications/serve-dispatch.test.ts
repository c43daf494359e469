// `traction serve` runs the dispatcher: an event recorded while the server runs reaches the
// webhook receiver without any command, and stopping the server lets the pass under way finish.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { readEnv } from '../../src/env.js';
import { recordEvent } from '../../src/notifications/record-event.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore } from '../../src/store/store.js';
import { contentHash } from '../../src/workspace/definitions.js';
import { startHttpReceiver, type HttpReceiver } from '../support/notification-receivers.js';

let server: RunningServer | undefined;
let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await server?.stop();
  await receiver?.close();
});

it('sends what is recorded while it runs, and stops cleanly', async () => {
  receiver = await startHttpReceiver();
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-serve-notify-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'traction.db') });
  const config = workspaceConfigSchema.parse({
    organisation: 'Testco',
    currency: 'EUR',
    discount_rate: 0.1,
    horizon_months: 36,
    start_quarter: '2026-Q2',
    budget_per_quarter: 100000,
    teams: [{ id: 'data', name: 'Data team', capacity_person_weeks_per_quarter: 40 }],
    notifications: { webhooks: [{ name: 'erp', url: `${receiver.url}/hook`, secret: '${env:HOOK_SECRET}' }] },
  });
  await applyDefinitions(store, [{ kind: 'config', id: 'config', body: config, hash: contentHash(config) }], 'seed', new Date());
  const env = readEnv({ TRACTION_ADMIN_PASSWORD: 'admin-password-1', TRACTION_LOG_LEVEL: 'silent', HOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  server = await startServer({ store, env, port: 0, host: '127.0.0.1', webDir: dir, notifyIntervalSeconds: 0.1, logDestination: { write: () => undefined } });

  const id = await store.transaction((tx) => recordEvent(tx, { kind: 'plan_committed', title: 'Plan committed', audience: {} }));
  await expect.poll(() => receiver!.requests.map((r) => r.headers['webhook-id']), { timeout: 5000 }).toEqual([id]);
  await server.stop();
  server = undefined;
  // The store is closed after the dispatcher stopped: no pass runs against a closed store.
  await expect(store.db.selectFrom('notification_deliveries').selectAll().execute()).rejects.toThrow();
});
