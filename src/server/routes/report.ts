// The executive report as a download: the document `traction report` writes
// (application/report.ts), from the portfolio this server has cached, so its figures are the
// ones GET /api/portfolio, /api/roadmap and the impact and readiness routes answer.
import { z } from 'zod';
import { reportDocument } from '../../application/report.js';
import type { AppDeps, ZodApp } from '../app.js';
import { errorBodySchema } from '../errors.js';

export async function reportRoutes(app: ZodApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/report',
    {
      schema: {
        tags: ['report'],
        summary: 'The executive report: portfolio, roadmap and funding, pilot verdicts, value realised, data readiness, risks and the assessment, as one HTML document or a PDF',
        description:
          "The HTML stands alone (inline styles and vector charts, no script). The PDF is printed from it by Chromium on the server; where none is installed the answer is 503 `renderer_unavailable` naming what to install. The client's name and logo come from traction.yaml `report`.",
        querystring: z.strictObject({ format: z.enum(['html', 'pdf']).default('html').describe('html (default) or pdf') }),
        response: { 200: z.string().describe('text/html or application/pdf, as an attachment'), 400: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema, 503: errorBodySchema },
      },
      config: { access: { permission: 'read' } },
    },
    async (request, reply) => {
      const sources = {
        portfolio: () => deps.portfolio.portfolio(deps.store.db),
        roadmap: () => deps.portfolio.roadmap(deps.store.db),
      };
      const doc = await reportDocument(deps.store, sources, { workspaceRoot: deps.workspaceRoot, now: deps.now() }, request.query.format, deps.chromium);
      return reply
        .type(doc.contentType)
        .header('content-disposition', `attachment; filename="${doc.fileName}"`)
        // The document carries its own policy too; this one also covers a browser opening it from the API.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
        .header('cache-control', 'no-store')
        // Fastify sends a Buffer as it is (no serialiser runs); the schema above documents the body as a string.
        .send(doc.body as unknown as string);
    },
  );
}
