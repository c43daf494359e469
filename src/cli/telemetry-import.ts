// `traction telemetry import FILE`: OTLP JSON trace files (one ExportTraceServiceRequest, or
// JSON Lines of them as the Collector's file exporter writes) through the same decoding,
// checks and store writes as POST /v1/traces: backfills and tests. A line that is not OTLP
// is reported with its number and skipped; spans already counted are not counted again.
// Exit code 1 when anything was refused.
import { readFile } from 'node:fs/promises';
import type { RegisterCommand } from './commands.js';
import { recordUsageBatch } from '../store/usage-repository.js';
import { loadIngestor } from '../store/usage-setup.js';
import { OtlpDecodeError } from '../usage/otlp-decode.js';
import { partialSuccessMessage } from '../usage/ingest-batch.js';
import { withStore } from './context.js';
import { CliError, EXIT } from './output.js';

/** The requests in a file: the whole text when it is one JSON document, else one per non-empty line. */
function requestsOf(text: string): { line: number; text: string }[] {
  const trimmed = text.trim();
  try {
    JSON.parse(trimmed);
    return [{ line: 1, text: trimmed }];
  } catch {
    return text.split('\n').flatMap((t, i) => (t.trim() === '' ? [] : [{ line: i + 1, text: t }]));
  }
}

export const registerTelemetry: RegisterCommand = (program, context, setExit) => {
  const telemetry = program.command('telemetry').description('OpenTelemetry GenAI spans from the model services: usage per use case');
  telemetry
    .command('import')
    .description('import an OTLP JSON trace file (one request, or JSON Lines); spans already counted are skipped')
    .argument('<file>', 'OTLP JSON file')
    .action(async (file: string) => {
      const ctx = context();
      const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      });
      const key = ctx.env.TRACTION_TELEMETRY_KEY ? Buffer.from(ctx.env.TRACTION_TELEMETRY_KEY, 'hex') : undefined;
      const totals = { counted: 0, duplicates: 0, rejected: 0, ignored: 0 };
      const problems: string[] = [];
      await withStore(ctx, async (store) => {
        const ingestor = await loadIngestor(store.db, key);
        for (const r of requestsOf(text)) {
          let raw;
          try {
            raw = ingestor.decode(Buffer.from(r.text), 'json', false);
          } catch (e) {
            if (!(e instanceof OtlpDecodeError)) throw e;
            problems.push(`${file}:${r.line}: ${e.message}`);
            continue;
          }
          const now = ctx.now();
          const batch = ingestor.prepare(raw, now.getTime());
          const result = await recordUsageBatch(store, batch, now);
          totals.counted += result.counted;
          totals.duplicates += result.duplicates;
          totals.rejected += result.rejected;
          totals.ignored += batch.ignored;
          const message = partialSuccessMessage(batch);
          if (message) problems.push(`${file}:${r.line}: ${message}`);
        }
      });
      if (totals.rejected > 0 || problems.some((p) => !p.includes('no price'))) setExit(EXIT.failed);
      if (ctx.out.json) return ctx.out.printJson({ file, ...totals, problems });
      ctx.out.line(`counted ${totals.counted} span${totals.counted === 1 ? '' : 's'} from ${file} (${totals.duplicates} already counted, ${totals.ignored} not GenAI calls, ${totals.rejected} refused)`);
      for (const p of problems) ctx.out.info(`  ${p}`);
    });
};
