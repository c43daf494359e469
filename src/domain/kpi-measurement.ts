// A KPI measurement: one dated value of one KPI of one use case, as recorded by hand,
// imported from CSV or computed by the KPI's SQL query. Append-only in the store; for
// the same date the most recently recorded value is the current one (a correction).
export interface KpiMeasurement {
  id: string; // kpm_...
  useCaseId: string;
  kpiId: string;
  at: string; // YYYY-MM-DD: the day the value refers to
  value: number;
  source: string; // "record", "import:FILE:LINE", "refresh:SOURCE"
  recordedAt: string; // ISO 8601
  recordedBy: string;
}
