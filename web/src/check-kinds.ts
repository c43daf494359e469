// What each kind of data check is called on the dashboard: words a data person uses, not
// the type names of the workspace files (docs/readiness.md has both).
const KINDS: Record<string, string> = {
  row_count: 'Row count',
  freshness: 'Freshness',
  schema: 'Columns and types',
  not_null: 'No missing values',
  unique: 'Unique values',
  accepted_values: 'Allowed values',
  not_in_set: 'Forbidden values',
  range: 'Values within a range',
  regex: 'Text pattern',
  like: 'Text pattern',
  length: 'Text length',
  parseable_date: 'Readable dates',
  aggregate: 'Column statistic',
  column_pair: 'Two columns compared',
  referential_integrity: 'Links to another dataset',
  duplicate_rows: 'Duplicate rows',
  custom_sql: 'Custom rule',
  distinct_values: 'Set of values',
  column_count: 'Number of columns',
  columns_match: 'Column layout',
  column_pair_set: 'Allowed value pairs',
  multicolumn_sum: 'Columns add up',
  unique_within_record: 'Different values within a row',
  monotonic: 'Values in order',
  is_null: 'Values left empty',
  regex_list: 'Text patterns',
  like_list: 'Text patterns',
  column_type: 'Column type',
  json: 'Valid JSON',
  z_score: 'Outliers',
  ks_test: 'Distribution shape',
  bootstrap_ks_test: 'Distribution shape',
  chi_square_test: 'Category shares',
  kl_divergence: 'Distribution drift',
  cramers_phi: 'Association of two columns',
};

/** The human name of a check type; an unknown type is shown as it is written. */
export function checkKind(type: string): string {
  return KINDS[type] ?? type;
}

export const KNOWN_CHECK_KINDS: readonly string[] = Object.keys(KINDS);
