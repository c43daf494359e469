// The `json` check's test of one value: it parses as JSON (JSON.parse, RFC 8259) and, when a
// schema is given, matches it (Ajv, JSON Schema draft 2020-12 and draft-07 keywords). SQL
// engines do not agree on what JSON they accept, so every engine sends the column's distinct
// non-null texts with their counts (streamed, see catalogue-checks.ts) and this one function
// judges them: one meaning everywhere.
import { Ajv } from 'ajv';

export function jsonValueTester(schema: Record<string, unknown> | undefined): (text: string) => boolean {
  let validate: ((v: unknown) => boolean) | undefined;
  if (schema !== undefined) {
    // strict: false accepts the unknown keywords older schemas carry (GE's examples do);
    // a schema that cannot compile is refused with Ajv's message.
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      throw new Error(`schema: ${(e as Error).message}`);
    }
  }
  return (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return false;
    }
    return validate === undefined || validate(value) === true;
  };
}
