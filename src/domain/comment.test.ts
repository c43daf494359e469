import { describe, expect, it } from 'vitest';
import { commentBodySchema, mentionsIn } from './comment.js';

describe('mentionsIn', () => {
  it('reads @usernames, e-mail-shaped ones too, each once, without trailing punctuation', () => {
    expect(mentionsIn('@anna please look. cc @J.Becker@northwind.example, and @anna again')).toEqual(['anna', 'j.becker@northwind.example']);
    expect(mentionsIn('Thanks @bob.')).toEqual(['bob']);
  });

  it('does not take an address written in full, a lone @ or a one-letter name for a mention', () => {
    expect(mentionsIn('mail anna@example.com or @ or @x or email@@bob')).toEqual([]);
    expect(mentionsIn('(@carl)')).toEqual(['carl']);
  });
});

describe('commentBodySchema', () => {
  it('trims, keeps line breaks and tabs, and refuses empty, overlong and control characters', () => {
    expect(commentBodySchema.parse({ body: '  two\n\tlines ' })).toEqual({ body: 'two\n\tlines' });
    expect(commentBodySchema.safeParse({ body: ' \n ' }).success).toBe(false);
    expect(commentBodySchema.safeParse({ body: 'x'.repeat(4001) }).success).toBe(false);
    expect(commentBodySchema.safeParse({ body: 'x'.repeat(4000) }).success).toBe(true);
    expect(commentBodySchema.safeParse({ body: 'nul \u0000 here' }).success).toBe(false);
    expect(commentBodySchema.safeParse({ body: 'ok', extra: 1 }).success).toBe(false);
  });
});
