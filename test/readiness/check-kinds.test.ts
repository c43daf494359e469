// Every check type has a human name on the dashboard (web/src/check-kinds.ts), the catalogue's
// new types included, so a data person never reads a workspace type name there.
import { describe, expect, it } from 'vitest';
import { CATALOGUE_TYPES, checkSchema } from '../../src/domain/checks.js';
import { checkKind, KNOWN_CHECK_KINDS } from '../../web/src/check-kinds.js';

describe('check kinds on the dashboard', () => {
  const types = checkSchema.options.map((o) => ('shape' in o ? o.shape.type.value : (o as { def: { in: { shape: { type: { value: string } } } } }).def.in.shape.type.value));
  it('names every check type, and only those', () => {
    expect(types).toEqual(expect.arrayContaining([...CATALOGUE_TYPES]));
    expect([...KNOWN_CHECK_KINDS].sort()).toEqual([...types].sort());
    for (const t of types) expect(checkKind(t), t).not.toMatch(/_/);
  });
  it('gives words, not type names, for the catalogue checks', () => {
    expect(checkKind('kl_divergence')).toBe('Distribution drift');
    expect(checkKind('unique_within_record')).toBe('Different values within a row');
  });
});
