// `traction pulse` and the Northwind demo's pulse (examples/northwind/seed-pulse.ts) on a copy of
// Northwind: surveys opened and links made through the CLI, answers sent to a running server's
// answer door, results printed with the minimum group size (invoice processing's 9 answers show,
// demand forecasting's 3 do not), and the CLI's refusals as one line with a meaningful exit code.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULSE_PLAN, seedPulse } from '../../examples/northwind/seed-pulse.js';
import { readEnv } from '../../src/env.js';
import { levelPoints } from '../../src/pulse/pulse-scores.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openStore } from '../../src/store/store.js';
import { cli } from '../support/cli.js';

const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-pulse-')), 'ws');
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources', 'schemas']) cpSync(path.join(NORTHWIND, part), path.join(dir, part), { recursive: true });
  expect((await cli(['-w', dir, 'apply'])).code).toBe(0);
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
  server = await startServer({ store, env: readEnv({ TRACTION_ADMIN_PASSWORD: 'admin-password-1', TRACTION_LOG_LEVEL: 'warn' }), port: 0, host: '127.0.0.1', workspaceRoot: dir, logDestination: { write: () => undefined } });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('traction pulse', () => {
  it('seeds the demo through the CLI and the answer door, and prints results only for large enough groups', async () => {
    const done = await seedPulse(dir, server.url);
    expect(done).toEqual([expect.stringMatching(/^invoice-processing: survey pls_\w+, 9 answers$/), expect.stringMatching(/^demand-forecasting: survey pls_\w+, 3 answers$/)]);
    const json = await cli(['-w', dir, '--json', 'pulse', 'results', 'invoice-processing']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as { surveys: { respondents: number; scores: { overall: number; items: { item: string; score: number; agree: number }[] }; departments: unknown[]; hidden_departments: number }[] };
    // Independent of the code under test: the plan's answers averaged by hand here.
    const answers = PULSE_PLAN[0]!.groups.flatMap((g) => g.answers);
    const mean = (k: 'quality' | 'effort' | 'speed' | 'productivity') => answers.reduce((s, a) => s + (a[k] - 1) * 25, 0) / answers.length;
    expect(r.surveys[0]!.respondents).toBe(9);
    expect(r.surveys[0]!.scores.items.find((i) => i.item === 'quality')!.score).toBeCloseTo(mean('quality'), 12);
    expect(r.surveys[0]!.scores.overall).toBeCloseTo((mean('quality') + mean('effort') + mean('speed') + mean('productivity')) / 4, 12);
    expect(r.surveys[0]!.scores.items.find((i) => i.item === 'speed')!.agree).toBeCloseTo(answers.filter((a) => a.speed >= 4).length / 9, 12);
    expect(levelPoints(4)).toBe(75);
    // Accounts Payable 6 would show, but Procurement 3 would then be total minus it: both hidden.
    expect([r.surveys[0]!.departments, r.surveys[0]!.hidden_departments]).toEqual([[], 2]);

    const table = await cli(['-w', dir, 'pulse', 'results', 'invoice-processing']);
    expect(table.stdout).toMatch(/^period +status +links +answers +overall +quality \(agree\)/m);
    expect(table.stdout).toMatch(/open +13 +9 +\d+ /);
    const few = await cli(['-w', dir, 'pulse', 'results', 'demand-forecasting']);
    expect(few.stdout).toMatch(/open +5 +< 5 +- +- +- +- +-$/m);
    expect(few.stdout).not.toMatch(/\d+ \(\d+%\)/);
  }, 60_000);

  it('refuses clearly, with exit codes, and makes links that open the answer page', async () => {
    const pilot = await cli(['-w', dir, 'pulse', 'open', 'customer-service-assistant']);
    expect([pilot.code, pilot.stderr.trim()]).toEqual([1, expect.stringMatching(/^error: customer-service-assistant is at stage pilot: a pulse asks the people who use a deployed use case/)]);
    expect(pilot.stderr).not.toMatch(/at .*\.ts:\d+/);
    const again = await cli(['-w', dir, 'pulse', 'open', 'invoice-processing']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/has a pulse survey for \d{4}-\d{2} already/);
    const bad = await cli(['-w', dir, 'pulse', 'open', 'invoice-processing', '--period', '2026-13']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/expected a month \(2026-11\) or a quarter \(2026-Q4\)/)]);
    const unknown = await cli(['-w', dir, 'pulse', 'links', 'pls_nope', '--count', '1']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/no pulse survey "pls_nope"/)]);
    const count = await cli(['-w', dir, 'pulse', 'links', 'pls_nope', '--count', '0']);
    expect(count.code).toBe(2);
    const surveys = JSON.parse((await cli(['-w', dir, '--json', 'pulse', 'results', 'invoice-processing'])).stdout) as { surveys: { id: string }[] };
    const id = surveys.surveys[0]!.id;
    const links = await cli(['-w', dir, 'pulse', 'links', id, '--count', '2', '--base-url', 'https://traction.example/']);
    expect(links.stdout.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^https:\/\/traction\.example\/pulse\/respond#inv_[A-Za-z0-9_-]{43}$/), expect.stringMatching(/^https:\/\/traction\.example\/pulse\/respond#inv_/)]);
    expect((await cli(['-w', dir, 'pulse', 'close', id])).code).toBe(0);
    const closed = await cli(['-w', dir, 'pulse', 'close', id]);
    expect([closed.code, closed.stderr]).toEqual([1, expect.stringMatching(/closed already/)]);
  }, 60_000);
});
