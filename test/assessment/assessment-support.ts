// What the assessment tests share: a workspace folder without a questionnaire of its own, a
// fingerprint of every table an assessment request may write (a refused request must leave
// it unchanged), and helpers to open a round and answer through a link.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { INVITATION_HEADER } from '../../src/assessment/invitation.js';
import type { TestApp } from '../support/server-app.js';

export const emptyWorkspace = () => mkdtempSync(path.join(tmpdir(), 'traction-assessment-'));

/** Every row an assessment request could write, in a stable order. */
export async function storeFingerprint(t: TestApp): Promise<string> {
  const db = t.store.db;
  const [invitations, rounds, responses, answers, tasks, audit, definitions] = await Promise.all([
    db.selectFrom('invitations').selectAll().orderBy('id').execute(),
    db.selectFrom('assessment_rounds').select(['id', 'title', 'questionnaire_hash', 'opened_at', 'closed_at', 'closed_by']).orderBy('id').execute(),
    db.selectFrom('assessment_responses').selectAll().orderBy('id').execute(),
    db.selectFrom('assessment_answers').selectAll().orderBy('response_id').orderBy('item_id').execute(),
    db.selectFrom('assessment_tasks').selectAll().orderBy('id').execute(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('definitions').select(['kind', 'id', 'version']).orderBy('kind').orderBy('id').execute(),
  ]);
  return JSON.stringify({ invitations, rounds, responses, answers: answers.map((a) => ({ ...a, level: Number(a.level) })), tasks, audit: Number(audit.n), definitions });
}

export async function openRound(t: TestApp, title = 'Spring 2026'): Promise<string> {
  const r = await t.as('admin', { method: 'POST', url: '/api/assessment/rounds', payload: { title } });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

export async function invite(t: TestApp, roundId: string, count = 1, days = 14): Promise<{ id: string; token: string; path: string }[]> {
  const r = await t.as('admin', { method: 'POST', url: `/api/assessment/rounds/${roundId}/invitations`, payload: { count, expires_in_days: days } });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { items: { id: string; token: string; path: string }[] }).items;
}

export function respond(t: TestApp, token: string | undefined, payload: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/assessment/respond', headers: token === undefined ? {} : { [INVITATION_HEADER]: token }, payload: payload as Record<string, unknown> });
}

export const errorCode = (r: LightMyRequestResponse) => (r.json() as { error: { code: string } }).error.code;
