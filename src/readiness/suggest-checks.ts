// Suggested checks from a profile (pure): what the data already satisfies becomes a check
// to keep it so. The output is meant to be reviewed and pasted into the dataset's YAML.
import { PATTERNS, type DatasetProfile } from './profile.js';

export type SuggestedCheck = Record<string, unknown> & { type: string };

/** Accepted values are proposed for a text column of at most this many distinct values. */
export const ACCEPTED_VALUES_MAX = 12;
/** A range's bounds lie this share of the observed span beyond the observed extremes. */
export const RANGE_HEADROOM = 0.1;

/** A name that says "identifier": id, key, code, uuid, number... as a word at the end. */
const KEY_NAME = /(^|[^a-z])(id|key|code|uuid|guid|number|no|nr|sku|ref|iata|email)$|[a-z](Id|ID|Key|Code|Number)$/i;

/**
 * Whether a column holds keys, where uniqueness is a rule worth keeping: integers or text
 * with an identifier's name or an id-like/email pattern. A measure (a price, a count) that
 * happens to be unique in today's data is not one.
 */
export function isKeyLike(c: DatasetProfile['columns'][number]): boolean {
  if (c.type !== 'integer' && c.type !== 'string') return false;
  return KEY_NAME.test(c.name) || c.pattern?.name === 'id_like' || c.pattern?.name === 'email';
}

/** [min, max] widened by RANGE_HEADROOM of the span (of the value, when all are equal), rounded outward; never below 0 for non-negative data. */
export function rangeWithHeadroom(min: number, max: number, integer: boolean): [number, number] {
  const span = max - min || Math.abs(max) || 1;
  const margin = span * RANGE_HEADROOM;
  let low = min - margin;
  let high = max + margin;
  if (min >= 0 && low < 0) low = 0;
  const step = integer ? Math.max(1, 10 ** Math.floor(Math.log10(margin || 1))) : 10 ** Math.floor(Math.log10(margin || 1));
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const tidy = (x: number) => Number(x.toPrecision(12));
  return [tidy(low), tidy(high)];
}

/**
 * Suggestions from a profile. `now` dates the freshness proposal: the latest timestamp's age
 * then, doubled and rounded up to whole days (at least one), so today's data passes and a
 * feed that stops is noticed.
 */
export function suggestChecks(profile: DatasetProfile, now: Date = new Date()): SuggestedCheck[] {
  const out: SuggestedCheck[] = [];
  if (profile.rows > 0) out.push({ type: 'row_count', min: Math.floor(profile.rows * 0.5), max_change: 0.5, severity: 'warn' });
  for (const c of profile.columns) {
    const nonNull = c.rows - c.nulls;
    if (c.rows > 0 && c.nulls === 0) out.push({ type: 'not_null', column: c.name });
    else if (c.rows > 0 && c.nullShare < 0.05) out.push({ type: 'not_null', column: c.name, mostly: floor2(1 - c.nullShare) });
    if (nonNull > 1 && c.distinct === nonNull && isKeyLike(c)) out.push({ type: 'unique', column: c.name });
    if (c.type === 'string' && c.distinct > 0 && c.distinct <= ACCEPTED_VALUES_MAX && c.top.length >= c.distinct && nonNull >= c.distinct * 5 && !isKeyLike(c))
      out.push({ type: 'accepted_values', column: c.name, values: c.top.map((t) => t.value).sort() });
    if ((c.type === 'integer' || c.type === 'number') && c.min !== null && c.max !== null && !isKeyLike(c)) {
      const [min, max] = rangeWithHeadroom(Number(c.min), Number(c.max), c.type === 'integer');
      out.push({ type: 'range', column: c.name, min, max });
    }
    if (c.pattern) {
      const mostly = floor2(c.pattern.share);
      if (c.pattern.name === 'date_like') out.push({ type: 'parseable_date', column: c.name, ...(mostly < 1 ? { mostly } : {}) });
      else out.push({ type: 'regex', column: c.name, pattern: PATTERNS[c.pattern.name], ...(mostly < 1 ? { mostly } : {}) });
    }
    if (c.length && c.length.min === c.length.max && c.pattern === null) out.push({ type: 'length', column: c.name, min: c.length.min, max: c.length.max });
    if ((c.type === 'timestamp' || c.type === 'date') && c.max !== null) {
      const latest = Date.parse(/[zZ]|[+-][0-9]{2}:?[0-9]{2}$/.test(String(c.max)) ? String(c.max) : `${String(c.max).replace(' ', 'T')}Z`);
      if (!Number.isNaN(latest)) {
        const ageHours = Math.max(0, (now.getTime() - latest) / 3_600_000) + (c.type === 'date' ? 24 : 0);
        out.push({ type: 'freshness', column: c.name, max_age_hours: Math.max(24, Math.ceil((ageHours * 2) / 24) * 24), severity: 'warn' });
      }
    }
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
