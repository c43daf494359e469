// The portable regular-expression subset: what it refuses (with the position) and how it is
// written for each engine. Matching itself is compared with JavaScript's RegExp on all four
// engines in test/readiness/differential-semantics.test.ts.
import { describe, expect, it } from 'vitest';
import { regexProblem, translateRegex } from './regex.js';

describe('portable regular expressions', () => {
  it.each([
    ['(?=a)b', /look-around assertions .* at position 1/],
    ['a(?<!b)', /look-around assertions .* at position 2/],
    ['(a)\\1', /back-references .* at position 4/],
    ['\\p{L}', /Unicode property classes .* at position 1/],
    ['([a-', /a \[ is never closed at position 2/],
    ['a{300}', /above 255/],
    ['a{3,2}', /bounds reversed/],
    ['*a', /repeats nothing at position 1/],
    ['[[:alpha:]]', /POSIX classes/],
    ['(?P<x>a)', /named groups/],
    ['a++', /possessive/],
    ['a)', /a \) without its \(/],
    ['\\q', /unknown escape \\q/],
  ])('refuses %s', (pattern, reason) => {
    expect(regexProblem(pattern)).toMatch(reason);
  });

  it('accepts the documented subset', () => {
    for (const p of ['^\\bword\\b$', '[A-Za-z0-9_.+-]+@[a-z]+\\.[a-z]{2,}', '(?:ab|cd)*?x', '\\d\\w\\s\\D\\W\\S', '(?i)abc', 'a{2}b{1,}c{0,3}', '[\\]\\-]'])
      expect(regexProblem(p), p).toBeUndefined();
  });

  it('writes \\b as \\y on PostgreSQL (where \\b is a backspace) and forces case on MySQL', () => {
    expect(translateRegex('\\bcat\\B', 'postgres')).toBe('\\ycat\\Y');
    expect(translateRegex('\\bcat\\B', 'duckdb')).toBe('\\bcat\\B');
    expect(translateRegex('a', 'mysql')).toBe('(?-i)a');
  });

  it('spells classes, the dot and ignored case the same way for every engine', () => {
    expect(translateRegex('\\d.', 'sqlite')).toBe('[0-9][^\\n]');
    expect(translateRegex('[b-d]x', 'duckdb', true)).toBe('[b-dB-D][xX]');
    expect(translateRegex('(?i)[^a-z]', 'postgres')).toBe('[^a-zA-Z]');
    expect(translateRegex('a.b', 'postgres')).toBe('a[^\\n]b');
    expect(translateRegex('x*?', 'duckdb')).toBe('x*');
  });
});
