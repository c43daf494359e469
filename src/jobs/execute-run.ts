// One attempt of one run, the same on both queues: read the applied workspace, call the
// kind's action, write the outcome into the run's history row. Retry timing is the queue's
// (pg-boss on PostgreSQL, the in-process runner on SQLite); this only says whether another
// attempt follows.
import { hostname } from 'node:os';
import { readStoredWorkspace } from '../store/stored-workspace.js';
import { recordAttemptFailed, recordSucceeded } from '../store/job-run-repository.js';
import type { Store } from '../store/store.js';
import type { JobRegistry } from './job-kinds.js';

/** Attempts per run (the first and its retries) and the wait before the first retry; each later wait doubles. */
export interface RetryPolicy {
  attempts: number;
  delaySeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, delaySeconds: 30 };

/** Wait before attempt `attempt + 1`: delay x 2^(attempt-1), the doubling pg-boss's retryBackoff uses (without its jitter). */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return policy.delaySeconds * 1000 * 2 ** (attempt - 1);
}

export type JobLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface ExecuteEnv {
  store: Store;
  registry: JobRegistry;
  workspaceRoot: string;
  sourceEnv: Record<string, string | undefined>;
  now: () => Date;
  running: Set<string>;
  retry: RetryPolicy;
  log: JobLog;
}

export interface AttemptTarget {
  id: string;
  kind: string;
  target: string;
  scheduledFor: string;
  trigger: 'schedule' | 'manual';
}

export type AttemptOutcome = { ok: true; summary: string } | { ok: false; error: string; final: boolean };

export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Runs attempt number `attempt` of `maxAttempts` and records how it went. */
export async function executeAttempt(env: ExecuteEnv, run: AttemptTarget, attempt: number, maxAttempts: number): Promise<AttemptOutcome> {
  let outcome: AttemptOutcome;
  try {
    const kind = env.registry.get(run.kind);
    if (!kind) throw new Error(`no job kind "${run.kind}" is registered in this version of Traction`);
    const workspace = await readStoredWorkspace(env.store.db, env.workspaceRoot);
    if (!workspace) throw new Error('the store holds no workspace yet; run `traction apply` first');
    const summary = await kind.run({ store: env.store, workspace, sourceEnv: env.sourceEnv, now: env.now, actor: 'scheduler', running: env.running, run: { id: run.id, scheduledFor: run.scheduledFor, trigger: run.trigger, attempt } }, run.target);
    outcome = { ok: true, summary };
  } catch (e) {
    outcome = { ok: false, error: e instanceof Error ? e.message : String(e), final: attempt >= maxAttempts };
  }
  const at = env.now();
  if (outcome.ok) {
    await recordSucceeded(env.store.db, run.id, at, outcome.summary);
    env.log('info', 'job run succeeded', { kind: run.kind, target: run.target, run: run.id, attempt });
  } else {
    const retryAt = outcome.final ? undefined : new Date(at.getTime() + retryDelayMs(env.retry, attempt));
    await recordAttemptFailed(env.store.db, run.id, at, outcome.error, retryAt);
    env.log(outcome.final ? 'error' : 'warn', outcome.final ? 'job run failed' : 'job attempt failed; it will be retried', { kind: run.kind, target: run.target, run: run.id, attempt, error: outcome.error });
  }
  return outcome;
}
