// The client's logo on the report's cover: untrusted bytes from a file. The type is decided by
// the content (magic bytes), never by the file name; the size is capped. An SVG is a program
// as much as a picture (scripts, event handlers, external loads), so an SVG is REFUSED, not
// cleaned, when it holds anything active or anything outside itself: removing parts of an
// XML document correctly needs a full parser and leaves the question of what was missed.
// A passive SVG is embedded only as <img src="data:...">, in which browsers run no script and
// load nothing even if a check here were fooled (the report's CSP allows images from data:
// only). Pure: the caller reads the file.
import type { ReportLogo } from './report-model.js';

export const MAX_LOGO_BYTES = 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

/** What makes an SVG more than a picture: each refused, with the reason shown to the user. */
const SVG_REFUSALS: [RegExp, string][] = [
  [/<!(DOCTYPE|ENTITY)/i, 'a DOCTYPE or ENTITY declaration (entity expansion can read files or explode in size)'],
  [/<script/i, 'a <script> element'],
  [/<foreignObject/i, 'a <foreignObject> element (embedded HTML)'],
  [/<(iframe|embed|object|audio|video|image|use|a|animate|set|handler|listener)\b/i, 'an element that loads, links or animates other content (<image>, <use>, <a>, <animate>, ...)'],
  [/\son[a-z]+\s*=/i, 'an event handler attribute (onload=, onclick=, ...)'],
  [/(href|src)\s*=/i, 'a reference (href= or src=) to other content'],
  [/url\s*\(\s*['"]?\s*(?!#)/i, 'a url(...) that is not a reference inside the SVG'],
  [/@import|javascript:|data:/i, 'an @import, a javascript: or a data: address'],
];

export type LogoCheck = { logo: ReportLogo } | { problem: string };

/** The logo as a data: URI, or why it is refused (`name` only names the file in the message). */
export function checkLogo(bytes: Uint8Array, name: string): LogoCheck {
  if (bytes.length === 0) return { problem: `logo ${name}: the file is empty` };
  if (bytes.length > MAX_LOGO_BYTES) return { problem: `logo ${name}: ${bytes.length.toLocaleString('en-US')} bytes, more than the ${MAX_LOGO_BYTES.toLocaleString('en-US')} allowed` };
  const base64 = Buffer.from(bytes).toString('base64');
  if (startsWith(bytes, PNG)) return { logo: { mime: 'image/png', dataUri: `data:image/png;base64,${base64}` } };
  if (startsWith(bytes, JPEG)) return { logo: { mime: 'image/jpeg', dataUri: `data:image/jpeg;base64,${base64}` } };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  // An SVG: optional XML declaration and comments, then the <svg> root.
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) {
    const refused = SVG_REFUSALS.find(([re]) => re.test(text));
    if (refused) return { problem: `logo ${name}: SVG refused: it contains ${refused[1]}; export the logo as PNG, or as an SVG with shapes only` };
    return { logo: { mime: 'image/svg+xml', dataUri: `data:image/svg+xml;base64,${base64}` } };
  }
  return { problem: `logo ${name}: not a PNG, JPEG or SVG image (judged by its content, not its name)` };
}
