// `traction import` on a copy of the Northwind workspace: a spreadsheet with a bad row is
// refused (exit 2, the row and column named, nothing written), imported with --only-good-rows
// (exit 1, the row left out listed); a dbt manifest dbt wrote becomes datasets in a named source.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { goodRow, HEADERS, workbook } from '../support/xlsx-builder.js';

const root = path.resolve(import.meta.dirname, '../..');

function workspaceCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-import-cli-'));
  for (const f of ['traction.yaml', 'usecases', 'datasets', 'sources']) cpSync(path.join(root, 'examples/northwind', f), path.join(dir, f), { recursive: true });
  return dir;
}

describe('traction import', () => {
  it('usecases: refuses a file with a bad row, then imports only the good rows when asked', async () => {
    const ws = workspaceCopy();
    expect((await cli(['-w', ws, 'apply'])).code).toBe(0);
    const bad = goodRow('Quote assistant');
    bad[HEADERS.indexOf('Team')] = 'data-ai';
    bad[HEADERS.indexOf('Build cost')] = '5.000,50';
    const good = goodRow('Delivery slot advisor');
    good[HEADERS.indexOf('Team')] = 'digital';
    const file = path.join(ws, 'ideas.xlsx');
    writeFileSync(file, await workbook([good, bad]));

    const refused = await cli(['-w', ws, 'import', 'usecases', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ideas.xlsx: 1 of 2 rows have problems \(first: row 3, column K \(Build cost\): text where a number belongs: "5.000,50"/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect((await cli(['-w', ws, 'status', '--json'])).stdout).not.toContain('delivery-slot-advisor');

    const dry = await cli(['-w', ws, 'import', 'usecases', file, '--only-good-rows', '--dry-run']);
    expect(dry.stdout).toMatch(/would import 1 use case as proposals; 1 row left out/);
    const done = await cli(['-w', ws, 'import', 'usecases', file, '--only-good-rows', '--map', 'Notes=']);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/mapping "Notes=": no column is headed "Notes"/);
    const ok = await cli(['-w', ws, 'import', 'usecases', file, '--only-good-rows']);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toMatch(/left out row 3, column K \(Build cost\)/);
    expect(ok.stdout).toMatch(/imported 1 use case as proposals; 1 row left out: delivery-slot-advisor/);
    expect((await cli(['-w', ws, 'status', '--json'])).stdout).toContain('delivery-slot-advisor');
  });

  it('dbt: the models of a manifest dbt wrote become datasets in the named source', async () => {
    const ws = workspaceCopy();
    expect((await cli(['-w', ws, 'apply'])).code).toBe(0);
    const manifest = path.join(root, 'test/fixtures/dbt/jaffle-shop-manifest-v10.json');
    const wrong = await cli(['-w', ws, 'import', 'dbt', manifest, '--source', 'warehouse']);
    // Before the warehouse source is added: refused, naming the sources there are.
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/no source "warehouse" in the workspace \(sources: /);
    expect((await cli(['-w', ws, 'import', 'dbt', manifest, '--source', 'files'])).stderr).toMatch(/the source "files" reads files; dbt builds tables in a database/);
    writeFileSync(path.join(ws, 'sources', 'warehouse.yaml'), 'id: warehouse\nkind: postgres\nconnection: ${env:WAREHOUSE_URL}\n');
    expect((await cli(['-w', ws, 'apply'])).code).toBe(0);
    const r = await cli(['-w', ws, 'import', 'dbt', manifest, '--source', 'warehouse']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dbt 1.6.0 manifest v10 of jaffle_shop: 6 models into source warehouse/);
    expect(r.stdout).toMatch(/orders\s+jaffle_shop.orders\s+9\s+\d+\s+created/);
    const json = JSON.parse((await cli(['-w', ws, 'import', 'dbt', manifest, '--source', 'warehouse', '--json'])).stdout);
    expect(json.datasets.every((d: { change: string }) => d.change === 'unchanged')).toBe(true);
  });
});
