import { describe, expect, it } from 'vitest';
import { judgedOnce } from './judged-sql.js';

describe('judgedOnce', () => {
  it('judges each key once, keeps null verdicts too, and forgets the oldest beyond its bound', () => {
    const seen: string[] = [];
    const judged = judgedOnce((sql: string, flavour: string) => {
      seen.push(`${flavour}:${sql}`);
      return sql.includes('drop') ? `refused in ${flavour}` : null;
    }, (sql, flavour) => `${flavour}\u0000${sql}`);
    expect(judged('select 1', 'a')).toBeNull();
    expect(judged('select 1', 'a')).toBeNull();
    expect(judged('drop t', 'b')).toBe('refused in b');
    expect(judged('drop t', 'b')).toBe('refused in b');
    expect(judged('drop t', 'c')).toBe('refused in c');
    expect(seen).toEqual(['a:select 1', 'b:drop t', 'c:drop t']);
    for (let i = 0; i < 1000; i++) judged(`select ${i + 2}`, 'a');
    judged('select 1', 'a');
    expect(seen.filter((s) => s === 'a:select 1')).toHaveLength(2);
  });
});
