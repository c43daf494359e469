// A checked formula compiled a second way, for the Monte Carlo: each node works on whole
// columns of draws (one Float64Array per input) instead of one draw at a time, so a
// simulation of 10,000 draws makes a few dozen tight loops rather than 10,000 walks of a
// closure tree. A constant input stays a plain number and costs nothing per draw. The
// tree has already passed compileFormula's checks; this only mirrors its arithmetic.
import type { MathNode } from 'mathjs';

/** A column of draws, or one number standing for every draw. */
export type Column = number | Float64Array;

export type ColumnFn = (columns: readonly Column[], n: number) => Column;

const UNARY: Record<string, (x: number) => number> = { round: Math.round, floor: Math.floor, ceil: Math.ceil, abs: Math.abs };

/** Applies f element-wise; the result is a number only when both operands are numbers. */
export function zip(a: Column, b: Column, n: number, f: (x: number, y: number) => number): Column {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const out = new Float64Array(n);
  if (typeof a === 'number') for (let k = 0; k < n; k++) out[k] = f(a, (b as Float64Array)[k]!);
  else if (typeof b === 'number') for (let k = 0; k < n; k++) out[k] = f(a[k]!, b);
  else for (let k = 0; k < n; k++) out[k] = f(a[k]!, b[k]!);
  return out;
}

/** The four arithmetic operators of `arith`. */
export type Arith = '+' | '-' | '*' | '/';

/**
 * Element-wise + - * /, with the operator tested inside the loop rather than passed as a
 * callback: the test is the same for the whole loop (predicted), while one `zip` call site
 * fed several callbacks is megamorphic and calls out per element. Division by zero calls `fail`.
 */
export function arith(op: Arith, a: Column, b: Column, n: number, fail: (what: string) => never): Column {
  if (typeof a === 'number' && typeof b === 'number') return applyArith(op, a, b, fail);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = applyArith(op, typeof a === 'number' ? a : a[k]!, typeof b === 'number' ? b : b[k]!, fail);
  return out;
}

/** One module-level function (inlined into the loop above), not a callback per operator. */
function applyArith(op: Arith, x: number, y: number, fail: (what: string) => never): number {
  return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : y === 0 ? fail('division by zero') : x / y;
}

function each(a: Column, n: number, f: (x: number) => number): Column {
  if (typeof a === 'number') return f(a);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = f(a[k]!);
  return out;
}

/**
 * `index` maps input names to column positions; `fail(what)` throws the same located
 * FormulaError the per-draw evaluator throws (division by zero, a non-finite power).
 */
export function compileColumns(node: MathNode, index: ReadonlyMap<string, number>, fail: (what: string) => never): ColumnFn {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      const value = n.value as number;
      return () => value;
    }
    case 'SymbolNode': {
      const i = index.get(n.name as string)!;
      return (cols) => cols[i]!;
    }
    case 'ParenthesisNode':
      return compileColumns(n.content as MathNode, index, fail);
    case 'OperatorNode':
      return compileOperator(n.fn as string, (n.args as MathNode[]).map((a) => compileColumns(a, index, fail)), fail);
    case 'FunctionNode': {
      const name = (n.fn as { name: string }).name;
      const args = (n.args as MathNode[]).map((a) => compileColumns(a, index, fail));
      if (name === 'min' || name === 'max') {
        const pick = name === 'min' ? Math.min : Math.max;
        return (cols, count) => args.slice(1).reduce<Column>((acc, f) => zip(acc, f(cols, count), count, pick), args[0]!(cols, count));
      }
      const f = UNARY[name]!;
      return (cols, count) => each(args[0]!(cols, count), count, f);
    }
    default:
      return fail(`${node.type} is not allowed`);
  }
}

function compileOperator(op: string, args: ColumnFn[], fail: (what: string) => never): ColumnFn {
  const [a, b] = args as [ColumnFn, ColumnFn];
  const binary = (f: (x: number, y: number) => number): ColumnFn => (cols, n) => zip(a(cols, n), b(cols, n), n, f);
  const arithmetic = (o: Arith): ColumnFn => (cols, n) => arith(o, a(cols, n), b(cols, n), n, fail);
  switch (op) {
    case 'add':
      return arithmetic('+');
    case 'subtract':
      return arithmetic('-');
    case 'multiply':
      return arithmetic('*');
    case 'divide':
      return arithmetic('/');
    case 'pow':
      return binary((x, y) => {
        const r = x ** y;
        return Number.isFinite(r) ? r : fail('power is not a finite number');
      });
    case 'unaryMinus':
      return (cols, n) => each(a(cols, n), n, (x) => -x);
    case 'unaryPlus':
      return a;
    default:
      return fail(`operator "${op}" is not allowed`);
  }
}
