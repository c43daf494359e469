// Simulated Northwind spans through the real ingest path, for the usage views' tests: POST
// /v1/traces with an ingest token (in-process), or an OTLP JSON Lines file for
// `traction telemetry import`. What the views then read is what ingest stored.
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { toOtlpJson, type SimulatedSpan } from '../../examples/northwind/simulate-usage.js';
import { sha256 } from '../../src/server/auth/principal.js';
import { insertApiToken } from '../../src/store/api-token-repository.js';
import { newId } from '../../src/store/evidence-repository.js';
import { findCredentials } from '../../src/store/user-repository.js';
import { T0, type TestApp } from './server-app.js';

const BATCH = 4000;

/** Posts the spans in batches with a contributor's ingest token; every batch must be taken whole. */
export async function postSpans(t: TestApp, spans: readonly SimulatedSpan[]): Promise<void> {
  const user = (await findCredentials(t.store.db, 'contributor'))!.user;
  const token = `trc_${newId('secret')}`;
  await insertApiToken(t.store.db, { id: newId('tok'), userId: user.id, name: 'simulator', scope: 'ingest', tokenHash: sha256(token), expiresAt: null }, 'seed', T0);
  for (let i = 0; i < spans.length; i += BATCH) {
    const r = await t.app.inject({ method: 'POST', url: '/v1/traces', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(toOtlpJson(spans.slice(i, i + BATCH))) });
    expect(r.statusCode).toBe(200);
    expect((r.json() as { partialSuccess?: { rejectedSpans?: string } }).partialSuccess?.rejectedSpans ?? '0').toBe('0');
  }
}

/** The spans as OTLP JSON Lines (one export request per line), as the Collector's file exporter writes. */
export function writeSpansFile(file: string, spans: readonly SimulatedSpan[]): void {
  const lines: string[] = [];
  for (let i = 0; i < spans.length; i += BATCH) lines.push(JSON.stringify(toOtlpJson(spans.slice(i, i + BATCH))));
  writeFileSync(file, `${lines.join('\n')}\n`);
}
