// Writes a change to a definition into its YAML file, keeping what the change did not touch:
// comments, key order, quoting and blank lines. Only the fields whose values differ between
// `before` and `after` (both parsed bodies) are touched (lists of equal length are patched
// item by item, other lists replaced), so a default the file never spelled out stays
// unspelled. When every change replaces one scalar by another (a title, a number, an owner:
// most edits made in the browser), the new values are spliced into the text at the old
// values' positions and nothing else moves; otherwise the document is edited through the
// YAML library, which keeps comments but re-prints spacing. Used by `traction pull`; the
// caller re-loads the result to check it.
import { isMap, isScalar, isSeq, parseDocument, stringify, type Document } from 'yaml';
import { canonicalJson } from './definitions.js';

type Path = (string | number)[];
type Edit = { at: Path; after: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function collect(doc: Document, at: Path, before: unknown, after: unknown, edits: Edit[]): void {
  if (canonicalJson(before) === canonicalJson(after)) return;
  const node = at.length === 0 ? doc.contents : doc.getIn(at, true);
  if (isRecord(before) && isRecord(after) && isMap(node)) {
    for (const [k, v] of Object.entries(after)) if (v !== undefined) collect(doc, [...at, k], before[k], v, edits);
    for (const k of Object.keys(before)) if (after[k] === undefined && doc.hasIn([...at, k])) edits.push({ at: [...at, k], after: undefined });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && isSeq(node) && node.items.length === after.length) {
    after.forEach((v, i) => collect(doc, [...at, i], before[i], v, edits));
    return;
  }
  edits.push({ at, after });
}

/** A scalar as it would appear after `key: ` (a string with a line break as a double-quoted one). */
function scalarText(v: unknown): string {
  if (typeof v === 'string' && v.includes('\n')) return JSON.stringify(v);
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

function splice(text: string, doc: Document, edits: Edit[]): string | undefined {
  const spans: { from: number; to: number; text: string }[] = [];
  for (const e of edits) {
    const node = doc.getIn(e.at, true);
    if (!isScalar(node) || !node.range || e.after === undefined || (e.after !== null && typeof e.after === 'object')) return undefined;
    spans.push({ from: node.range[0], to: node.range[1], text: scalarText(e.after) });
  }
  let out = text;
  for (const s of spans.sort((a, b) => b.from - a.from)) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

/** `text` with the change from `before` to `after` written into it. */
export function writeChangeInto(text: string, before: unknown, after: unknown): string {
  const doc = parseDocument(text);
  const edits: Edit[] = [];
  collect(doc, [], before, after, edits);
  const spliced = splice(text, doc, edits);
  if (spliced !== undefined) return spliced;
  for (const e of edits) {
    if (e.after === undefined) doc.deleteIn(e.at);
    else doc.setIn(e.at, doc.createNode(e.after));
  }
  return doc.toString({ lineWidth: 0 });
}
