// The business case at the likely values: cash flows, NPV, ROI, payback and IRR.
import { likelyInputs, type BusinessCaseModel } from './business-case.js';
import { annualise, irr, npv, paybackMonth } from './finance.js';

export interface LikelyCase {
  flows: number[];
  /** NPV if the use case succeeds technically. */
  npv: number;
  /** NPV including the probability of success: p x NPV + (1 - p) x (build cost lost). */
  riskAdjustedNpv: number;
  /** NPV / PV of costs (discounted ROI); null when there are no costs. */
  roi: number | null;
  paybackMonth: number | null;
  /** Monthly IRR annualised, (1 + irr_m)^12 - 1; null when there is none. */
  irrAnnual: number | null;
  monthlyValueAtFullAdoption: number;
}

export function likelyCase(model: BusinessCaseModel): LikelyCase {
  const v = likelyInputs(model);
  const flows = model.flows(v);
  const value = npv(model.monthlyRate, flows);
  const costs = model.pvCosts(v);
  const p = model.probabilityOfSuccess;
  const monthlyIrr = irr(flows);
  return {
    flows,
    npv: value,
    riskAdjustedNpv: p * value + (1 - p) * model.npvFailure(v),
    roi: costs > 0 ? value / costs : null,
    paybackMonth: paybackMonth(flows),
    irrAnnual: monthlyIrr === null ? null : annualise(monthlyIrr),
    monthlyValueAtFullAdoption: model.monthlyValue(v),
  };
}
