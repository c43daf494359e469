// `traction report [--format html|pdf] [--out FILE]`: the executive report from the store, the
// same document GET /api/report answers (application/report.ts). The file is written only
// once the whole document is made, so a failure leaves no half-written report.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { reportDocument, storedReportSources, type ReportFormat } from '../application/report.js';
import type { RegisterCommand } from './commands.js';
import { withStore } from './context.js';

interface ReportOptions {
  format: ReportFormat;
  out?: string;
  client?: string;
  logo?: string;
}

export const registerReport: RegisterCommand = (program, context) => {
  program
    .command('report')
    .description('the executive report (portfolio, roadmap and funding, pilot verdicts, value realised, data readiness, risks, assessment) as one HTML file or a PDF')
    .addOption(new Option('-f, --format <format>', 'html (stands alone, prints well) or pdf (printed by Chromium)').choices(['html', 'pdf']).default('html'))
    .option('-o, --out <file>', 'where to write it (default: <organisation>-report-<date>.<format> in the current folder)')
    .option('--client <name>', "the client's name on the cover (default: traction.yaml report.client_name)")
    .option('--logo <file>', 'a PNG, JPEG or SVG logo for the cover, 1 MB at most (default: traction.yaml report.logo)')
    .action(async (opts: ReportOptions) => {
      const ctx = context();
      const workspaceRoot = path.resolve(ctx.workspaceDir);
      const doc = await withStore(ctx, (store) =>
        reportDocument(store, storedReportSources(store.db, workspaceRoot), { clientName: opts.client, logoFile: opts.logo, workspaceRoot, now: ctx.now() }, opts.format, ctx.env.TRACTION_CHROMIUM),
      );
      const out = opts.out ?? doc.fileName;
      await writeFile(out, doc.body);
      if (ctx.out.json) return ctx.out.printJson({ file: out, format: doc.format, bytes: doc.body.length });
      ctx.out.line(`wrote ${out} (${doc.format.toUpperCase()}, ${doc.body.length.toLocaleString('en-US')} bytes)`);
    });
};
