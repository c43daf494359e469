// `traction assess` on a copy of Northwind: Northwind's seeded rounds (several respondents,
// leadership and staff, three items where they disagree) in results, trend and the gap
// report, a second seeding that changes nothing, and the commands a consultant runs (open,
// invite, answer from a file with located errors, close) with --json giving the API's shapes.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedAssessment } from '../../examples/northwind/assessment/seed-assessment.js';
import { resultsViewSchema } from '../../src/assessment/views.js';
import { openStore, storeLocation } from '../../src/store/store.js';
import { cli } from '../support/cli.js';

const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
let dir: string;
const run = (...args: string[]) => cli(['-w', dir, ...args], { TRACTION_ACTOR: 'consultant' });

beforeAll(async () => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-assess-')), 'ws');
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources', 'schemas', 'assessment']) cpSync(path.join(NORTHWIND, part), path.join(dir, part), { recursive: true });
  expect((await run('apply')).code).toBe(0);
  const store = await openStore(storeLocation(dir, undefined));
  try {
    expect(await seedAssessment(store, dir, new Date())).toEqual(['Northwind AI readiness, Q2 2026', 'Northwind AI readiness, Q4 2026']);
    expect(await seedAssessment(store, dir, new Date())).toEqual([]);
  } finally {
    await store.close();
  }
}, 60_000);

describe('traction assess on Northwind', () => {
  it('shows the latest round: respondents of both groups, pillar scores, the three disagreements, benchmarks', async () => {
    const r = await run('--json', 'assess', 'results', 'latest');
    expect(r.code, r.stderr).toBe(0);
    const results = resultsViewSchema.parse(JSON.parse(r.stdout));
    expect(results.round).toMatchObject({ title: 'Northwind AI readiness, Q4 2026', status: 'closed', respondents: { total: 9, leadership: 4, staff: 5 } });
    expect(results.disagreements.map((d) => d.item).sort()).toEqual(['culture.change', 'data.quality', 'strategy.direction']);
    expect(results.pillars.find((p) => p.id === 'data')!.level?.name).toBe('Awareness');
    const table = await run('assess', 'results', 'latest');
    expect(table.stdout).toMatch(/Overall 2\.\d\d of 5: 2 Active/);
    expect(table.stdout).toContain('data.quality: leadership 4, staff 1');
    expect(table.stdout).toContain('not this workspace');
  });

  it('shows the trend over both rounds and a gap report aimed at the top-ranked use cases, with the seeded task', async () => {
    const trend = JSON.parse((await run('--json', 'assess', 'trend')).stdout) as { rounds: { title: string; overall: number }[] };
    expect(trend.rounds.map((r) => r.title)).toEqual(['Northwind AI readiness, Q2 2026', 'Northwind AI readiness, Q4 2026']);
    expect(trend.rounds[1]!.overall).toBeGreaterThan(trend.rounds[0]!.overall);
    const gap = JSON.parse((await run('--json', 'assess', 'gap', 'latest')).stdout) as { weakest: { pillar: string; actions: { id: string; targets: string[]; followed_up: unknown[] }[] }[] };
    expect(gap.weakest[0]!.pillar).toBe('data');
    const checks = gap.weakest[0]!.actions.find((a) => a.id === 'data.readiness_checks_top3')!;
    expect(checks.targets.length).toBeGreaterThan(0);
    expect(checks.followed_up).toHaveLength(1);
  });

  it('opens a round, invites, takes answers from a file (refusing a bad file with located errors, writing nothing), and closes', async () => {
    const opened = JSON.parse((await run('--json', 'assess', 'open', 'Spot check')).stdout) as { id: string };
    const invited = await run('assess', 'invite', opened.id, '--count', '2', '--base-url', 'https://traction.example.com/');
    expect(invited.stdout.match(/^https:\/\/traction\.example\.com\/assessment\/respond#inv_[A-Za-z0-9_-]{43}$/gm)).toHaveLength(2);
    const bad = path.join(dir, '..', 'bad.yaml');
    writeFileSync(bad, 'group: staff\nanswers:\n  - { item: data.quality, level: 3 }\n  - { item: data.quality, level: 6 }\n');
    const refused = await run('assess', 'answer', opened.id, '--file', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('bad.yaml:4:34: answers[1].level: a level from 1 to 5');
    expect(refused.stderr).toContain('bad.yaml:4:13: answers[1].item: item "data.quality" is answered twice');
    const unknown = path.join(dir, '..', 'unknown.yaml');
    writeFileSync(unknown, 'group: staff\nanswers:\n  - { item: data.qualiti, level: 3 }\n');
    expect((await run('assess', 'answer', opened.id, '--file', unknown)).stderr).toContain('no item "data.qualiti" in this round\'s questionnaire');
    expect(JSON.parse((await run('--json', 'assess', 'rounds')).stdout).items[0].respondents.total).toBe(0);
    const good = path.join(dir, '..', 'good.yaml');
    writeFileSync(good, 'group: leadership\nanswers:\n  - { item: data.quality, level: 3 }\n');
    expect((await run('assess', 'answer', opened.id, '--file', good)).stdout).toContain('recorded 1 answer of consultant (leadership)');
    expect((await run('assess', 'answer', opened.id, '--file', good)).code).toBe(1);
    expect((await run('assess', 'close', opened.id)).stdout).toContain('with 1 respondent');
    const late = await run('assess', 'answer', opened.id, '--file', good);
    expect([late.code, late.stderr]).toEqual([1, expect.stringContaining('is closed')]);
  });
});
