// `traction telemetry import`: an OTLP JSON Lines file through the same path as the endpoint,
// a malformed line reported by number and skipped, and a second import of the same file
// counting nothing.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { readUsageDays } from '../../src/store/usage-repository.js';
import { cli } from '../support/cli.js';

const USE_CASE = `id: assist
title: Support assistant
problem: Answers take too long
objective: Answer faster
owner: Olga
sponsor: Sam
department: Support
team: data
costs: { build: 1000, run_monthly: 100 }
probability_of_success: 0.5
effort_person_weeks: 4
risk: { eu_ai_act: minimal }
telemetry:
  match: { service.name: support-assistant }
  user_attribute: enduser.id
`;

function request(startMs: number, ids: number[]): string {
  const spans = ids.map((i) => ({
    traceId: i.toString(16).padStart(32, '1'),
    spanId: i.toString(16).padStart(16, '2'),
    startTimeUnixNano: String(startMs * 1e6),
    endTimeUnixNano: String((startMs + 400) * 1e6),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '1000' } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: '100' } },
      { key: 'enduser.id', value: { stringValue: `user${i % 3}` } },
    ],
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'support-assistant' } }] }, scopeSpans: [{ spans }] }] });
}

describe('traction telemetry import', () => {
  it('imports OTLP JSON Lines once, prices the spans from traction.yaml and reports a bad line', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'traction-telemetry-')), 'ws');
    expect((await cli(['init', dir])).code).toBe(0);
    writeFileSync(path.join(dir, 'usecases/assist.yaml'), USE_CASE);
    appendFileSync(path.join(dir, 'traction.yaml'), '\nprices:\n  - { model: gpt-4o-mini*, input_per_1m: 0.15, output_per_1m: 0.6, valid_from: "2020-01-01" }\n');
    const applied = await cli(['apply', '-w', dir]);
    expect(applied.code, applied.stderr).toBe(0);
    const file = path.join(dir, 'spans.jsonl');
    const start = Date.now() - 3_600_000;
    writeFileSync(file, `${request(start, [1, 2, 3])}\n{not json\n${request(start, [4, 5])}\n`);

    const first = await cli(['telemetry', 'import', file, '-w', dir, '--json']);
    expect(first.code).toBe(1); // a line was not OTLP
    const r = JSON.parse(first.stdout) as { counted: number; problems: string[] };
    expect(r.counted).toBe(5);
    expect(r.problems).toEqual([expect.stringMatching(/spans\.jsonl:2: malformed JSON/)]);
    const again = JSON.parse((await cli(['telemetry', 'import', file, '-w', dir, '--json'])).stdout) as { counted: number; duplicates: number };
    expect([again.counted, again.duplicates]).toEqual([0, 5]);

    const store = await openStore({ kind: 'sqlite', file: path.join(dir, '.traction', 'traction.db') });
    try {
      const days = await readUsageDays(store.db, { useCaseId: 'assist' });
      expect(days.reduce((n, d) => n + d.requests, 0)).toBe(5);
      // 5 x (1,000 x 0.15 + 100 x 0.6) / 1e6 = 5 x 210 / 1e6
      expect(days.reduce((n, d) => n + d.cost, 0)).toBeCloseTo(0.00105, 12);
      expect(new Set(days.flatMap((d) => d.users)).size).toBe(3);
    } finally {
      await store.close();
    }
  });
});
