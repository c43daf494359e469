import { describe, expect, it } from 'vitest';
import { sampleReportModel } from './report-fixture.js';
import { renderReportHtml } from './report-html.js';
import { money, signedPercent } from './report-format.js';

describe('the report as HTML', () => {
  it('shows the figures of the model, formatted one way', () => {
    const html = renderReportHtml(sampleReportModel());
    for (const figure of ['467,670', '385,577', '694,829', '-8,723', '754,632 EUR', '−23.4% to −18.8%', '38,270', '130,200', '90%', '39%', 'overall 2.4 of 5', 'Prepared for Acme Holding']) expect(html).toContain(figure);
    expect(money(-0.4)).toBe('0');
    expect(signedPercent(0.1234)).toBe('+12.3%');
  });

  it('carries no script and no outside reference: styles inline, charts inline SVG, images from data: only', () => {
    const html = renderReportHtml(sampleReportModel());
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"' )]*/g) ?? []).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html.match(/<svg class="chart"/g)).toHaveLength(4);
    expect(html).toContain('@page');
  });

  it('escapes every text from users: a hostile title and client name stay text', () => {
    const hostile = '<script>alert(1)</script></style><img src=x onerror=alert(2)>"\'&';
    const html = renderReportHtml(sampleReportModel(hostile, `</title>${hostile}`));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<\/style>/g)).toHaveLength(1); // the document's own
    expect(html.match(/<\/title>/g)).toHaveLength(5); // the document's and the four charts'
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
  });

  it('keeps a 10,000-character word whole in the text (it wraps; the charts shorten it)', () => {
    const word = 'x'.repeat(10_000);
    const html = renderReportHtml(sampleReportModel(word));
    expect(html).toContain(`<td class="t">${word}</td>`);
    expect(html).toContain(`${'x'.repeat(33)}…</text>`);
  });
});
