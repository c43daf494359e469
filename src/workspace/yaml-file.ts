// Parses one YAML file keeping positions, so any field path can be turned back into a
// file:line:column. Syntax errors are reported with their own positions.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from './problem.js';

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

export function parseYamlFile(file: string, text: string): { parsed?: YamlFile; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((e) => {
    const at = lines.linePos(e.pos[0]);
    return { file, line: at.line, column: at.col, path: '', message: `YAML syntax error: ${firstLine(e.message)}` };
  });
  if (problems.length > 0) return { problems };
  try {
    return { parsed: { file, doc, lines, data: doc.toJS({ maxAliasCount: 100 }) }, problems };
  } catch (e) {
    // Conversion errors (an alias to an anchor that does not exist, an alias bomb) carry no
    // position; the first alias in the file is the best place to point at.
    const alias = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
    const at = lines.linePos(alias ? alias.index + alias[1]!.length : 0);
    return { problems: [{ file, line: at.line, column: at.col, path: '', message: `YAML error: ${firstLine((e as Error).message)}` }] };
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/**
 * The position of `path` in the document: the value's node when it exists, else the key of
 * the deepest existing ancestor, else the start of the document. `keyOf` points at the key
 * of the last segment (for unknown keys).
 */
export function locate(f: YamlFile, path: readonly PropertyKey[], keyOf = false): { line: number; column: number } {
  let node: unknown = f.doc.contents;
  let best: number = (f.doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && keyOf && isScalar(pair.key) && pair.key.range) {
        best = pair.key.range[0];
        break;
      }
      const valueNode = pair.value as Node | null;
      best = valueNode?.range?.[0] ?? (pair.key as Node).range?.[0] ?? best;
      node = valueNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  const pos = f.lines.linePos(best);
  return { line: pos.line, column: pos.col };
}

/** The raw value at `path` in the parsed data, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}
