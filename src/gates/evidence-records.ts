// What every criterion evaluator shares: the newest records of a kind whose payload fits its
// contract, the "no evidence" verdict, and how evidence and numbers are written in details.
import type { z } from 'zod';
import type { CriterionResult, EvidenceRef } from '../domain/decision.js';
import type { Evidence, EvidenceKind } from '../domain/evidence.js';
import type { CriterionInput } from './criteria.js';

export type Verdict = Omit<CriterionResult, 'criterion'>;

export const ref = (e: Evidence): EvidenceRef => ({ id: e.id, kind: e.kind, recordedAt: e.recordedAt, source: e.source });
export const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
export const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Records of `kind` whose payload fits `schema`, newest first (ties: later recorded first). */
export function valid<S extends z.ZodType>(input: CriterionInput, kind: EvidenceKind, schema: S): { e: Evidence; p: z.infer<S> }[] {
  const out: { e: Evidence; p: z.infer<S> }[] = [];
  input.evidence.forEach((e) => {
    if (e.kind !== kind) return;
    const parsed = schema.safeParse(e.payload);
    if (parsed.success) out.push({ e, p: parsed.data });
  });
  return out.reverse().sort((a, b) => b.e.recordedAt.localeCompare(a.e.recordedAt));
}

export function none(kind: EvidenceKind, input: CriterionInput, what: string, next: string): Verdict {
  const unreadable = input.evidence.filter((e) => e.kind === kind).length;
  const detail = unreadable > 0 ? `${what} (${unreadable} ${kind} record(s) with a payload that does not fit the contract)` : what;
  return { status: 'no_evidence', detail, evidence: [], next };
}
