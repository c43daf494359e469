// The report's PDF: the HTML document printed by headless Chromium through playwright-core
// (Chromium's own print engine keeps the SVG charts as vectors and honours the @page rules).
// The browser gets nothing but the document: JavaScript off, the context offline, every
// request it would make aborted, background networking and updates off; the document itself
// references nothing (its CSP allows inline styles and data: images only). Where no Chromium
// is installed the action says what to install (UnavailableError: HTTP 503, exit 2).
import { access, constants } from 'node:fs/promises';
import { UnavailableError } from './errors.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const INSTALL_HINT = "install Debian's chromium package (apt-get install chromium) or set TRACTION_CHROMIUM to a Chromium or Google Chrome executable; the HTML report needs neither";

/** How long one PDF may take before the browser is closed and the request fails. */
const PDF_TIMEOUT_MS = 60_000;

export async function renderReportPdf(html: string, executablePath: string = DEFAULT_CHROMIUM): Promise<Buffer> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new UnavailableError(`the PDF report needs Chromium, and none was found at ${executablePath}: ${INSTALL_HINT}`, 'renderer_unavailable');
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new UnavailableError('the PDF report needs the playwright-core package, which is not installed: run npm install', 'renderer_unavailable');
  }
  const browser = await chromium
    .launch({
      executablePath,
      timeout: PDF_TIMEOUT_MS,
      // Chromium's sandbox cannot start as root (containers); elsewhere it stays on.
      args: ['--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    })
    .catch((e: unknown) => {
      throw new UnavailableError(`Chromium at ${executablePath} did not start (${(e as Error).message.split('\n')[0]}): ${INSTALL_HINT}`, 'renderer_unavailable');
    });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false, acceptDownloads: false, serviceWorkers: 'block' });
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    page.setDefaultTimeout(PDF_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  } finally {
    await browser.close();
  }
}
