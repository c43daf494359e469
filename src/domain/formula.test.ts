import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError } from './formula.js';

describe('compileFormula', () => {
  it('evaluates arithmetic over named inputs', () => {
    const f = compileFormula('invoices * minutes_saved / 60 * hourly_cost + max(0, -2) - round(0.4) + 2^3', ['invoices', 'minutes_saved', 'hourly_cost']);
    expect(f.evaluate([3000, 6, 38])).toBe(3000 * 6 / 60 * 38 + 8);
    expect(f.uses).toEqual(['invoices', 'minutes_saved', 'hourly_cost']);
  });

  it.each([
    ['orders * uplift', 'unknown input "uplift" in formula "orders * uplift" (inputs: orders)'],
    ['orders = 3', 'an assignment is not allowed'],
    ['f(x) = x', 'a function definition is not allowed'],
    ['import("x")', 'function "import" is not allowed'],
    ['evaluate("1")', 'function "evaluate" is not allowed'],
    ['orders.length', 'property access is not allowed'],
    ['2 orders', 'implicit multiplication'],
    ['orders > 3 ? 1 : 0', 'a conditional is not allowed'],
    ['"text"', 'not a number: "text"'],
    ['orders mod 2', 'operator "mod" is not allowed'],
    ['orders *', 'cannot parse formula'],
  ])('rejects %s', (text, message) => {
    expect(() => compileFormula(text, ['orders'])).toThrow(FormulaError);
    expect(() => compileFormula(text, ['orders'])).toThrow(message);
  });

  it('reports division by zero at evaluation', () => {
    const f = compileFormula('a / (b - 1)', ['a', 'b']);
    expect(f.evaluate([4, 3])).toBe(2);
    expect(() => f.evaluate([4, 1])).toThrow('division by zero in formula "a / (b - 1)"');
  });

  it('agrees with direct arithmetic on random expressions (property)', () => {
    type Expr = { text: string; value: (v: number[]) => number };
    const leaf = fc.oneof(
      fc.integer({ min: 0, max: 50 }).map((n): Expr => ({ text: String(n), value: () => n })),
      fc.constantFrom(0, 1, 2).map((i): Expr => ({ text: `x${i}`, value: (v) => v[i]! })),
    );
    const expr = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([a, op, b]): Expr => ({
          text: `(${a.text} ${op} ${b.text})`,
          value: (v) => (op === '+' ? a.value(v) + b.value(v) : op === '-' ? a.value(v) - b.value(v) : a.value(v) * b.value(v)),
        })),
      ),
    })).e;
    fc.assert(
      fc.property(expr, fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }), (e, v) => {
        expect(compileFormula(e.text, ['x0', 'x1', 'x2']).evaluate(v)).toBe(e.value(v));
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates whole columns of draws exactly as draw by draw, constants included', () => {
    const f = compileFormula('max(a, 2) * b / (c - 1) + abs(-a) - round(b)^2 + min(a, b, 3)', ['a', 'b', 'c']);
    const a = Float64Array.from([1.5, 4, -2, 7.25]);
    const c = Float64Array.from([3, 0.5, 9, 2]);
    const cols = f.evaluateColumns([a, 2.4, c], 4) as Float64Array;
    expect(Array.from(cols)).toEqual([0, 1, 2, 3].map((k) => f.evaluate([a[k]!, 2.4, c[k]!])));
    expect(f.evaluateColumns([1, 2, 3], 4)).toBe(f.evaluate([1, 2, 3])); // all constant: one number
    expect(() => f.evaluateColumns([a, 2, Float64Array.from([3, 1, 2, 2])], 4)).toThrow('division by zero in formula');
  });
});
