// The foundation's CLI end to end: init, validate (all problems at once, exit 2, nothing
// written), apply twice, export -> apply round trip, status --json.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'traction-cli-'));

describe('traction CLI (foundation)', () => {
  it('init writes a valid, commented workspace with schema lines', async () => {
    const dir = path.join(fresh(), 'ws');
    expect((await cli(['init', dir])).code).toBe(0);
    const config = readFileSync(path.join(dir, 'traction.yaml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=schemas/traction.schema.json');
    expect(readFileSync(path.join(dir, 'usecases/invoice-automation.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/use-case\.schema\.json/);
    expect(JSON.parse(readFileSync(path.join(dir, 'schemas/use-case.schema.json'), 'utf8')).properties.value_streams).toBeDefined();
    const v = await cli(['validate', '-w', dir]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('ok: Example Ltd: 1 use cases, 1 datasets, 1 sources');
    expect((await cli(['init', dir])).code).toBe(2);
  });

  it('reports a wrong type, an unknown key and a YAML syntax error together, exit 2, nothing written', async () => {
    const dir = path.join(fresh(), 'ws');
    await cli(['init', dir]);
    const uc = path.join(dir, 'usecases/invoice-automation.yaml');
    writeFileSync(uc, readFileSync(uc, 'utf8').replace('effort_person_weeks: 24', 'effort_person_weeks: lots').replace('tags: [finance]', 'tags: [finance]\nownr: bob'));
    writeFileSync(path.join(dir, 'datasets/broken.yaml'), 'id: broken\nsource: files\npath: [unclosed\n');
    const r = await cli(['validate', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('3 problems in the workspace; nothing was written');
    expect(r.stderr).toMatch(/usecases\/invoice-automation\.yaml:\d+:\d+: effort_person_weeks: expected number, found "lots" \(text\)/);
    expect(r.stderr).toMatch(/usecases\/invoice-automation\.yaml:\d+:1: ownr: unknown key "ownr" \(did you mean "owner"\?\)/);
    expect(r.stderr).toMatch(/datasets\/broken\.yaml:\d+:\d+: YAML syntax error/);
    expect((await cli(['apply', '-w', dir])).code).toBe(2);
    expect(existsSync(path.join(dir, '.traction'))).toBe(false);

    const json = await cli(['validate', '-w', dir, '--json']);
    const parsed = JSON.parse(json.stdout.slice(0, json.stdout.indexOf('\n}\n') + 2)) as { ok: boolean; problems: { file: string; line: number }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.problems).toHaveLength(3);
  });

  it('apply is idempotent and export -> apply reports unchanged', async () => {
    const dir = path.join(fresh(), 'ws');
    await cli(['init', dir]);
    const first = JSON.parse((await cli(['apply', '-w', dir, '--json'])).stdout);
    expect(first.summary).toEqual({ created: 4, updated: 0, unchanged: 0, archived: 0, restored: 0 });
    const second = JSON.parse((await cli(['apply', '-w', dir, '--json'])).stdout);
    expect(second.summary).toEqual({ created: 0, updated: 0, unchanged: 4, archived: 0, restored: 0 });

    const out = path.join(fresh(), 'export');
    expect((await cli(['export', '-w', dir, '--out', out])).code).toBe(0);
    expect((await cli(['validate', '-w', out])).code).toBe(0);
    // The export, written over the workspace itself, applies to the same store unchanged.
    expect((await cli(['export', '-w', dir, '--out', dir])).code).toBe(2); // not empty, no --force
    expect((await cli(['export', '-w', dir, '--out', dir, '--force'])).code).toBe(0);
    const intoOriginal = JSON.parse((await cli(['apply', '-w', dir, '--json'])).stdout);
    expect(intoOriginal.summary).toEqual({ created: 0, updated: 0, unchanged: 4, archived: 0, restored: 0 });

    const status = JSON.parse((await cli(['status', '-w', dir, '--json'])).stdout) as { id: string; stage: string; owner: string }[];
    expect(status).toEqual([expect.objectContaining({ id: 'invoice-automation', stage: 'idea', owner: 'alice@example.com' })]);
  });

  it('a removed use case is archived, not deleted', async () => {
    const dir = path.join(fresh(), 'ws');
    await cli(['init', dir]);
    await cli(['apply', '-w', dir]);
    writeFileSync(path.join(dir, 'usecases/invoice-automation.yaml'), '');
    const broken = await cli(['apply', '-w', dir]);
    expect(broken.code).toBe(2); // an empty file is a problem, not a removal
    const { rmSync } = await import('node:fs');
    rmSync(path.join(dir, 'usecases/invoice-automation.yaml'));
    const r = JSON.parse((await cli(['apply', '-w', dir, '--json'])).stdout);
    expect(r.changes).toContainEqual({ kind: 'use_case', id: 'invoice-automation', change: 'archived', version: 2 });
    const status = JSON.parse((await cli(['status', '-w', dir, '--json'])).stdout);
    expect(status).toEqual([]);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['no-such-command'])).code).toBe(2);
    expect((await cli(['schema', '--kind', 'nope'])).code).toBe(2);
    const schema = await cli(['schema', '--kind', 'dataset']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout).title).toBe('Traction dataset');
  });
});
