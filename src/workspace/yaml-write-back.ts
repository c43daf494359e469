// Writes a change to a definition into its YAML file, keeping what the change did not touch:
// comments, key order, quoting and blank lines. Only the fields whose values differ between
// `before` and `after` are set or removed in the parsed document (lists of equal length are
// patched item by item, other lists replaced), so a default the file never spelled out stays
// unspelled. Used by `traction pull`; the caller re-loads the result to check it.
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { canonicalJson } from './definitions.js';

type Path = (string | number)[];

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function patch(doc: Document, at: Path, before: unknown, after: unknown): void {
  if (canonicalJson(before) === canonicalJson(after)) return;
  const node = at.length === 0 ? doc.contents : doc.getIn(at, true);
  if (isRecord(before) && isRecord(after) && isMap(node)) {
    for (const [k, v] of Object.entries(after)) if (v !== undefined) patch(doc, [...at, k], before[k], v);
    for (const k of Object.keys(before)) if (after[k] === undefined && doc.hasIn([...at, k])) doc.deleteIn([...at, k]);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && isSeq(node) && node.items.length === after.length) {
    after.forEach((v, i) => patch(doc, [...at, i], before[i], v));
    return;
  }
  if (after === undefined) doc.deleteIn(at);
  else doc.setIn(at, doc.createNode(after));
}

/** `text` with the change from `before` to `after` (both as parsed bodies) written into it. */
export function writeChangeInto(text: string, before: unknown, after: unknown): string {
  const doc = parseDocument(text);
  patch(doc, [], before, after);
  return doc.toString({ lineWidth: 0 });
}
