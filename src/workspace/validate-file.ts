// Validates the data of one YAML file against a zod schema and turns every zod issue into a
// located Problem: where, which field, what was expected and what was found.
import type { z } from 'zod';
import { formatPath, type Problem } from './problem.js';
import { closest, keysAt, literalsAt } from './schema-keys.js';
import { locate, valueAt, type YamlFile } from './yaml-file.js';

export function describeFound(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}...` : v}" (text)`;
  return `${String(v)} (${typeof v})`;
}

/**
 * A problem in one definition, located by field path only: what the schema and reference
 * checks report, before a workspace file turns it into file:line:column (`validateFile`) or
 * the API into a field of the request body (server/errors.ts).
 */
export interface FieldIssue {
  path: PropertyKey[];
  message: string;
  /** Point at the key rather than its value (an unknown key). */
  keyOf?: boolean;
}

/** Every zod issue of `data` against `schema` as a located, readable issue. */
export function schemaIssues<S extends z.ZodType>(data: unknown, schema: S): { value?: z.infer<S>; issues: FieldIssue[] } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, issues: [] };
  return { issues: result.error.issues.flatMap((issue) => toIssues(data, schema, issue)) };
}

/** A field issue in a parsed file, at its line and column. */
export function problemInFile(f: YamlFile, issue: FieldIssue): Problem {
  return { file: f.file, ...locate(f, issue.path, issue.keyOf === true), path: formatPath(issue.path), message: issue.message };
}

export function validateFile<S extends z.ZodType>(
  f: YamlFile,
  schema: S,
): { value?: z.infer<S>; problems: Problem[] } {
  const { value, issues } = schemaIssues(f.data, schema);
  return { value, problems: issues.map((i) => problemInFile(f, i)) };
}

function toIssues(data: unknown, schema: z.ZodType, issue: z.core.$ZodIssue): FieldIssue[] {
  const path = issue.path as PropertyKey[];
  const found = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
        return { path: [...path, key], keyOf: true, message: `unknown key "${key}"${hint}` };
      });
    }
    case 'invalid_type': {
      if (found === undefined) return [{ path, message: `missing required field (expected ${issue.expected})` }];
      return [{ path, message: `expected ${issue.expected}, found ${describeFound(found)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeFound(found)}` }];
    case 'invalid_union': {
      // A discriminated union with an unknown discriminator, or no option fitting: say
      // which discriminator values exist when zod tells us.
      const note = (issue as { note?: string }).note;
      const disc = (issue as { discriminator?: string }).discriminator;
      if (disc !== undefined) {
        // zod puts the discriminator at the end of the path already.
        const discPath = path[path.length - 1] === disc ? path : [...path, disc];
        const options = literalsAt(schema, discPath);
        const expected = options.length ? `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}` : (note ?? 'no matching option');
        const value = valueAt(data, discPath);
        const hint = typeof value === 'string' ? closest(value, options.map(String)) : undefined;
        return [{ path: discPath, message: `${expected}, found ${describeFound(value)}${hint ? ` (did you mean "${hint}"?)` : ''}` }];
      }
      // Report the issues of the option that got furthest (fewest issues).
      const branches = issue.errors.filter((e) => e.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0];
      if (best && typeof found === 'object' && found !== null)
        return best.flatMap((sub) => toIssues(data, schema, { ...sub, path: [...path, ...sub.path] } as z.core.$ZodIssue));
      return [{ path, message: `expected a number or a range {low, likely, high}, found ${describeFound(found)}` }];
    }
    default: {
      // For a rule over a whole mapping or list (a refinement), "found a mapping" says nothing;
      // a secret written where a ${env:NAME} reference belongs is not repeated in the message.
      const secret = /^a secret /.test(issue.message) || /secret|password/i.test(String(path.at(-1) ?? ''));
      const suffix = (found !== null && typeof found === 'object') || secret ? '' : `, found ${describeFound(found)}`;
      return [{ path, message: `${issue.message}${suffix}` }];
    }
  }
}
