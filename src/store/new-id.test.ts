import { describe, expect, it } from 'vitest';
import { newId } from './evidence-repository.js';

describe('newId', () => {
  it('keeps the prefix and sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => newId('ev'));
    expect(ids.every((id) => /^ev_[0-9a-f]{24}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
