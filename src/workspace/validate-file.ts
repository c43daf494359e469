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

export function validateFile<S extends z.ZodType>(
  f: YamlFile,
  schema: S,
): { value?: z.infer<S>; problems: Problem[] } {
  const result = schema.safeParse(f.data);
  if (result.success) return { value: result.data, problems: [] };
  const problems: Problem[] = [];
  for (const issue of result.error.issues) problems.push(...issueToProblems(f, schema, issue));
  return { problems };
}

function issueToProblems(f: YamlFile, schema: z.ZodType, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path as PropertyKey[];
  const found = valueAt(f.data, path);
  const at = (p: readonly PropertyKey[], keyOf = false) => ({ file: f.file, ...locate(f, p, keyOf) });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
        return { ...at([...path, key], true), path: formatPath([...path, key]), message: `unknown key "${key}"${hint}` };
      });
    }
    case 'invalid_type': {
      if (found === undefined)
        return [{ ...at(path), path: formatPath(path), message: `missing required field (expected ${issue.expected})` }];
      return [{ ...at(path), path: formatPath(path), message: `expected ${issue.expected}, found ${describeFound(found)}` }];
    }
    case 'invalid_value':
      return [
        {
          ...at(path),
          path: formatPath(path),
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describeFound(found)}`,
        },
      ];
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
        return [{ ...at(discPath), path: formatPath(discPath), message: `${expected}, found ${describeFound(valueAt(f.data, discPath))}` }];
      }
      // Report the issues of the option that got furthest (fewest issues).
      const branches = issue.errors.filter((e) => e.length > 0).sort((a, b) => a.length - b.length);
      const best = branches[0];
      if (best && typeof found === 'object' && found !== null)
        return best.flatMap((sub) => issueToProblems(f, schema, { ...sub, path: [...path, ...sub.path] } as z.core.$ZodIssue));
      return [{ ...at(path), path: formatPath(path), message: `expected a number or a range {low, likely, high}, found ${describeFound(found)}` }];
    }
    default: {
      // For a rule over a whole mapping or list (a refinement), "found a mapping" says nothing.
      const suffix = found !== null && typeof found === 'object' ? '' : `, found ${describeFound(found)}`;
      return [{ ...at(path), path: formatPath(path), message: `${issue.message}${suffix}` }];
    }
  }
}
