// The shipped questionnaire is valid and complete (8 pillars, 5 to 8 items each, five levels
// per item, every framework cited among its sources); a workspace's override is validated by
// the same schema with every problem located at file:line:column.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AssessmentError } from './assessment-error.js';
import { ACTION_CATALOGUE } from './action-catalogue.js';
import { defaultQuestionnaire, loadQuestionnaire, parseQuestionnaire, QUESTIONNAIRE_FILE } from './load-questionnaire.js';
import { responseInputSchema } from './questionnaire-schema.js';

describe('the shipped questionnaire', () => {
  const q = defaultQuestionnaire();

  it('has the eight pillars, 5 to 8 items each with five distinct level descriptions, and positive weights', () => {
    expect(q.pillars.map((p) => p.id)).toEqual(['strategy', 'value', 'data', 'technology', 'governance', 'talent', 'culture', 'security']);
    for (const p of q.pillars) {
      expect(p.items.length, p.id).toBeGreaterThanOrEqual(5);
      expect(p.items.length, p.id).toBeLessThanOrEqual(8);
      expect(p.frameworks.length, p.id).toBeGreaterThan(0);
      for (const item of p.items) {
        expect(item.id.startsWith(`${p.id}.`), item.id).toBe(true);
        expect(new Set(item.levels).size, item.id).toBe(5);
        expect(item.weight).toBeGreaterThan(0);
      }
    }
    expect(q.maturity_model.levels.map((l) => l.name)).toEqual(['Awareness', 'Active', 'Operational', 'Systemic', 'Transformational']);
  });

  it('cites its frameworks with publisher and year', () => {
    expect(q.sources.map((s) => `${s.publisher} ${s.year}`)).toEqual(expect.arrayContaining(['Cisco 2024', 'Gartner 2018', 'Microsoft 2024', 'NIST 2023']));
  });

  it('every pillar has recommended actions in the catalogue, and every catalogued action belongs to a pillar', () => {
    const pillars = new Set(q.pillars.map((p) => p.id));
    for (const p of pillars) expect(ACTION_CATALOGUE.filter((a) => a.pillar === p).length, p).toBeGreaterThanOrEqual(2);
    for (const a of ACTION_CATALOGUE) expect(pillars.has(a.pillar), a.id).toBe(true);
    expect(new Set(ACTION_CATALOGUE.map((a) => a.id)).size).toBe(ACTION_CATALOGUE.length);
  });
});

describe("a workspace's questionnaire", () => {
  const workspace = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traction-questionnaire-'));
    mkdirSync(path.join(dir, 'assessment'));
    return dir;
  };

  it('is the default when the workspace has none, and the file when it has one', async () => {
    const dir = workspace();
    expect((await loadQuestionnaire(dir)).origin).toBe('default');
    const own = { ...defaultQuestionnaire(), id: 'ours', pillars: defaultQuestionnaire().pillars.slice(0, 2) };
    writeFileSync(path.join(dir, QUESTIONNAIRE_FILE), stringify(own));
    const loaded = await loadQuestionnaire(dir);
    expect(loaded.origin).toBe('workspace');
    expect(loaded.questionnaire.id).toBe('ours');
    expect(loaded.questionnaire.pillars.map((p) => p.id)).toEqual(['strategy', 'value']);
  });

  it('names every problem with file, line, column and field', () => {
    const text = [
      'id: ours',
      'title: Our assessment',
      'version: 1',
      'maturity_model:',
      '  source: nowhere',
      '  levels: []',
      'sources:',
      '  - { id: s, title: A source, publisher: Me, year: 2024 }',
      'pillars:',
      '  - id: data',
      '    name: Data',
      '    description: All about data here',
      '    wieght: 2',
      '    items:',
      '      - id: data.quality',
      '        text: Is quality measured at all?',
      '        levels: [one, two, three, four]',
      '      - id: data.quality',
      '        text: Is quality measured again?',
      '        weight: -1',
      '        levels: [one, two, three, four, five]',
    ].join('\n');
    let error: AssessmentError | undefined;
    try {
      parseQuestionnaire(QUESTIONNAIRE_FILE, text);
    } catch (e) {
      error = e as AssessmentError;
    }
    expect(error).toBeInstanceOf(AssessmentError);
    expect(error!.code).toBe('questionnaire_invalid');
    const messages = error!.issues!.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^assessment\/questionnaire\.yaml:6:\d+: maturity_model\.levels: /),
        expect.stringMatching(/^assessment\/questionnaire\.yaml:13:5: pillars\[0\]\.wieght: unknown key "wieght" \(did you mean "weight"\?\)/),
        expect.stringMatching(/^assessment\/questionnaire\.yaml:17:\d+: pillars\[0\]\.items\[0\]\.levels: /),
        expect.stringMatching(/^assessment\/questionnaire\.yaml:20:17: pillars\[0\]\.items\[1\]\.weight: a weight above 0/),
      ]),
    );
  });

  it('a YAML syntax error is located too, and nothing else is read', () => {
    expect(() => parseQuestionnaire(QUESTIONNAIRE_FILE, 'id: [unclosed\n')).toThrow(/questionnaire\.yaml:\d+:\d+: YAML syntax error/);
  });
});

describe('a response', () => {
  it('refuses an item answered twice and a level out of range, naming each', () => {
    const r = responseInputSchema.safeParse({ group: 'staff', answers: [{ item: 'a', level: 3 }, { item: 'b', level: 6 }, { item: 'a', level: 2 }, { item: 'c', level: 2.5 }] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining(['answers.1.level: a level from 1 to 5', 'answers.3.level: a whole level, 1 to 5', 'answers.2.item: item "a" is answered twice (also at answers.0)']));
  });
});
