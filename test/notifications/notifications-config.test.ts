// The notifications: block of traction.yaml, validated with the rest of the workspace: each
// problem names the file, line and field; a secret written into the file is refused (it must
// be ${env:NAME}); a webhook URL that is not http(s) is refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';

const BASE = `organisation: Testco
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2026-Q2
budget_per_quarter: 100000
teams:
  - { id: data, name: Data team, capacity_person_weeks_per_quarter: 40 }
`;

async function load(notifications: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-notify-config-'));
  writeFileSync(path.join(dir, 'traction.yaml'), `${BASE}${notifications}`);
  return loadWorkspace(dir);
}

describe('notifications: in traction.yaml', () => {
  it('accepts channels whose secrets come from the environment, with defaults filled', async () => {
    const { workspace, problems } = await load(`notifications:
  email: { host: smtp.testco.example, from: "Traction <traction@testco.example>", password: "\${env:SMTP_PASSWORD}" }
  slack: [{ name: ops, url: "\${env:SLACK_WEBHOOK_URL}", kinds: [plan_committed, gate_ready] }]
  webhooks: [{ name: erp, url: "https://erp.testco.example/hooks/traction", secret: "\${env:ERP_WEBHOOK_SECRET}" }]
  digest: { schedule: "30 6 * * 1-5" }
`);
    expect(problems).toEqual([]);
    expect(workspace?.config.notifications).toMatchObject({
      email: { host: 'smtp.testco.example', port: 587, secure: false },
      retry: { max_attempts: 8, base_seconds: 30, cap_seconds: 3600 },
      digest: { schedule: '30 6 * * 1-5' },
      teams: [],
    });
  });

  it('refuses secrets written into the file, other URL schemes and bad values, each located', async () => {
    const { workspace, problems } = await load(`notifications:
  slack:
    - name: ops
      url: https://hooks.slack.com/services/T000/B000/XXXX
  webhooks:
    - name: erp
      url: file:///etc/passwd
      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
    - name: erp
      url: "gopher://internal:70/"
      secret: "\${env:ERP_SECRET}"
      kinds: [everything]
  digest: { schedule: "daily" }
`);
    expect(workspace).toBeUndefined();
    const located = problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`);
    expect(located).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^traction\.yaml:12 notifications\.slack\[0\]\.url: .*\$\{env:NAME\}/),
        expect.stringMatching(/^traction\.yaml:15 notifications\.webhooks\[0\]\.url: .*http/),
        expect.stringMatching(/^traction\.yaml:16 notifications\.webhooks\[0\]\.secret: .*never the value itself/),
        expect.stringMatching(/^traction\.yaml:18 notifications\.webhooks\[1\]\.url: .*http/),
        expect.stringMatching(/^traction\.yaml:20 notifications\.webhooks\[1\]\.kinds\[0\]/),
        expect.stringMatching(/^traction\.yaml:21 notifications\.digest\.schedule: .*cron/),
      ]),
    );
    // The secret itself is not repeated in the messages.
    expect(located.join('\n')).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(located.join('\n')).not.toContain('hooks.slack.com');
  });

  it('refuses two channels of one type with the same name', async () => {
    const { problems } = await load(`notifications:
  teams:
    - { name: board, url: "\${env:A}" }
    - { name: board, url: "\${env:B}" }
`);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`)).toEqual(['traction.yaml:12 notifications.teams[1].name: duplicate channel name "board", found "board" (text)']);
  });
});
