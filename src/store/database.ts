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
  /** Migration 0012: who is the truth for this definition, and a pending change made through the API. */
  owner: Generated<'files' | 'store'>;
  pending_base_hash: string | null;
  pending_base_body: string | null;
  pending_since: string | null;
  pending_by: string | null;
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

export interface GateDecisionsTable {
  seq: Generated<number>;
  id: string;
  use_case_id: string;
  number: number;
  at: string;
  actor: string;
  from_stage: string;
  to_stage: string;
  forced: number; // 0 or 1: SQLite has no boolean
  reason: string | null;
  evaluation: string;
}

export interface SignoffsTable {
  seq: Generated<number>;
  id: string;
  use_case_id: string;
  role: string;
  person: string;
  decision: string;
  from_stage: string;
  to_stage: string;
  note: string | null;
  at: string;
  recorded_by: string;
  evidence_id: string;
}

export interface RubricAnswersTable {
  seq: Generated<number>;
  id: string;
  use_case_id: string;
  item_id: string;
  score: number;
  note: string | null;
  link: string | null;
  at: string;
  recorded_by: string;
}

export interface KpiMeasurementsTable {
  id: string;
  use_case_id: string;
  kpi_id: string;
  at: string;
  value: number;
  source: string;
  recorded_at: string;
  recorded_by: string;
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

/** bigint columns come back from PostgreSQL as strings; converters take Number() of them. */
type Count = number | string;

export interface UsageDaysTable {
  use_case_id: string;
  day: string;
  requests: Count;
  errors: string;
  input_tokens: Count;
  output_tokens: Count;
  cached_input_tokens: Count;
  reasoning_tokens: Count;
  cost: number;
  unpriced_requests: Count;
  users: string;
  departments: string;
  models: string;
  latency_sketch: string;
  ttft_sketch: string;
  updated_at: string;
}

export interface UsageSeenBatchesTable {
  batch_key: string;
  received_at: string;
  spans: number;
}

export interface UsageUnattributedTable {
  day: string;
  service_name: string;
  requests: Count;
}

export interface UsageRejectionsTable {
  day: string;
  reason: string;
  spans: Count;
}

export interface UsageSettingsTable {
  name: string;
  value: string;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  scope_kind: string;
  scope_id: string;
  note: string | null;
  created_at: string;
  created_by: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export interface AssessmentRoundsTable {
  id: string;
  title: string;
  questionnaire: string;
  questionnaire_hash: string;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface AssessmentResponsesTable {
  id: string;
  round_id: string;
  respondent_kind: string;
  respondent: string;
  group_name: string;
  submitted_at: string;
}

export interface AssessmentAnswersTable {
  response_id: string;
  item_id: string;
  level: number;
}

export interface AssessmentTasksTable {
  id: string;
  round_id: string;
  action_id: string;
  pillar_id: string;
  kind: string;
  title: string;
  use_case_id: string | null;
  created_at: string;
  created_by: string;
  done_at: string | null;
  done_by: string | null;
}

export interface CommentsTable {
  id: string;
  use_case_id: string;
  author: string;
  body: string;
  created_at: string;
}

export interface CommentMentionsTable {
  comment_id: string;
  username: string;
  use_case_id: string;
}

export interface MentionReadsTable {
  comment_id: string;
  username: string;
  read_at: string;
}

/** Migration 0021: one row (id 1), raised by the database on every write it counts; see the migration. */
export interface StoreRevisionTable {
  id: number;
  /** Bigint: PostgreSQL's driver reads it as text. */
  content: string | number;
  content_at: string;
  access: string | number;
  access_at: string;
}

/** Migration 0020: one row per (caller, Idempotency-Key); see src/application/idempotent-requests.ts. */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  attempt: string;
  created_at: string;
  expires_at: string;
  committed_at: string | null;
  status: number | null;
  /** JSON object of the answer's headers that are replayed (content-type, location, etag). */
  headers: string | null;
  body: string | null;
  answered_at: string | null;
}

export interface Database {
  definitions: DefinitionsTable;
  definition_versions: DefinitionVersionsTable;
  audit_log: AuditLogTable;
  evidence: EvidenceTable;
  gate_decisions: GateDecisionsTable;
  signoffs: SignoffsTable;
  rubric_answers: RubricAnswersTable;
  kpi_measurements: KpiMeasurementsTable;
  bench_runs: BenchRunsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  readiness_runs: ReadinessRunsTable;
  readiness_results: ReadinessResultsTable;
  readiness_metrics: ReadinessMetricsTable;
  readiness_scores: ReadinessScoresTable;
  usage_days: UsageDaysTable;
  usage_seen_batches: UsageSeenBatchesTable;
  usage_unattributed: UsageUnattributedTable;
  usage_rejections: UsageRejectionsTable;
  usage_settings: UsageSettingsTable;
  invitations: InvitationsTable;
  assessment_rounds: AssessmentRoundsTable;
  assessment_responses: AssessmentResponsesTable;
  assessment_answers: AssessmentAnswersTable;
  assessment_tasks: AssessmentTasksTable;
  comments: CommentsTable;
  comment_mentions: CommentMentionsTable;
  mention_reads: MentionReadsTable;
  idempotency_keys: IdempotencyKeysTable;
  store_revision: StoreRevisionTable;
}
