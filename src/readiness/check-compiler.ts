// The check compiler (pure): turns a dataset's checks into as few queries as possible.
// Every aggregate metric of one relation and one `where` filter becomes one column of ONE
// select (one scan); checks that need grouping share ONE group-by per (where, column set).
// Identical expressions are computed once. Median/quantiles on databases without ordered-set
// aggregates become a small ordered follow-up query. Referential integrity, custom SQL and
// schema are not aggregates; the runner does those (see run-dataset.ts).
import type { Check } from '../domain/checks.js';
import { defaultCheckName, isMapCheck, rowCondition, type ColumnTypes } from './check-conditions.js';
import { catalogueRefusal } from './catalogue-checks.js';
import { unsortableFormat } from '../domain/calendar-dates.js';
import { andWhere, whereClause, type SqlDialect } from './sql-dialect.js';

export interface ScanQuery {
  key: string;
  where?: string;
  sql: string;
  /** The aggregate expressions of `sql` and their aliases (a runner may answer some otherwise). */
  exprs: { alias: string; expr: string }[];
}

export interface GroupQuery {
  key: string;
  where?: string;
  columns: string[];
  /** Whether the most common value(s) are selected too (ties: up to MAX_MODES rows). */
  modes: boolean;
  sql: string;
  /**
   * Set when only single-column `unique` checks need this group-by and their scan counts
   * distinct and non-null values: when those are equal there is no duplicate and the runner
   * skips the group-by (a second scan of the data) and uses `noDuplicatesRow` instead.
   */
  skipUnlessDuplicates?: { scanKey: string; distinct: string; nonNull: string };
}

/** The group-by result when a skippable group has no duplicates (see skipUnlessDuplicates). */
export function noDuplicatesRow(nonNull: number): Record<string, number> {
  return { groups_all: nonNull, dup_rows: 0, dup_nonnull: 0, rows_nonnull: nonNull, max_n: nonNull > 0 ? 1 : 0 };
}

/** A median or quantile computed by ordering, on databases without an aggregate for it. */
export interface OrderedQuery {
  key: string;
  scanKey: string;
  /** Alias, in that scan, of the non-null count the offsets depend on. */
  countAlias: string;
  q: number;
  /** 'cont' interpolates between the two middle values (median), 'disc' picks one (quantile). */
  mode: 'cont' | 'disc';
  build(nonNull: number): { sql: string; count: number } | null;
}

export interface CompiledCheck {
  index: number;
  check: Check;
  name: string;
  scanKey?: string;
  groupKey?: string;
  orderedKey?: string;
  /** role -> column alias in its scan (e.g. element, unexpected, value). */
  aliases: Record<string, string>;
  /** Referential integrity, custom SQL and schema: done by the runner, not by a scan. */
  external: boolean;
  /** Why the check cannot be compiled (e.g. an unknown strftime directive); it is not run. */
  error?: string;
}

export interface CompiledPlan {
  scans: ScanQuery[];
  groups: GroupQuery[];
  ordered: OrderedQuery[];
  checks: CompiledCheck[];
  /** Where the dataset's unfiltered row count is, for history and scores. */
  rowCount: { scanKey: string; alias: string };
}

export const MAX_MODES = 100;

class ScanBuilder {
  private readonly exprs = new Map<string, string>();
  constructor(readonly key: string, readonly where: string | undefined) {}

  add(expr: string): string {
    let alias = this.exprs.get(expr);
    if (alias === undefined) {
      alias = `m${this.exprs.size}`;
      this.exprs.set(expr, alias);
    }
    return alias;
  }

  sql(relation: string): string {
    return scanSql(relation, this.list(), this.where);
  }

  list(): { alias: string; expr: string }[] {
    return [...this.exprs].map(([expr, alias]) => ({ alias, expr }));
  }
}

/** One scan: the aggregate expressions over the relation and an optional filter. */
export function scanSql(relation: string, exprs: { alias: string; expr: string }[], where: string | undefined): string {
  const cols = exprs.map(({ expr, alias }) => `${expr} as ${alias}`).join(',\n  ');
  return `select\n  ${cols}\nfrom ${relation}${where === undefined ? '' : `\nwhere (${where})`}`;
}

export function groupQuerySql(d: SqlDialect, relation: string, columns: string[], where: string | undefined, modes: boolean): string {
  const keys = columns.map((c, i) => `${d.quote(c)} as k${i}`).join(', ');
  const notAllNull = (prefix: string) => `not (${columns.map((_, i) => `${prefix}k${i} is null`).join(' and ')})`;
  // The count is not called `n`: ClickHouse reads an alias wherever its name appears, so a
  // column named n would be read as the count (in the group by, among others).
  const g = `select ${keys}, count(*) as traction_n from ${relation}${whereClause(where)} group by ${columns.map((c) => d.quote(c)).join(', ')}`;
  const sFrom = (from: string) =>
    `select count(*) as groups_all, sum(case when traction_n > 1 then traction_n else 0 end) as dup_rows,` +
    ` sum(case when traction_n > 1 and ${notAllNull('')} then traction_n else 0 end) as dup_nonnull,` +
    ` sum(case when ${notAllNull('')} then traction_n else 0 end) as rows_nonnull,` +
    ` sum(traction_n) as rows_all, max(case when ${notAllNull('')} then traction_n end) as max_n from ${from}`;
  const s = sFrom('g');
  const modeKeys = columns.map((_, i) => `g.k${i} as mode${i}`).join(', ');
  if (!d.subqueryCtes) {
    // The same query with the subqueries inline; the join's null test moves into the joined
    // subquery (same rows matched), as ClickHouse 18.16 joins on equalities only.
    const inline = `(${sFrom(`(${g}) as g`)}) as s`;
    if (!modes) return `select * from ${inline}`;
    return `select s.*, ${modeKeys} from ${inline} left join (select * from (${g}) as g0 where ${notAllNull('')}) as g on g.traction_n = s.max_n ${d.limit(MAX_MODES + 1)}`;
  }
  if (!modes) return `with g as (${g}), s as (${s}) select * from s`;
  return `with g as (${g}), s as (${s}) select s.*, ${modeKeys} from s left join g on g.traction_n = s.max_n and ${notAllNull('g.')} ${d.limit(MAX_MODES + 1)}`;
}

function orderedQuery(d: SqlDialect, relation: string, key: string, scanKey: string, countAlias: string, column: string, where: string | undefined, q: number, mode: 'cont' | 'disc'): OrderedQuery {
  const col = d.quote(column);
  const filter = `${col} is not null${andWhere(where)}`;
  return {
    key,
    scanKey,
    countAlias,
    q,
    mode,
    build(n) {
      if (n === 0) return null;
      // disc: percentile_disc, the first value whose cumulative share reaches q (SQL standard).
      // cont at 0.5: the mean of the one or two middle values.
      const [offset, count] = mode === 'disc' ? [Math.max(Math.ceil(q * n), 1) - 1, 1] : n % 2 === 1 ? [(n - 1) / 2, 1] : [n / 2 - 1, 2];
      return { sql: `select ${col} as v from ${relation} where ${filter} order by ${col} ${d.limit(count)} offset ${offset}`, count };
    },
  };
}

export function compileChecks(input: { relation: string; checks: Check[]; dialect: SqlDialect; types?: ColumnTypes }): CompiledPlan {
  const { relation, dialect: d } = input;
  const scans = new Map<string, ScanBuilder>();
  const groups = new Map<string, GroupQuery & { columns: string[] }>();
  const ordered: OrderedQuery[] = [];
  const scan = (where: string | undefined) => {
    const key = where ?? '';
    let s = scans.get(key);
    if (!s) scans.set(key, (s = new ScanBuilder(key, where)));
    return s;
  };
  const needsGroup = new Set<string>(); // groups some check needs in full, not only unique ones
  const group = (where: string | undefined, columns: string[], modes: boolean, skip?: GroupQuery['skipUnlessDuplicates']) => {
    const key = JSON.stringify([where ?? '', columns]);
    const g = groups.get(key);
    if (g) g.modes ||= modes;
    else groups.set(key, { key, ...(where !== undefined ? { where } : {}), columns, modes, sql: '', ...(skip ? { skipUnlessDuplicates: skip } : {}) });
    if (!skip) needsGroup.add(key);
    return key;
  };
  const rowCount = { scanKey: '', alias: scan(undefined).add('count(*)') };
  const names = new Map<string, number>();

  const checks = input.checks.map((check, index): CompiledCheck => {
    let name = defaultCheckName(check);
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name} #${seen + 1}`;
    const out: CompiledCheck = { index, check, name, aliases: {}, external: false };
    try {
      compileOne(check, out);
    } catch (e) {
      // Nothing of a check that cannot compile reaches SQL; its outcome carries the reason.
      return { ...out, aliases: {}, error: e instanceof Error ? e.message : String(e) };
    }
    return out;
  });

  function compileOne(check: Check, out: CompiledCheck): void {
    const refusal = catalogueRefusal(check, d);
    if (refusal !== undefined) throw new Error(refusal);
    const s = scan(check.where);
    const setScan = () => (out.scanKey = s.key);
    if (isMapCheck(check)) {
      const cond = rowCondition(check, d, input.types);
      setScan();
      out.aliases.element = s.add(cond.element === '1 = 1' ? 'count(*)' : d.countIf(cond.element));
      out.aliases.unexpected = s.add(d.countIf(cond.unexpected));
      return;
    }
    switch (check.type) {
      case 'row_count':
        setScan();
        out.aliases.value = s.add('count(*)');
        // The other dataset's count is read by external-checks.ts.
        if (check.same_as !== undefined) out.external = true;
        break;
      case 'freshness': {
        const col = d.quote(check.column);
        const type = input.types?.get(check.column);
        if (check.format !== undefined) {
          // Text timestamps: the greatest text that is a real date in the format (year-down
          // formats only, so text order is time order), parsed by check-evaluation.
          if (type !== undefined && type !== 'string') throw new Error(`freshness: format is for a text column; column ${check.column} is ${type}, drop format`);
          const unsortable = unsortableFormat(check.format);
          if (unsortable) throw new Error(`freshness on column ${check.column}: ${unsortable}`);
          setScan();
          out.aliases.text = s.add(`max(case when ${d.parseableDate(col, check.format)} then ${d.asText(col)} end)`);
          break;
        }
        if (type !== undefined && type !== 'date' && type !== 'timestamp')
          throw new Error(`freshness needs a date or timestamp column; column ${check.column} is ${type}${type === 'string' ? " (text): add format, e.g. format: '%Y-%m-%d %H:%M:%S'" : ''}`);
        setScan();
        out.aliases.value = s.add(d.epochSeconds(`max(${col})`));
        break;
      }
      case 'unique': {
        const columns = check.columns ?? [check.column as string];
        let skip: GroupQuery['skipUnlessDuplicates'];
        if (d.uniqueFromDistinct && columns.length === 1) {
          const col = d.quote(columns[0] as string);
          setScan();
          skip = { scanKey: s.key, distinct: (out.aliases.distinct = s.add(`count(distinct ${col})`)), nonNull: (out.aliases.nonNull = s.add(`count(${col})`)) };
        }
        out.groupKey = group(check.where, columns, false, skip);
        break;
      }
      case 'duplicate_rows':
        out.groupKey = group(check.where, check.columns, false);
        break;
      case 'aggregate':
        compileAggregate(check, s, d, relation, out, ordered, (cols) => group(check.where, cols, true));
        break;
      default:
        out.external = true;
    }
  }

  return {
    scans: [...scans.values()].map((s) => ({ key: s.key, ...(s.where !== undefined ? { where: s.where } : {}), sql: s.sql(relation), exprs: s.list() })),
    groups: [...groups.values()].map((g) => {
      const { skipUnlessDuplicates, ...rest } = g;
      // A skip is only safe when every check of the group is a unique check that set it up.
      const skip = needsGroup.has(g.key) || !skipUnlessDuplicates ? {} : { skipUnlessDuplicates };
      return { ...rest, ...skip, sql: groupQuerySql(d, relation, g.columns, g.where, g.modes) };
    }),
    ordered,
    checks,
    rowCount,
  };
}

function compileAggregate(
  check: Extract<Check, { type: 'aggregate' }>,
  s: ScanBuilder,
  d: SqlDialect,
  relation: string,
  out: CompiledCheck,
  ordered: OrderedQuery[],
  group: (columns: string[]) => string,
): void {
  const col = d.quote(check.column);
  const set = (role: string, expr: string) => {
    out.scanKey = s.key;
    out.aliases[role] = s.add(expr);
  };
  switch (check.metric) {
    case 'min':
    case 'max':
      return set('value', `${check.metric}(${col})`);
    case 'mean':
      return set('value', `avg(${d.asDouble(col)})`);
    case 'sum':
      return set('value', `sum(${d.asDouble(col)})`);
    case 'stddev':
      return set('value', d.stddev(col));
    case 'distinct_count':
      return set('value', `count(distinct ${col})`);
    case 'proportion_unique':
      set('distinct', `count(distinct ${col})`);
      return set('nonNull', `count(${col})`);
    case 'most_common_value':
      out.groupKey = group([check.column]);
      return;
    case 'median':
    case 'quantile': {
      const q = check.metric === 'median' ? 0.5 : (check.q as number);
      const mode = check.metric === 'median' ? 'cont' : 'disc';
      const expr = mode === 'cont' ? d.median(col) : d.quantile(col, q);
      if (expr !== null) return set('value', expr);
      set('nonNull', `count(${col})`);
      const key = `${out.index}`;
      ordered.push(orderedQuery(d, relation, key, s.key, out.aliases.nonNull as string, check.column, check.where, q, mode));
      out.orderedKey = key;
      return;
    }
  }
}
