// The executive report download (src/server/routes/report.ts): a file, not JSON, so it is
// fetched as a blob; an error answer (such as 503 when the server has no Chromium for the PDF)
// is JSON with a message to show.
import type { paths } from './api-schema.gen';
import type { ApiErrorBody } from './api';

export type ReportFormat = NonNullable<NonNullable<paths['/api/report']['get']['parameters']['query']>['format']>;

const REPORT_PATH = '/api/report' satisfies keyof paths;

/** Fetches the report and hands it to the browser as a download; throws with the server's message. */
export async function downloadReport(format: ReportFormat): Promise<void> {
  const response = await fetch(`${REPORT_PATH}?format=${format}`, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new Error(body?.error.message ?? `the report could not be made (HTTP ${response.status})`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `report.${format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
