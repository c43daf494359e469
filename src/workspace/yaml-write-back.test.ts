import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeChangeInto } from './yaml-write-back.js';

const TEXT = `# header comment
id: a
title: Old title   # why this title
range: {low: 1, high: 3}
tags: [ x, y ]
kpis:
  - id: k1
    target: 5
`;

describe('writeChangeInto', () => {
  it('splices changed scalars in place; every other byte stays', () => {
    const before = parse(TEXT) as Record<string, unknown>;
    const after = { ...before, title: 'New: title', kpis: [{ id: 'k1', target: 7 }] };
    const out = writeChangeInto(TEXT, before, after);
    expect(out).toBe(TEXT.replace('Old title', '"New: title"').replace('target: 5', 'target: 7'));
    expect(parse(out)).toEqual(after);
  });

  it('adds and removes keys and replaces lists, keeping comments, and leaves defaults unspelled', () => {
    const before = { ...(parse(TEXT) as Record<string, unknown>), depends_on: [] }; // a default the file omits
    const after = { ...before, tags: ['z'], owner: 'carol@example.com', range: undefined };
    const out = writeChangeInto(TEXT, before, after);
    expect(out).toContain('# header comment');
    expect(out).toContain('# why this title');
    expect(out).not.toContain('depends_on');
    const { depends_on: _omitted, range: _gone, ...expected } = after;
    expect(parse(out)).toEqual(expected);
  });

  it('writes a line break in a string so that it reads back the same', () => {
    const before = parse(TEXT) as Record<string, unknown>;
    const after = { ...before, title: 'two\nlines: "quoted"' };
    expect(parse(writeChangeInto(TEXT, before, after))).toEqual(after);
  });
});
