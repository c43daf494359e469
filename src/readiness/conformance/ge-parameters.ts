// Great Expectations evaluation parameters (`{"$PARAMETER": "now() - timedelta(weeks=52)"}`):
// GE evaluates the expression into a value before the expectation runs, so a case with one is
// the same case with that value written in. This evaluates the part of GE's expression
// language that is self-contained (pure): numbers, + - * / and parentheses, `now()`,
// `datetime(y, m, d[, H, M, S])` and `timedelta(weeks=, days=, hours=, minutes=, seconds=)`.
// A parameter that refers to another expectation's result (a `urn:great_expectations:...`
// name) or to anything else has no meaning outside GE's run store: it is refused, by name.
// Date-times are naive, as GE's are; `now()` is the clock's UTC time (the engines' timestamp
// columns hold no zone either).

type Value = { kind: 'number'; n: number } | { kind: 'datetime'; ms: number } | { kind: 'delta'; ms: number };

export class ParameterError extends Error {}

const DELTA_UNITS: Record<string, number> = { weeks: 7 * 86_400_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 };

/** The expression's value: a number, or a date-time as ISO text without zone ('2001-01-01 12:00:01'). */
export function evaluateParameter(expression: string, now: Date): number | string {
  const tokens = expression.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z_0-9]*|[-+*/(),=])/gy);
  if (!tokens || tokens.join('').replace(/\s+/g, '') !== expression.replace(/\s+/g, '')) throw new ParameterError(`cannot read "${expression}"`);
  const t = tokens.map((s) => s.trim());
  let at = 0;
  const peek = () => t[at];
  const take = (want?: string) => {
    const tok = t[at++];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new ParameterError(`"${expression}": expected ${want ?? 'more'} at ${tok ?? 'the end'}`);
    return tok;
  };
  const num = (v: Value): number => {
    if (v.kind !== 'number') throw new ParameterError(`"${expression}": a number is needed where a ${v.kind} is`);
    return v.n;
  };
  const combine = (op: string, a: Value, b: Value): Value => {
    if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', n: op === '+' ? a.n + b.n : op === '-' ? a.n - b.n : op === '*' ? a.n * b.n : a.n / b.n };
    if (op === '+' && a.kind === 'datetime' && b.kind === 'delta') return { kind: 'datetime', ms: a.ms + b.ms };
    if (op === '+' && a.kind === 'delta' && b.kind === 'datetime') return { kind: 'datetime', ms: a.ms + b.ms };
    if (op === '-' && a.kind === 'datetime' && b.kind === 'delta') return { kind: 'datetime', ms: a.ms - b.ms };
    if ((op === '+' || op === '-') && a.kind === 'delta' && b.kind === 'delta') return { kind: 'delta', ms: op === '+' ? a.ms + b.ms : a.ms - b.ms };
    if (op === '*' && a.kind === 'delta' && b.kind === 'number') return { kind: 'delta', ms: a.ms * b.n };
    if (op === '*' && a.kind === 'number' && b.kind === 'delta') return { kind: 'delta', ms: a.n * b.ms };
    throw new ParameterError(`"${expression}": cannot ${op} a ${a.kind} and a ${b.kind}`);
  };
  const call = (name: string): Value => {
    take('(');
    const positional: number[] = [];
    const named: Record<string, number> = {};
    while (peek() !== ')') {
      if (/^[A-Za-z_]/.test(peek() ?? '') && t[at + 1] === '=') {
        const key = take();
        take('=');
        named[key] = num(sum());
      } else positional.push(num(sum()));
      if (peek() === ',') take(',');
      else break;
    }
    take(')');
    if (name === 'now' && positional.length === 0 && Object.keys(named).length === 0) return { kind: 'datetime', ms: now.getTime() };
    if (name === 'datetime' && positional.length >= 3 && positional.length <= 6 && Object.keys(named).length === 0 && positional.every(Number.isInteger)) {
      const [y, m, d, h = 0, mi = 0, s = 0] = positional as [number, number, number, number?, number?, number?];
      const ms = Date.UTC(y, m - 1, d, h, mi, s);
      if (new Date(ms).getUTCDate() !== d || m < 1 || m > 12) throw new ParameterError(`"${expression}": no such date`);
      return { kind: 'datetime', ms };
    }
    if (name === 'timedelta' && positional.length === 0) {
      let ms = 0;
      for (const [k, v] of Object.entries(named)) {
        const unit = DELTA_UNITS[k];
        if (unit === undefined) throw new ParameterError(`"${expression}": timedelta has no ${k}`);
        ms += v * unit;
      }
      return { kind: 'delta', ms };
    }
    throw new ParameterError(`"${expression}": ${name}(...) is not offered (now, datetime, timedelta are)`);
  };
  const atom = (): Value => {
    const tok = take();
    if (tok === '(') {
      const v = sum();
      take(')');
      return v;
    }
    if (tok === '-') return combine('*', { kind: 'number', n: -1 }, atom());
    if (/^\d/.test(tok)) return { kind: 'number', n: Number(tok) };
    if (/^[A-Za-z_]/.test(tok) && peek() === '(') return call(tok);
    throw new ParameterError(`"${expression}": ${tok} is not offered (numbers, now(), datetime(), timedelta() are)`);
  };
  const product = (): Value => {
    let v = atom();
    while (peek() === '*' || peek() === '/') v = combine(take(), v, atom());
    return v;
  };
  function sum(): Value {
    let v = product();
    while (peek() === '+' || peek() === '-') v = combine(take(), v, product());
    return v;
  }
  const value = sum();
  if (at !== t.length) throw new ParameterError(`"${expression}": unexpected ${t[at]}`);
  if (value.kind === 'number') return value.n;
  if (value.kind === 'delta') throw new ParameterError(`"${expression}" is a duration, not a value`);
  return new Date(value.ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/**
 * The case's parameters with every `{"$PARAMETER": expression}` replaced by its value, or
 * the reason one cannot be evaluated.
 */
export function withParameters(input: Record<string, unknown>, now: Date): { in: Record<string, unknown> } | { skip: string } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (typeof v !== 'object' || v === null || !('$PARAMETER' in v)) {
      out[k] = v;
      continue;
    }
    const expression = (v as { $PARAMETER: unknown }).$PARAMETER;
    if (typeof expression !== 'string') return { skip: `evaluation parameter of ${k} is not an expression` };
    try {
      out[k] = evaluateParameter(expression, now);
    } catch (e) {
      if (e instanceof ParameterError) return { skip: `evaluation parameter ${k} (${e.message}) not offered: only now(), datetime() and timedelta() arithmetic` };
      throw e;
    }
  }
  return { in: out };
}
