// Tornado analysis: NPV (if it succeeds) at each uncertain input's low and high with every
// other input at its likely value, sorted by swing, widest first.
import { isRange, likelyInputs, type BusinessCaseModel } from './business-case.js';

export interface TornadoBar {
  input: string;
  path: (string | number)[];
  low: number;
  likely: number;
  high: number;
  npvAtLow: number;
  npvAtHigh: number;
  swing: number;
}

export function tornado(model: BusinessCaseModel): TornadoBar[] {
  const base = likelyInputs(model);
  const bars: TornadoBar[] = [];
  model.inputs.forEach((input, k) => {
    const q = input.quantity;
    if (!isRange(q)) return;
    const at = (x: number) => {
      const v = Float64Array.from(base);
      v[k] = x;
      return model.npvSuccess(v);
    };
    const npvAtLow = at(q.low);
    const npvAtHigh = at(q.high);
    bars.push({ input: input.label, path: input.path, low: q.low, likely: q.likely, high: q.high, npvAtLow, npvAtHigh, swing: Math.abs(npvAtHigh - npvAtLow) });
  });
  return bars.sort((a, b) => b.swing - a.swing || a.input.localeCompare(b.input));
}
