// `traction new usecase --template` and `traction templates`: the file written validates with
// `traction validate` and says where each number comes from; an existing file, a taken id,
// an unknown template, a bad id or an unknown team writes nothing.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../support/cli.js';

const NORTHWIND = path.resolve(import.meta.dirname, '../../examples/northwind');
let dir: string;

async function usecaseFiles(): Promise<string[]> {
  return (await readdir(path.join(dir, 'usecases'))).sort();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'traction-new-usecase-'));
  for (const part of ['traction.yaml', 'usecases', 'datasets', 'sources', 'schemas']) await cp(path.join(NORTHWIND, part), path.join(dir, part), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('traction new usecase --template', () => {
  it('writes a use case that traction validate accepts, with the basis of every number beside it', async () => {
    const run = await cli(['-w', dir, 'new', 'usecase', '--template', 'cv-screening', '--id', 'warehouse-hiring', '--title', 'Warehouse hiring assistant', '--owner', 'hr@example.com']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote usecases/warehouse-hiring.yaml from the template "cv-screening"');
    expect(run.stdout).toContain('suggested dataset "applications" is not in the workspace');
    const text = await readFile(path.join(dir, 'usecases', 'warehouse-hiring.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/use-case\.schema\.json\n# Made from the template "cv-screening"/);
    expect(text).toContain('# source: Eurostat, hourly labour costs (lc_lci_lev) (2023)');
    expect(text).toContain('# EU AI Act: High-risk under Annex III point 4(a)');
    const body = parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'warehouse-hiring', title: 'Warehouse hiring assistant', owner: 'hr@example.com', sponsor: 'unassigned', risk: { eu_ai_act: 'high' }, datasets: [] });
    expect(body.tags).toContain('template:cv-screening');
    // The team whose skills fit best: data-ai has llm and ml of [llm, ml, integration, change-management, legal-compliance].
    expect(body.team).toBe('data-ai');
    const validate = await cli(['-w', dir, 'validate']);
    expect(validate.stdout).toContain('15 use cases');
    expect(validate.code).toBe(0);
  });

  it('keeps a suggested dataset the workspace has', async () => {
    await writeFile(path.join(dir, 'datasets', 'support-tickets.yaml'), (await readFile(path.join(dir, 'datasets', 'support_tickets.yaml'), 'utf8')).replace(/^id: support_tickets$/m, 'id: support-tickets'));
    const run = await cli(['-w', dir, 'new', 'usecase', '--template', 'ticket-triage', '--team', 'digital', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file: 'usecases/ticket-triage.yaml', id: 'ticket-triage', team: 'digital', template: 'ticket-triage', missing_datasets: [] });
    const body = parse(await readFile(path.join(dir, 'usecases', 'ticket-triage.yaml'), 'utf8')) as { datasets: { dataset: string }[] };
    expect(body.datasets.map((d) => d.dataset)).toEqual(['support-tickets']);
    expect((await cli(['-w', dir, 'validate'])).code).toBe(0);
  });

  it('refuses to overwrite an existing file or reuse an id, and writes nothing', async () => {
    const before = await usecaseFiles();
    const original = await readFile(path.join(dir, 'usecases', 'invoice-processing.yaml'), 'utf8');
    const taken = await cli(['-w', dir, 'new', 'usecase', '--template', 'invoice-processing']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('a use case "invoice-processing" exists already: give another --id');
    // A file of that name whose content is not (yet) a use case of that id.
    await writeFile(path.join(dir, 'usecases', 'stray.yaml'), 'id: stray\n');
    const stray = await cli(['-w', dir, 'new', 'usecase', '--template', 'lead-scoring', '--id', 'stray']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/nothing was written|not overwriting/);
    expect(await readFile(path.join(dir, 'usecases', 'stray.yaml'), 'utf8')).toBe('id: stray\n');
    await rm(path.join(dir, 'usecases', 'stray.yaml'));
    expect(await usecaseFiles()).toEqual(before);
    expect(await readFile(path.join(dir, 'usecases', 'invoice-processing.yaml'), 'utf8')).toBe(original);
  });

  it('refuses an unknown template, a bad id and an unknown team with a clear message, writing nothing', async () => {
    const before = await usecaseFiles();
    const unknown = await cli(['-w', dir, 'new', 'usecase', '--template', 'churn-predictoin']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no template "churn-predictoin" (did you mean "churn-prediction"?)');
    const badId = await cli(['-w', dir, 'new', 'usecase', '--template', 'churn-prediction', '--id', '../escape']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--id "../escape" is not an id');
    const team = await cli(['-w', dir, 'new', 'usecase', '--template', 'churn-prediction', '--id', 'churn-2', '--team', 'nobody']);
    expect(team.code).toBe(2);
    expect(team.stderr).toContain('the use case would not validate; nothing was written');
    expect(team.stderr).toContain('team: unknown team "nobody"');
    const none = await cli(['-w', dir, 'new', 'usecase']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give --template ID');
    for (const r of [unknown, badId, team, none]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await usecaseFiles()).toEqual(before);
  });
});

describe('traction templates', () => {
  it('lists the library, also through new usecase --list-templates', async () => {
    const list = await cli(['templates']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/cv-screening\s+hr\s+high\s+CV screening/);
    expect((await cli(['new', 'usecase', '--list-templates'])).stdout).toBe(list.stdout);
    const json = JSON.parse((await cli(['templates', '--json'])).stdout) as { id: string }[];
    expect(json.length).toBeGreaterThanOrEqual(20);
  });

  it('shows one template with the basis of every number and the gates to adopt', async () => {
    const show = await cli(['templates', 'support-assistant']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('value_streams.agent-productivity.inputs.productivity_gain = 0.07 / 0.14 / 0.25');
    expect(show.stdout).toContain('source: Brynjolfsson, Li and Raymond, Generative AI at Work, NBER Working Paper 31161 (2023)');
    expect(show.stdout).toMatch(/gates:\n\s+- from: idea\n\s+to: qualified/);
  });
});
