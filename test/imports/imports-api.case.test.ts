// The import routes over HTTP, on SQLite and PostgreSQL: preview, then import only the good
// rows; the dbt manifest by an admin. Attacks through the door: bytes that are not base64, a
// zip bomb, a body over the limit, a spreadsheet of formulas: refused, nothing written, the
// server still answering.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { listDefinitions } from '../../src/store/definition-repository.js';
import { describeEachStore, type TestApp } from '../support/server-app.js';
import { goodRow, workbook, zipOf } from '../support/xlsx-builder.js';

const b64 = (b: Buffer) => b.toString('base64');
const useCaseCount = async (t: TestApp) => (await listDefinitions(t.store.db)).filter((d) => d.kind === 'use_case').length;

describeEachStore('import API', (open) => {
  it('previews a workbook with every problem located, then imports only the good rows as proposals', async ({ skip }) => {
    const t = await open(skip);
    const bad = goodRow('Quote assistant');
    bad[12] = 'three';
    const file = b64(await workbook([goodRow('Demand sensing'), bad]));
    const before = await useCaseCount(t);
    const preview = await t.as('contributor', { method: 'POST', url: '/api/imports/use-cases/preview', payload: { file_name: 'ideas.xlsx', content_base64: file } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ good: 1, bad: 1, written: false, rows: [{ row: 2, ok: true, id: 'demand-sensing' }, { row: 3, ok: false, problems: [{ row: 3, column: 'M', header: 'Effort in person-weeks', field: 'effort_person_weeks' }] }] });
    // The fields a column may fill, named as the intake form names them, for the mapping's choices.
    const fields = (preview.json() as { fields: { field: string; label: string }[] }).fields;
    expect(fields).toHaveLength(18);
    expect(fields).toContainEqual({ field: 'monthly_value.low', label: 'Value per month (low)' });
    expect(fields).toContainEqual({ field: 'probability_of_success', label: 'Chance of success' });
    const refused = await t.as('contributor', { method: 'POST', url: '/api/imports/use-cases', payload: { file_name: 'ideas.xlsx', content_base64: file } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'bad_rows', problems: [{ field: 'row 3, column M (Effort in person-weeks)', message: expect.stringMatching(/text where a number belongs: "three"/) }] });
    expect(await useCaseCount(t)).toBe(before);
    const done = await t.as('contributor', { method: 'POST', url: '/api/imports/use-cases', payload: { file_name: 'ideas.xlsx', content_base64: file, only_good_rows: true } });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ imported: ['demand-sensing'], written: true });
    const mine = await t.as('contributor', { method: 'GET', url: '/api/proposals/mine' });
    expect(mine.json().items.map((p: { use_case_id: string; status: string }) => [p.use_case_id, p.status])).toEqual([['demand-sensing', 'proposed']]);
  });

  it('refuses what is no spreadsheet, a zip bomb and an oversized body, writing nothing and staying up', async ({ skip }) => {
    const t = await open(skip);
    const before = await useCaseCount(t);
    const post = (payload: object) => t.as('contributor', { method: 'POST', url: '/api/imports/use-cases', payload });
    const notB64 = await post({ file_name: 'a.xlsx', content_base64: '<script>alert(1)</script>' });
    expect(notB64.statusCode).toBe(400);
    expect(notB64.json().error.message).toMatch(/not base64/);
    const wb = Buffer.from('<workbook/>');
    const bomb = await post({ file_name: 'bomb.xlsx', content_base64: b64(zipOf([{ name: 'xl/workbook.xml', data: wb }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(100 * 1024 * 1024, 0x41), declared: 10 }])) });
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json().error).toMatchObject({ code: 'bad_upload', message: expect.stringMatching(/bomb.xlsx unpacks to more than 40 MB/) });
    const exe = await post({ file_name: 'tool.exe', content_base64: b64(Buffer.from('MZ')) });
    expect(exe.statusCode).toBe(400);
    const huge = await post({ file_name: 'big.csv', content_base64: 'A'.repeat(8 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    const injected = await post({ file_name: 'evil.csv', content_base64: b64(Buffer.from('Title,Problem\n@SUM(1+1)*cmd|" /C calc"!A0,x\n')), only_good_rows: true });
    expect(injected.statusCode).toBe(400);
    expect(injected.json().error.message).toMatch(/evil.csv line 2 column 1: .*formula/);
    expect(await useCaseCount(t)).toBe(before);
    expect((await t.as('viewer', { method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('imports a dbt manifest for an admin only, into a database source', async ({ skip }) => {
    const t = await open(skip);
    const manifest = readFileSync(new URL('../fixtures/dbt/jaffle-shop-manifest-v12.json', import.meta.url), 'utf8');
    const body = { manifest, source: 'warehouse' };
    expect((await t.as('approver', { method: 'POST', url: '/api/imports/dbt', payload: body })).statusCode).toBe(403);
    const noSource = await t.as('admin', { method: 'POST', url: '/api/imports/dbt', payload: body });
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().error.message).toMatch(/no source "warehouse"/);
    const { applyDefinitions } = await import('../../src/store/definition-repository.js');
    const { contentHash } = await import('../../src/workspace/definitions.js');
    const source = { id: 'warehouse', kind: 'postgres', connection: '${env:WAREHOUSE_URL}' };
    const { CONFIG, T0 } = await import('../support/server-app.js');
    await applyDefinitions(t.store, [{ kind: 'config', id: 'config', body: CONFIG, hash: contentHash(CONFIG) }, { kind: 'source', id: 'warehouse', body: source, hash: contentHash(source) }], 'seed', T0);
    const r = await t.as('admin', { method: 'POST', url: '/api/imports/dbt', payload: body });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ manifest_version: 12, translated_tests: 23, written: true });
    expect((await listDefinitions(t.store.db)).filter((d) => d.kind === 'dataset')).toHaveLength(13);
  });
});
