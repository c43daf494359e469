// Closes the rewrites the UPDATE/DELETE triggers of the earlier migrations let through.
//
// SQLite: `INSERT OR REPLACE` / `REPLACE INTO` resolve a key conflict by deleting the old
// row, and SQLite fires no DELETE trigger for that unless the connection turned
// `recursive_triggers` on, which a hand-held sqlite3 shell does not. So every append-only
// table gets a BEFORE INSERT trigger that refuses a row whose primary or unique key already
// exists: a REPLACE then aborts before anything is deleted, whoever issues it. Upserts
// (`ON CONFLICT DO UPDATE`) already fire the UPDATE trigger.
//
// PostgreSQL has no REPLACE, and fires a table's row-level UPDATE and DELETE triggers for
// `INSERT ... ON CONFLICT DO UPDATE` and `MERGE`, so the triggers of the earlier
// migrations already refuse every rewrite there; test/security/append-only.case.test.ts
// shows it statement by statement.
import type { Kysely } from 'kysely';
import { refuseReplace, type MigrationDialect } from './migration-helpers.js';

/** Every append-only table and its keys (primary key first), as the earlier migrations made them. */
const APPEND_ONLY_KEYS: Record<string, string[][]> = {
  audit_log: [['seq']],
  definition_versions: [['kind', 'id', 'version']],
  evidence: [['id']],
  gate_decisions: [['seq'], ['id'], ['use_case_id', 'number']],
  signoffs: [['seq'], ['id']],
  rubric_answers: [['seq'], ['id']],
  kpi_measurements: [['id']],
  bench_runs: [['id']],
};

export async function up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const [table, keys] of Object.entries(APPEND_ONLY_KEYS)) await refuseReplace(db, table, keys);
}
