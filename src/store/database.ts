// The store's table types, as Kysely sees them. JSON documents are TEXT in both SQLite and
// PostgreSQL so one converter per table serves both; timestamps are ISO 8601 TEXT.
import type { Generated } from 'kysely';

export interface DefinitionsTable {
  kind: string;
  id: string;
  version: number;
  content_hash: string;
  body: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DefinitionVersionsTable {
  kind: string;
  id: string;
  version: number;
  content_hash: string;
  body: string;
  change: 'created' | 'updated' | 'archived' | 'restored';
  applied_at: string;
  applied_by: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  object_kind: string;
  object_id: string;
  detail: string;
}

export interface EvidenceTable {
  id: string;
  use_case_id: string;
  kind: string;
  recorded_at: string;
  recorded_by: string;
  source: string;
  payload: string;
}

export interface BenchRunsTable {
  id: string;
  use_case_id: string | null;
  started_at: string;
  finished_at: string;
  url: string;
  api: string;
  mode: string;
  status: string;
  slo_met: number | null;
  recorded_by: string;
  result: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  must_change_password: number;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptsTable {
  seq: Generated<number>;
  username: string;
  ip: string;
  at: string;
  succeeded: number;
}

export interface ReadinessRunsTable {
  id: string;
  started_at: string;
  finished_at: string;
  actor: string;
  datasets: string;
  summary: string;
}

export interface ReadinessResultsTable {
  run_id: string;
  dataset_id: string;
  check_name: string;
  check_type: string;
  severity: string;
  dimension: string;
  status: string;
  observed: string;
  elements: number | null;
  unexpected: number | null;
  message: string;
}

export interface ReadinessMetricsTable {
  run_id: string;
  dataset_id: string;
  metric: string;
  value: number;
  measured_at: string;
}

export interface ReadinessScoresTable {
  run_id: string;
  subject_kind: 'dataset' | 'use_case';
  subject_id: string;
  score: number | null;
  dimensions: string;
  lost: string;
}

export interface Database {
  definitions: DefinitionsTable;
  definition_versions: DefinitionVersionsTable;
  audit_log: AuditLogTable;
  evidence: EvidenceTable;
  bench_runs: BenchRunsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  readiness_runs: ReadinessRunsTable;
  readiness_results: ReadinessResultsTable;
  readiness_metrics: ReadinessMetricsTable;
  readiness_scores: ReadinessScoresTable;
}
