// A use case's business case as a model: its uncertain inputs, and the monthly cash flows
// and NPV they produce. The timing model (stated in docs/portfolio.md):
//   months 1..B, B = 3 x duration_quarters:  the build cost, spread evenly;
//   months B+1..horizon (live month k = 1, 2, ...): adoption a_k = min(1, k / ramp) (1 without a ramp),
//     flow = a_k x (sum of value streams) - run_monthly - a_k x per_prediction x predictions_per_month.
// If the use case fails technically, the build cost is spent and nothing else happens.
import { likelyValue, type Quantity, type Range } from '../domain/common.js';
import type { UseCase } from '../domain/use-case.js';
import { compileFormula, FormulaError, type CompiledFormula } from '../domain/formula.js';
import { arith, type Column } from '../domain/formula-columns.js';
import { monthlyRate } from './finance.js';
import { PortfolioError } from './portfolio-error.js';

export interface ModelInput {
  /** Readable name: `hours-saved.minutes_saved` or `costs.build`. */
  label: string;
  /** Field path in the use case file. */
  path: (string | number)[];
  quantity: Quantity;
}

interface Stream {
  formula: CompiledFormula;
  index: number; // position in value_streams
}

export interface Conventions {
  discountRate: number; // annual
  horizonMonths: number;
}

/** Where the costs sit in the input vector: fixed positions after the value-stream inputs. */
interface CostSlots {
  build: number;
  run: number;
  perPrediction: number | null;
  volume: number | null;
}

export interface BusinessCaseModel {
  useCaseId: string;
  inputs: ModelInput[];
  probabilityOfSuccess: number;
  buildMonths: number;
  horizonMonths: number;
  monthlyRate: number;
  /** Monthly value at full adoption, summed over the value streams. */
  monthlyValue(values: ArrayLike<number>): number;
  /** Monthly cash flows if the use case succeeds, months 1..horizon. */
  flows(values: ArrayLike<number>): number[];
  /** NPV of flows(values), in O(1) from precomputed discount sums. */
  npvSuccess(values: ArrayLike<number>): number;
  /** NPV if it fails: the build cost is spent, no value, no run cost. */
  npvFailure(values: ArrayLike<number>): number;
  /** npvSuccess and npvFailure over n draws at once (a column per input, or a number for a constant). */
  npvColumns(columns: readonly Column[], n: number): { success: Float64Array; failure: Float64Array };
  /** PV of every cost if it succeeds (for ROI). */
  pvCosts(values: ArrayLike<number>): number;
}

export function buildBusinessCase(u: UseCase, conv: Conventions): BusinessCaseModel {
  const inputs: ModelInput[] = [];
  const streams: Stream[] = [];
  u.value_streams.forEach((vs, index) => {
    // Sorted, so the draws do not depend on key order (YAML order vs the store's canonical JSON).
    const names = Object.keys(vs.inputs).sort();
    const offset = inputs.length;
    for (const n of names) inputs.push({ label: `${vs.id}.${n}`, path: ['value_streams', index, 'inputs', n], quantity: vs.inputs[n]! });
    try {
      // Compiled against the whole input vector: the stream's inputs start at `offset`.
      streams.push({ formula: compileFormula(vs.formula, names, offset), index });
    } catch (e) {
      if (e instanceof FormulaError) throw new PortfolioError(`value stream "${vs.id}": ${e.message}`, u.id, ['value_streams', index, 'formula']);
      throw e;
    }
  });
  const slot = (key: string, q: Quantity | undefined): number | null => {
    if (q === undefined) return null;
    inputs.push({ label: `costs.${key}`, path: ['costs', key], quantity: q });
    return inputs.length - 1;
  };
  const slots: CostSlots = {
    build: slot('build', u.costs.build)!,
    run: slot('run_monthly', u.costs.run_monthly)!,
    perPrediction: slot('per_prediction', u.costs.per_prediction),
    volume: slot('predictions_per_month', u.costs.predictions_per_month),
  };
  return assembleModel(u, conv, inputs, streams, slots);
}

function assembleModel(
  u: UseCase,
  conv: Conventions,
  inputs: ModelInput[],
  streams: Stream[],
  slots: CostSlots,
): BusinessCaseModel {
  const H = conv.horizonMonths;
  const B = Math.min(H, 3 * u.duration_quarters);
  const rate = monthlyRate(conv.discountRate);
  const ramp = u.adoption_ramp_months;
  const adoption = (k: number) => (ramp > 0 ? Math.min(1, k / ramp) : 1);
  // Discount sums: build (per unit of build cost), adoption-weighted and plain live months.
  let sBuild = 0;
  let sAdopt = 0;
  let sLive = 0;
  for (let m = 1; m <= H; m++) {
    const d = (1 + rate) ** -m;
    if (m <= B) sBuild += d / B;
    else {
      sAdopt += adoption(m - B) * d;
      sLive += d;
    }
  }
  const perPredictionCost = (v: ArrayLike<number>) => (slots.perPrediction === null || slots.volume === null ? 0 : v[slots.perPrediction]! * v[slots.volume]!);
  const monthlyValue = (v: ArrayLike<number>) => {
    let total = 0;
    for (const s of streams) total += evaluateStream(u, s, (f) => f.evaluate(v));
    return total;
  };
  return {
    useCaseId: u.id,
    inputs,
    probabilityOfSuccess: u.probability_of_success,
    buildMonths: B,
    horizonMonths: H,
    monthlyRate: rate,
    monthlyValue,
    flows: (v) => {
      const value = monthlyValue(v);
      const out: number[] = [];
      for (let m = 1; m <= H; m++) {
        if (m <= B) out.push(-v[slots.build]! / B);
        else out.push(adoption(m - B) * (value - perPredictionCost(v)) - v[slots.run]!);
      }
      return out;
    },
    npvSuccess: (v) => -v[slots.build]! * sBuild + (monthlyValue(v) - perPredictionCost(v)) * sAdopt - v[slots.run]! * sLive,
    npvFailure: (v) => -v[slots.build]! * sBuild,
    npvColumns: (cols, n) => {
      let value: Column = 0;
      for (const s of streams) value = arith('+', value, evaluateStream(u, s, (f) => f.evaluateColumns(cols, n)), n, neverFails);
      const perPrediction = slots.perPrediction === null || slots.volume === null ? 0 : arith('*', cols[slots.perPrediction]!, cols[slots.volume]!, n, neverFails);
      const at = (c: Column, k: number) => (typeof c === 'number' ? c : c[k]!);
      const success = new Float64Array(n);
      const failure = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const build = at(cols[slots.build]!, k);
        // The same sums as npvSuccess and npvFailure, draw by draw.
        success[k] = -build * sBuild + (at(value, k) - at(perPrediction, k)) * sAdopt - at(cols[slots.run]!, k) * sLive;
        failure[k] = -build * sBuild;
      }
      return { success, failure };
    },
    pvCosts: (v) => v[slots.build]! * sBuild + perPredictionCost(v) * sAdopt + v[slots.run]! * sLive,
  };
}

/** Adding and multiplying never divide: nothing to report. */
function neverFails(what: string): never {
  throw new Error(`internal error: ${what}`);
}

function evaluateStream<T>(u: UseCase, s: Stream, evaluate: (f: CompiledFormula) => T): T {
  try {
    return evaluate(s.formula);
  } catch (e) {
    if (e instanceof FormulaError) throw new PortfolioError(`value stream "${u.value_streams[s.index]?.id}": ${e.message}`, u.id, ['value_streams', s.index, 'formula']);
    throw e;
  }
}

/** The input vector at every quantity's likely value. */
export function likelyInputs(model: BusinessCaseModel): Float64Array {
  return Float64Array.from(model.inputs, (i) => likelyValue(i.quantity));
}

export function isRange(q: Quantity): q is Range {
  return typeof q !== 'number';
}
