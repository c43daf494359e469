// How a check run is printed: a table per dataset and the readiness scores (text), the same
// as Markdown with --md, everything as one JSON document with --json; failing rows on demand.
import { mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import type { CliContext } from './context.js';
import type { Workspace } from '../domain/workspace.js';
import type { CheckOutcome } from '../readiness/check-evaluation.js';
import { failingRowsOf } from '../application/readiness.js';
import { csvLine } from '../domain/csv.js';
import type { buildRunRecord } from '../readiness/readiness-run.js';
import type { DatasetRun } from '../readiness/run-dataset.js';
import type { SourceConnections } from '../readiness/source-connections.js';
import { renderTable, type Column } from './output.js';

type RunResult = ReturnType<typeof buildRunRecord>;

const dims = (d: Record<string, number | undefined>) => Object.entries(d).map(([k, v]) => `${k} ${v}`).join(', ');

export function printCheckReport(ctx: CliContext, result: RunResult, runs: DatasetRun[], md: boolean, stored: boolean): void {
  const { out } = ctx;
  if (out.json) {
    out.printJson({ run_id: result.record.id, stored, summary: result.summary, datasets: runs, dataset_scores: result.datasets, use_case_scores: result.useCases });
    return;
  }
  const c = out.c;
  const paint = (o: CheckOutcome) => (o.status === 'pass' ? c.green : o.status === 'error' ? c.red : o.severity === 'warn' ? c.yellow : c.red);
  const checkColumns: Column<CheckOutcome>[] = [
    { header: 'status', value: (o) => (o.status === 'fail' && o.severity === 'warn' ? 'warn' : o.status), colour: (t, o) => paint(o)(t) },
    { header: 'check', value: (o) => o.name },
    { header: 'dimension', value: (o) => o.dimension },
    { header: 'result', value: (o) => o.message },
  ];
  const scoreOf = new Map(result.datasets.map((s) => [s.datasetId, s]));
  for (const r of runs) {
    const s = scoreOf.get(r.datasetId);
    const head = `${r.datasetId}: ${r.rowCount ?? '?'} rows, score ${s?.score ?? '-'}${r.error ? ` (${r.error})` : ''}`;
    out.line(md ? `### ${head}\n` : c.bold(head));
    out.line(md ? markdownTable(checkColumns, r.outcomes) : renderTable(checkColumns, r.outcomes, c.bold));
  }
  if (result.useCases.length) {
    out.line(md ? '### Use-case readiness\n' : c.bold('use-case readiness (columns each use case declares)'));
    const cols: Column<RunResult['useCases'][number]>[] = [
      { header: 'use case', value: (u) => u.useCaseId },
      { header: 'score', value: (u) => u.score, align: 'right' },
      { header: 'dimensions', value: (u) => dims(u.dimensions) },
      { header: 'biggest loss', value: (u) => (u.lost[0] ? `-${u.lost[0].points} ${u.lost[0].datasetId}: ${u.lost[0].check}: ${u.lost[0].hint}` : null) },
    ];
    out.line(md ? markdownTable(cols, result.useCases) : renderTable(cols, result.useCases, c.bold));
  }
  const s = result.summary;
  out.line(`${s.checks} checks on ${s.datasets} datasets: ${s.passed} passed, ${s.failed} failed, ${s.warned} warnings, ${s.errors} errors${stored ? ` (run ${result.record.id} stored)` : ''}`);
}

function markdownTable<R>(columns: Column<R>[], rows: R[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : String(v).replace(/\|/g, '\\|'));
  return [`| ${columns.map((c) => c.header).join(' | ')} |`, `|${columns.map(() => ' --- |').join('')}`, ...rows.map((r) => `| ${columns.map((c) => cell(c.value(r))).join(' | ')} |`), ''].join('\n');
}

export async function printFailingRows(ctx: CliContext, ws: Workspace, runs: DatasetRun[], connections: SourceConnections, limit: number, csvDir: string | undefined): Promise<void> {
  if (csvDir) mkdirSync(csvDir, { recursive: true });
  for (const run of runs) {
    const dataset = ws.datasets.find((d) => d.id === run.datasetId);
    if (!dataset || run.error) continue;
    for (const [i, outcome] of run.outcomes.entries()) {
      if (outcome.status !== 'fail' || !dataset.checks[i]) continue;
      const rows = await failingRowsOf(ws, connections, dataset, i, csvDir ? 0 : limit);
      if (!rows) continue;
      const file = csvDir ? path.join(csvDir, `${run.datasetId}--${outcome.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.csv`) : undefined;
      await writeRows(ctx, `${run.datasetId}: ${outcome.name}`, rows, file);
    }
  }
}

async function writeRows(ctx: CliContext, title: string, rows: AsyncIterable<Record<string, unknown>>, file: string | undefined): Promise<void> {
  const sink = file ? createWriteStream(file) : undefined;
  let header: string[] | undefined;
  let n = 0;
  const emit = (line: string) => (sink ? sink.write(`${line}\n`) : ctx.out.line(`  ${line}`));
  if (!sink) ctx.out.line(ctx.out.c.bold(`failing rows of ${title}`));
  for await (const row of rows) {
    if (!header) emit(csvLine((header = Object.keys(row))));
    emit(csvLine(header.map((k) => row[k])));
    n++;
  }
  if (sink) {
    await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
    ctx.out.info(`${n} failing rows of ${title} -> ${file}`);
  }
}
