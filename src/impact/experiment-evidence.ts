// The experiment_result evidence an analysis yields (the contract with the gates in
// src/domain/evidence.ts): one payload per primary KPI and treatment arm, or why there is
// none (no relative lift: degenerate data, or a control mean of 0). Pure; the CLI and the
// server record the payloads.
import { experimentResultPayloadSchema } from '../domain/evidence.js';
import type { ExperimentReport } from './experiment-analysis.js';

export interface ExperimentEvidence {
  kpi: string;
  arm: string;
  payload: Record<string, unknown> | null;
  skipped: string | null;
}

export function experimentEvidence(r: ExperimentReport, input: string): ExperimentEvidence[] {
  return r.metrics
    .filter((m) => m.role === 'primary' && m.kpi)
    .map((m) => {
      const base = { kpi: m.kpi as string, arm: m.arm };
      if (!m.relative || m.adjusted_p_value === null) return { ...base, payload: null, skipped: m.degenerate ?? m.relative_missing ?? 'no relative lift' };
      const guardrails = r.metrics.filter((g) => g.role === 'guardrail' && g.arm === m.arm).map((g) => ({ kpi: g.kpi ?? g.metric, regressed: g.guardrail?.regressed ?? false }));
      const payload = experimentResultPayloadSchema.parse({
        kpi: m.kpi,
        method: m.method,
        relative_lift: m.relative.lift,
        relative_ci: m.sequential?.relative_ci ?? m.relative.ci,
        p_value: m.adjusted_p_value,
        alpha: r.alpha,
        significant: m.significant,
        srm_ok: r.srm.ok,
        guardrails,
        improved: m.improved,
        arm: m.arm,
        control: r.control,
        absolute_lift: m.absolute?.lift,
        sequential: r.sequential !== null,
        correction: r.correction,
        verdict: r.verdict,
        input,
      });
      return { ...base, payload: payload as Record<string, unknown>, skipped: null };
    });
}
