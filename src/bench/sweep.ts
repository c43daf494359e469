// The sweep: the highest open-loop arrival rate that still meets the SLO. Doubles the rate
// from the start rate until a step misses the SLO (or the maximum is reached), then bisects
// between the last rate that met it and the first that did not. Each step is a full run at
// a fixed rate; `step` does the measuring, so this file is pure search logic.

export interface SweepStep<R> {
  rate: number;
  met: boolean;
  interrupted: boolean;
  result: R;
}

export interface SweepOptions {
  startRate: number;
  maxRate: number;
  /** Bisection steps after the first miss; each halves the bracket. */
  refinements: number;
}

export interface Sweep<R> {
  steps: SweepStep<R>[];
  /** Index into `steps` of the highest rate that met the SLO; null when none did. */
  best: number | null;
}

export async function sweepRates<R>(o: SweepOptions, step: (rate: number) => Promise<{ met: boolean; interrupted: boolean; result: R }>): Promise<Sweep<R>> {
  const steps: SweepStep<R>[] = [];
  let best: number | null = null;
  const run = async (rate: number) => {
    const s = { rate, ...(await step(rate)) };
    steps.push(s);
    if (s.met && !s.interrupted && (best === null || rate > (steps[best] as SweepStep<R>).rate)) best = steps.length - 1;
    return s;
  };
  let pass = 0;
  let fail = 0;
  for (let rate = Math.min(o.startRate, o.maxRate); ; rate = Math.min(rate * 2, o.maxRate)) {
    const s = await run(rate);
    if (s.interrupted) return { steps, best };
    if (!s.met) {
      fail = rate;
      break;
    }
    pass = rate;
    if (rate >= o.maxRate) return { steps, best };
  }
  if (pass === 0) return { steps, best }; // even the start rate missed the SLO
  for (let i = 0; i < o.refinements; i++) {
    const mid: number = (pass + fail) / 2;
    const s = await run(mid);
    if (s.interrupted) break;
    if (s.met) pass = mid;
    else fail = mid;
  }
  return { steps, best };
}
