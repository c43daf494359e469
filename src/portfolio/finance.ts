// Financial conventions for monthly cash flows. flows[0] is month 1 (the end of the first
// month), as in a spreadsheet's =NPV(rate, B1:B36): every flow is discounted, the first by
// one period. The monthly rate is the annual rate's equivalent, (1 + r)^(1/12) - 1, so twelve
// monthly periods compound to exactly the annual rate.

/** Equivalent monthly rate of an annual effective rate. */
export function monthlyRate(annual: number): number {
  return (1 + annual) ** (1 / 12) - 1;
}

/** Spreadsheet NPV (e.g. Excel/LibreOffice NPV): sum of flows[i] / (1 + rate)^(i + 1). */
export function npv(rate: number, flows: readonly number[]): number {
  let total = 0;
  let factor = 1;
  for (const f of flows) {
    factor /= 1 + rate;
    total += f * factor;
  }
  return total;
}

/**
 * The periodic internal rate of return: the rate where npv(rate, flows) = 0 (spreadsheet IRR
 * over the same flows gives the same rate: shifting every flow by one period does not move the
 * root). Found by scanning for a sign change from -99% upwards and refining with bisection to
 * machine precision. Null when the flows never change sign or no root lies below 1000% per period.
 * With several sign changes several rates may solve it; this returns the lowest.
 */
export function irr(flows: readonly number[]): number | null {
  if (!flows.some((f) => f > 0) || !flows.some((f) => f < 0)) return null;
  const grid = [-0.99, -0.9, -0.75, -0.5, -0.3, -0.2, -0.1, -0.05, -0.02, -0.01, 0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
  let lo = grid[0]!;
  let fLo = npv(lo, flows);
  for (const hi of grid.slice(1)) {
    const fHi = npv(hi, flows);
    if (fLo === 0) return lo;
    if (Math.sign(fHi) !== Math.sign(fLo)) return bisect((r) => npv(r, flows), lo, hi, fLo);
    lo = hi;
    fLo = fHi;
  }
  return fLo === 0 ? lo : null;
}

function bisect(f: (x: number) => number, lo: number, hi: number, fLo: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fLo)) {
      lo = mid;
      fLo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A periodic (monthly) rate as the equivalent annual rate. */
export function annualise(monthly: number): number {
  return (1 + monthly) ** 12 - 1;
}

/**
 * The payback month: the first month (1-based) at whose end the cumulative undiscounted cash
 * flow is >= 0 after having been negative; 0 when it never goes negative; null if never repaid.
 */
export function paybackMonth(flows: readonly number[]): number | null {
  let cumulative = 0;
  let wentNegative = false;
  for (const [i, f] of flows.entries()) {
    cumulative += f;
    if (cumulative < 0) wentNegative = true;
    else if (wentNegative) return i + 1;
  }
  return wentNegative ? null : 0;
}
