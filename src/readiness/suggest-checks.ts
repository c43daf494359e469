// Suggested checks from a profile (pure): what the data already satisfies becomes a check
// to keep it so. The output is meant to be reviewed and pasted into the dataset's YAML.
import { PATTERNS, type DatasetProfile } from './profile.js';

export type SuggestedCheck = Record<string, unknown> & { type: string };

const ACCEPTED_VALUES_MAX = 12;

export function suggestChecks(profile: DatasetProfile): SuggestedCheck[] {
  const out: SuggestedCheck[] = [];
  if (profile.rows > 0) out.push({ type: 'row_count', min: Math.floor(profile.rows * 0.5), max_change: 0.5, severity: 'warn' });
  for (const c of profile.columns) {
    const nonNull = c.rows - c.nulls;
    if (c.rows > 0 && c.nulls === 0) out.push({ type: 'not_null', column: c.name });
    else if (c.rows > 0 && c.nullShare < 0.05) out.push({ type: 'not_null', column: c.name, mostly: floor2(1 - c.nullShare) });
    if (nonNull > 1 && c.distinct === nonNull && c.type !== 'number' && c.type !== 'boolean') out.push({ type: 'unique', column: c.name });
    if (c.type === 'string' && c.distinct > 0 && c.distinct <= ACCEPTED_VALUES_MAX && c.top.length >= c.distinct && nonNull >= c.distinct * 5)
      out.push({ type: 'accepted_values', column: c.name, values: c.top.map((t) => t.value) });
    if ((c.type === 'integer' || c.type === 'number') && c.min !== null && c.max !== null) out.push({ type: 'range', column: c.name, min: Number(c.min), max: Number(c.max) });
    if (c.pattern) {
      const mostly = floor2(c.pattern.share);
      if (c.pattern.name === 'date_like') out.push({ type: 'parseable_date', column: c.name, ...(mostly < 1 ? { mostly } : {}) });
      else out.push({ type: 'regex', column: c.name, pattern: PATTERNS[c.pattern.name], ...(mostly < 1 ? { mostly } : {}) });
    }
    if (c.length && c.length.min === c.length.max && c.pattern === null) out.push({ type: 'length', column: c.name, min: c.length.min, max: c.length.max });
    if (c.type === 'timestamp' && /updated|modified|changed|loaded|_at$/.test(c.name)) out.push({ type: 'freshness', column: c.name, max_age_hours: 48, severity: 'warn' });
  }
  return out;
}

const floor2 = (x: number) => Math.floor(x * 100) / 100;

/** Columns to render in a profile table, as plain text. */
export function describeProfileValue(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  return String(v);
}
