// `npm run example:data -- --rows N [--out DIR] [--seed S] [--today YYYY-MM-DD]
//  [--format csv|parquet|both] [--only table,table]`: writes the Northwind example data.
// Without --out it writes to examples/northwind/data-large/ (git-ignored); the committed
// small data set is `--out examples/northwind/data` with every other option at its default.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDay } from './calendar.js';
import { DEFAULTS, generateNorthwind, type GenerateOptions, type OutputFormat, TABLES } from './northwind.js';

const DEFAULT_OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../northwind/data-large');
const USAGE = `usage: npm run example:data -- [--rows N] [--out DIR] [--seed S] [--today YYYY-MM-DD] [--format csv|parquet|both] [--only TABLE,...]
  --rows    order lines to generate; other tables scale with it (default ${DEFAULTS.rows})
  --out     output folder (default examples/northwind/data-large)
  --seed    random seed, an integer (default ${DEFAULTS.seed})
  --today   the generation date; fresh tables end within the day before it (default ${DEFAULTS.today})
  --format  csv, parquet or both (default csv)
  --only    comma-separated tables: ${TABLES.map((t) => t.name).join(', ')}`;

class UsageError extends Error {}

export function parseOptions(argv: string[]): GenerateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' },
      format: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const integer = (name: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name}: expected an integer >= ${min}, found "${text}"`);
    return n;
  };
  const today = values.today ?? DEFAULTS.today;
  if (parseDay(today) === undefined) throw new UsageError(`--today: expected a date as YYYY-MM-DD, found "${today}"`);
  const format = (values.format ?? DEFAULTS.format) as OutputFormat;
  if (!['csv', 'parquet', 'both'].includes(format)) throw new UsageError(`--format: expected csv, parquet or both, found "${format}"`);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((t) => !TABLES.some((x) => x.name === t)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only: unknown table ${unknown.join(', ')} (tables: ${TABLES.map((t) => t.name).join(', ')})`);
  return {
    rows: integer('rows', values.rows, DEFAULTS.rows, 1),
    seed: integer('seed', values.seed, DEFAULTS.seed, 0),
    today,
    out: path.resolve(values.out ?? DEFAULT_OUT),
    format,
    ...(only ? { only } : {}),
  };
}

async function main(): Promise<void> {
  let options: GenerateOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${message ? `${message}\n` : ''}${USAGE}\n`);
    process.exit(e instanceof UsageError && message === '' ? 0 : 2);
  }
  process.stderr.write(`Northwind data: ${options.rows} order lines, seed ${options.seed}, today ${options.today} -> ${options.out}\n`);
  const started = performance.now();
  await generateNorthwind(options, (r) =>
    process.stderr.write(`  ${r.table.padEnd(20)} ${String(r.rows).padStart(11)} rows ${(r.bytes / 1e6).toFixed(1).padStart(8)} MB ${r.seconds.toFixed(1).padStart(6)} s\n`),
  );
  if (options.format !== 'csv') process.stderr.write(`  converted to Parquet\n`);
  process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
