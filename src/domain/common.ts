// Building blocks shared by every definition file: identifiers, env references and
// uncertain quantities. No I/O here; everything in src/domain is a zod schema or a type.
import { z } from 'zod';

/** A readable identifier used as file name and foreign key: lower case, digits, `-` and `_`. */
export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'an id: lower-case letters, digits, "-" or "_", starting with a letter');
export type Id = z.infer<typeof idSchema>;

/**
 * `${env:NAME}` inside a string. Kept verbatim in definitions and the store; resolved only at
 * the moment a connection is opened (see src/workspace/env-ref.ts), so a secret is never stored.
 */
export const ENV_REF_PATTERN = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const envRefStringSchema = z
  .string()
  .min(1)
  .refine((s) => !/\$\{(?!env:[A-Za-z_][A-Za-z0-9_]*\})/.test(s), {
    message: 'a "${...}" reference must look like ${env:NAME}',
  });

/** An uncertain input: three-point estimate. PERT by default, triangular on request. */
export const rangeSchema = z
  .strictObject({
    low: z.number().describe('pessimistic value'),
    likely: z.number().describe('most likely value'),
    high: z.number().describe('optimistic value'),
    distribution: z.enum(['pert', 'triangular']).optional().describe('default pert'),
  })
  .refine((r) => r.low <= r.likely && r.likely <= r.high, {
    message: 'a range needs low <= likely <= high',
  });
export type Range = z.infer<typeof rangeSchema>;

/** A quantity given as a plain number or as a low/likely/high range. */
export const quantitySchema = z.union([z.number(), rangeSchema]);
export type Quantity = z.infer<typeof quantitySchema>;

/** The smallest value a quantity can take: the number itself, or the low end of its range. */
export function lowestValue(q: Quantity): number {
  return typeof q === 'number' ? q : q.low;
}

/**
 * A quantity that cannot go below zero, with `message` when it does. A refinement over the
 * union rather than a bound inside each branch, so the problem is reported once, at the
 * field, with our message (a failing union would only say "expected a number or a range").
 */
export function nonNegativeQuantity(message: string) {
  return quantitySchema.refine((q) => lowestValue(q) >= 0, { message });
}

/**
 * Costs are never negative: a negative cost passed as a value would count as money earned
 * (P(NPV>0) of 100%, payback in month 0) and free budget in the roadmap. Money a use case
 * saves is a value stream of kind cost_saving.
 */
export const costQuantitySchema = nonNegativeQuantity('a saving is a value stream, not a negative cost');

/** The value a quantity takes at its most likely point. */
export function likelyValue(q: Quantity): number {
  return typeof q === 'number' ? q : q.likely;
}

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
