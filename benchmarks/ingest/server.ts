// The server under test, in its own process (so its memory is its own): a fresh SQLite store
// with one use case claiming the spans and a price table, an ingest token, POST /v1/traces.
// Prints {"port", "token"} once listening, then {"rssMb", "cpuS"} every second. The store is
// deleted when the bench stops the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useCaseSchema } from '../../src/domain/use-case.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { buildApp } from '../../src/server/app.js';
import { sha256 } from '../../src/server/auth/principal.js';
import { insertApiToken } from '../../src/store/api-token-repository.js';
import { applyDefinitions } from '../../src/store/definition-repository.js';
import { openStore } from '../../src/store/store.js';
import { createUser } from '../../src/store/user-repository.js';
import { contentHash } from '../../src/workspace/definitions.js';

const now = new Date();
const dir = mkdtempSync(path.join(tmpdir(), 'traction-ingest-bench-'));
const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'traction.db') });
const config = workspaceConfigSchema.parse({
  organisation: 'Bench',
  currency: 'EUR',
  discount_rate: 0.1,
  horizon_months: 36,
  start_quarter: '2026-Q1',
  budget_per_quarter: 1,
  teams: [{ id: 'data', name: 'Data', capacity_person_weeks_per_quarter: 10 }],
  prices: [{ model: 'gpt-4o-mini*', input_per_1m: 0.15, output_per_1m: 0.6, cached_input_per_1m: 0.075, valid_from: '2024-01-01' }],
});
const useCase = useCaseSchema.parse({
  id: 'support-assistant',
  title: 'Support assistant',
  problem: 'p',
  objective: 'o',
  owner: 'o',
  sponsor: 's',
  department: 'Support',
  team: 'data',
  costs: { build: 1, run_monthly: 1 },
  probability_of_success: 0.5,
  effort_person_weeks: 1,
  risk: { eu_ai_act: 'minimal' },
  telemetry: { match: { 'service.name': 'support-assistant' }, user_attribute: 'enduser.id', department_attribute: 'org.department' },
});
const def = (kind: 'config' | 'use_case', id: string, body: unknown) => ({ kind, id, body, hash: contentHash(body) });
await applyDefinitions(store, [def('config', 'config', config), def('use_case', useCase.id, useCase)], 'bench', now);
const user = await createUser(store.db, { username: 'collector', displayName: 'Collector', role: 'contributor', passwordHash: 'x', mustChangePassword: false }, 'bench', now);
const token = 'trc_bench_ingest_token';
await insertApiToken(store.db, { id: 'tok_bench', userId: user.id, name: 'bench', scope: 'ingest', tokenHash: sha256(token), expiresAt: null }, 'bench', now);
const { app } = await buildApp({ store, logLevel: 'warn' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0, token }));
setInterval(() => {
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ rssMb: process.memoryUsage().rss / 1048576, cpuS: (cpu.user + cpu.system) / 1e6 }));
}, 1000).unref();
process.on('SIGTERM', () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => rmSync(dir, { recursive: true, force: true }))
    .then(() => process.exit(0)),
);
