// The questionnaire new rounds open with: the workspace's `assessment/questionnaire.yaml` when
// there is one, else the shipped default. The file is parsed with positions and validated by
// the one questionnaire schema, so every problem names its file, line, column and field.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from '../workspace/problem.js';
import { validateFile } from '../workspace/validate-file.js';
import { parseYamlFile } from '../workspace/yaml-file.js';
import { AssessmentError } from './assessment-error.js';
import { DEFAULT_QUESTIONNAIRE } from './default-questionnaire.js';
import { questionnaireSchema, type Questionnaire } from './questionnaire-schema.js';

export const QUESTIONNAIRE_FILE = 'assessment/questionnaire.yaml';
/** Larger than any sensible questionnaire (the default is about 60 kB); a bigger file is refused unread. */
const MAX_BYTES = 1024 * 1024;

/** The shipped questionnaire, validated (a test proves it is). */
export function defaultQuestionnaire(): Questionnaire {
  return questionnaireSchema.parse(DEFAULT_QUESTIONNAIRE);
}

/** Parses and validates a questionnaire file's text; `file` is how problems name it. */
export function parseQuestionnaire(file: string, text: string): Questionnaire {
  const { parsed, problems } = parseYamlFile(file, text);
  const found = parsed ? validateFile(parsed, questionnaireSchema) : { value: undefined, problems };
  if (found.value !== undefined && found.problems.length === 0) return found.value;
  const issues = found.problems.map((p) => ({ field: p.path, message: formatProblem(p) }));
  throw new AssessmentError('questionnaire_invalid', `${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}: ${issues[0]!.message}`, undefined, issues);
}

export async function loadQuestionnaire(workspaceRoot: string): Promise<{ origin: 'default' | 'workspace'; questionnaire: Questionnaire }> {
  const file = path.join(workspaceRoot, QUESTIONNAIRE_FILE);
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_BYTES) throw new AssessmentError('questionnaire_invalid', `${QUESTIONNAIRE_FILE} is larger than ${MAX_BYTES / 1024} kB`);
    text = buffer.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { origin: 'default', questionnaire: defaultQuestionnaire() };
    throw e;
  }
  return { origin: 'workspace', questionnaire: parseQuestionnaire(QUESTIONNAIRE_FILE, text) };
}
