// Use cases from a spreadsheet, on SQLite and PostgreSQL: a workbook built here with exceljs
// holding good rows beside every kind of bad one (merged cells, a date where a number belongs,
// text in number columns, duplicate ids within the file and against the store, formulas with
// and without a saved result, a cell that would run as a formula), each problem located by
// row and column; nothing written unless asked for the good rows only; the file refused whole
// (nothing written, the process alive) when it is a zip bomb, too large, not a workbook.
import { describe, expect, it } from 'vitest';
import { importUseCases, previewUseCaseImport, type UseCaseImportReport } from '../../src/application/imports.js';
import { ActionError } from '../../src/application/errors.js';
import { listDefinitions } from '../../src/store/definition-repository.js';
import { listProposals } from '../../src/store/proposal-repository.js';
import { describeEachStore, sampleUseCase, type TestApp } from '../support/server-app.js';
import { goodRow, HEADERS, workbook, zipOf } from '../support/xlsx-builder.js';

const caller = { actor: 'contributor', role: 'contributor' as const, username: 'contributor' };
const depsOf = (t: TestApp) => ({ store: t.store, now: () => t.clock.now, workspaceRoot: '' });
const col = (header: string) => String.fromCharCode(65 + HEADERS.indexOf(header));

/** Row number -> the columns with a problem, as the report tells them. */
const located = (r: UseCaseImportReport) => Object.fromEntries(r.rows.filter((x) => !x.ok).map((x) => [x.row, x.problems.map((p) => p.column).sort()]));

async function mixedWorkbook(): Promise<Buffer> {
  const rows = [
    goodRow('Demand sensing'), // 2
    goodRow('Supplier risk radar'), // 3: chance as a percent-formatted cell, effort a formula with its saved result
    goodRow('Warehouse slotting'), // 4: effort turned into a date by Excel
    goodRow('Quote assistant'), // 5: text in number columns
    goodRow('Demand sensing'), // 6: the same id as row 2
    goodRow('Returns triage'), // 7: department merged with row 8
    goodRow('Payment reminders'), // 8
    goodRow('Churn alerts'), // 9: exists in the store; running cost a formula without a saved result
    goodRow('Harmless title'), // 10: title a cell that would run as a formula
    goodRow('Fleet routing'), // 11: a team the workspace does not have
  ];
  return workbook(rows, (ws) => {
    const c = (h: string, row: number) => ws.getCell(`${col(h)}${row}`);
    c('Chance of success', 3).value = 0.7;
    c('Chance of success', 3).numFmt = '0%';
    c('Effort in person-weeks', 3).value = { formula: '2*3', result: 6 } as never;
    c('Effort in person-weeks', 4).value = new Date(Date.UTC(2026, 2, 5));
    c('Effort in person-weeks', 4).numFmt = 'dd/mm/yyyy';
    c('Build cost', 5).value = 'about 5k';
    c('Value per month (low)', 5).value = '12.500';
    c('Value per month (likely)', 2).value = '40,000';
    ws.mergeCells(`${col('Department')}7:${col('Department')}8`);
    c('Running cost per month', 9).value = { formula: 'SUM(Z1:Z9)' } as never;
    c('Title', 10).value = '=HYPERLINK("http://example.invalid","x")';
    c('Team', 11).value = 'logistics';
  });
}

async function counts(t: TestApp) {
  return { useCases: (await listDefinitions(t.store.db)).filter((d) => d.kind === 'use_case').length, proposals: (await listProposals(t.store.db)).length };
}

describeEachStore('use cases from a spreadsheet', (open) => {
  const opts = { useCases: [sampleUseCase('churn-alerts')] };

  it('locates every problem by row and column, and writes nothing unless all rows are good', async ({ skip }) => {
    const t = await open(skip, opts);
    const before = await counts(t);
    const input = { fileName: 'proposals.xlsx', bytes: await mixedWorkbook() };
    const preview = await previewUseCaseImport(depsOf(t), input);
    expect(preview.mapping_problems).toEqual([]);
    expect(preview.columns.map((c) => c.field)).toEqual(['title', 'problem', 'objective', 'owner', 'sponsor', 'department', 'team', 'monthly_value.low', 'monthly_value.likely', 'monthly_value.high', 'build_cost', 'run_monthly', 'effort_person_weeks', 'probability_of_success', 'eu_ai_act']);
    expect(located(preview)).toEqual({
      4: [col('Effort in person-weeks')],
      5: [col('Value per month (low)'), col('Build cost')].sort(),
      6: [col('Title')],
      7: [col('Department')],
      8: [col('Department')],
      9: [col('Title'), col('Running cost per month')].sort(),
      10: [col('Title')],
      11: [col('Team')],
    });
    const problem = (row: number, c: string) => preview.rows.find((r) => r.row === row)!.problems.find((p) => p.column === c)!.message;
    expect(problem(4, col('Effort in person-weeks'))).toMatch(/the date 2026-03-05 \(Excel's number 46086\) where a number belongs/);
    expect(problem(5, col('Build cost'))).toMatch(/text where a number belongs: "about 5k": type the number in digits/);
    expect(problem(5, col('Value per month (low)'))).toMatch(/"12.500" could be 12.5 or 12,500/);
    expect(problem(6, col('Title'))).toMatch(/same use case id "demand-sensing" as row 2/);
    expect(problem(7, col('Department'))).toMatch(/merged cells F7:F8/);
    expect(problem(9, col('Title'))).toMatch(/"churn-alerts" exists already/);
    expect(problem(9, col('Running cost per month'))).toMatch(/formula =SUM\(Z1:Z9\) with no saved result/);
    expect(problem(10, col('Title'))).toMatch(/starts like a spreadsheet formula/);
    expect(problem(11, col('Team'))).toMatch(/logistics/);
    expect(preview).toMatchObject({ good: 2, bad: 8, written: false });

    const refused = await importUseCases(depsOf(t), input, {}, caller).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as ActionError).code).toBe('bad_rows');
    expect((refused as ActionError).message).toMatch(/8 of 10 rows have problems .*nothing imported/);
    expect((refused as ActionError).problems.map((p) => p.field)).toContain(`row 4, column ${col('Effort in person-weeks')} (Effort in person-weeks)`);
    expect(await counts(t)).toEqual(before);

    const dry = await importUseCases(depsOf(t), input, { onlyGoodRows: true, dryRun: true }, caller);
    expect(dry).toMatchObject({ good: 2, written: false, imported: [] });
    expect(await counts(t)).toEqual(before);

    const done = await importUseCases(depsOf(t), input, { onlyGoodRows: true }, caller);
    expect(done.imported).toEqual(['demand-sensing', 'supplier-risk-radar']);
    expect(await counts(t)).toEqual({ useCases: before.useCases + 2, proposals: before.proposals + 2 });
    const radar = (await listDefinitions(t.store.db)).find((d) => d.id === 'supplier-risk-radar')!.body as { probability_of_success: number; effort_person_weeks: number; value_streams: { inputs: { monthly_value: unknown } }[] };
    // The percent cell (70%) and the formula's saved result (6) are read as Excel showed them.
    expect(radar.probability_of_success).toBe(0.7);
    expect(radar.effort_person_weeks).toBe(6);
    const sensing = (await listDefinitions(t.store.db)).find((d) => d.id === 'demand-sensing')!.body as { probability_of_success: number; value_streams: { inputs: { monthly_value: unknown } }[] };
    expect(sensing.value_streams[0]!.inputs.monthly_value).toEqual({ low: 20000, likely: 40000, high: 80000 });
    // A plain 70 in the chance column is a percentage, as on the form.
    expect(sensing.probability_of_success).toBe(0.7);
    expect((await listProposals(t.store.db)).filter((p) => p.author === 'contributor').map((p) => p.status)).toEqual(['proposed', 'proposed']);

    // Importing the same file again: both are duplicates of stored use cases now.
    const again = await previewUseCaseImport(depsOf(t), input);
    expect(again.good).toBe(0);
  });

  it('reads a CSV with a mapping given by header and by column letter', async ({ skip }) => {
    const t = await open(skip, opts);
    const csv = [
      'Name;Description;Goal;Owner;Sponsor;Unit;Team;Low;Likely;High;Build;Run cost;Effort;Chance;Notes',
      '"Invoice capture";"Invoices are typed in by hand";"Read them automatically";Olga;Sam;Finance;ops;"10,000";"20,000";"30,000";5000;100;3;60;x',
      'Quote assistant;Quotes take two days;Quote in an hour;Olga;Sam;Sales;data;1000;2000;x3000;5000;100;3;60;y',
    ].join('\n');
    const input = { fileName: 'ideas.csv', bytes: Buffer.from(csv), mapping: { Unit: 'department', O: '' } };
    const r = await previewUseCaseImport(depsOf(t), input);
    expect(r.mapping_problems).toEqual([]);
    expect(r.columns.find((c) => c.header === 'Unit')).toMatchObject({ field: 'department', by: 'mapping' });
    expect(r.columns.find((c) => c.header === 'Notes')).toMatchObject({ field: null });
    expect(located(r)).toEqual({ 3: ['J'] });
    const done = await importUseCases(depsOf(t), input, { onlyGoodRows: true }, caller);
    expect(done.imported).toEqual(['invoice-capture']);
  });

  it('names a missing column and an unknown field in the mapping, and writes nothing', async ({ skip }) => {
    const t = await open(skip, opts);
    const before = await counts(t);
    const csv = 'Title,Problem\nA title,Some problem here\n';
    const r = await previewUseCaseImport(depsOf(t), { fileName: 'few.csv', bytes: Buffer.from(csv), mapping: { Problem: 'problm' } });
    expect(r.mapping_problems[0]).toMatch(/"problm" is not a field/);
    expect(r.mapping_problems.join('\n')).toMatch(/no column for objective \(head a column "Objective"/);
    await expect(importUseCases(depsOf(t), { fileName: 'few.csv', bytes: Buffer.from(csv) }, { onlyGoodRows: true }, caller)).rejects.toMatchObject({ code: 'bad_mapping' });
    expect(await counts(t)).toEqual(before);
  });
});

describeEachStore('spreadsheet attacks', (open) => {
  const refusedWith = async (t: TestApp, fileName: string, bytes: Buffer, pattern: RegExp) => {
    const before = await counts(t);
    const e = await importUseCases(depsOf(t), { fileName, bytes }, { onlyGoodRows: true }, caller).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ActionError);
    expect((e as ActionError).message).toMatch(pattern);
    expect((e as ActionError).message).not.toMatch(/\n\s+at /);
    expect(await counts(t)).toEqual(before);
  };

  it('refuses a zip bomb before inflating it, whatever sizes its directory claims', async ({ skip }) => {
    const t = await open(skip);
    const wb = Buffer.from('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>');
    const bomb = Buffer.alloc(200 * 1024 * 1024, 0x20);
    const rss = process.memoryUsage().rss;
    await refusedWith(t, 'bomb.xlsx', zipOf([{ name: 'xl/workbook.xml', data: wb }, { name: 'xl/worksheets/sheet1.xml', data: bomb }]), /more than 40 MB .*zip bomb/);
    await refusedWith(t, 'liar.xlsx', zipOf([{ name: 'xl/workbook.xml', data: wb }, { name: 'xl/worksheets/sheet1.xml', data: bomb, declared: 100 }]), /more than 40 MB .*zip bomb/);
    // Inflating stops at the cap: the process never holds the 200 MB.
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses a sheet with too many rows, bytes that are no workbook, an old .xls, and a CSV cell that would run as a formula', async ({ skip }) => {
    const t = await open(skip);
    const many = await workbook(Array.from({ length: 5001 }, (_, i) => goodRow(`Idea number ${i}`)));
    await refusedWith(t, 'many.xlsx', many, /5,002 rows; at most 5,000 use cases at once/);
    await refusedWith(t, 'text.xlsx', Buffer.from('Title,Problem\nnot a workbook\n'), /text.xlsx is not an Excel workbook \(.xlsx\): it is not a ZIP archive/);
    await refusedWith(t, 'old.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]), /old Excel workbook \(.xls\)/);
    await refusedWith(t, 'docs.xlsx', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]), /a ZIP archive but not an Excel workbook/);
    await refusedWith(t, 'evil.csv', Buffer.from(`${HEADERS.join(',')}\n=cmd|' /C calc'!A0,x\n`), /evil.csv line 2 column 1: .*looks like a spreadsheet formula/);
    await refusedWith(t, 'wide.csv', Buffer.from(`${Array.from({ length: 61 }, (_, i) => `c${i}`).join(',')}\n`), /61 columns; at most 60/);
  });
});

describe('1904 date system', () => {
  it('tells a date in a number column by the date Excel showed', async () => {
    const { readSheet } = await import('../../src/imports/spreadsheet.js');
    const bytes = await workbook([goodRow('Mac idea')], (ws, wb) => {
      wb.properties.date1904 = true;
      ws.getCell('M2').value = new Date(Date.UTC(2026, 2, 5));
    });
    const sheet = await readSheet('mac.xlsx', bytes);
    const cell = sheet.rows[0]!.cells.get('M')!.value;
    // 2026-03-05 is 46086 in the 1900 system, 46086 - 1462 = 44624 in the 1904 system.
    expect(cell).toMatchObject({ kind: 'date', iso: '2026-03-05' });
    expect(Math.round((cell as { serial: number }).serial)).toBe(44624);
  });
});
