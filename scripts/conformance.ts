// `npm run conformance -- DIR [--engines duckdb,postgres]`: every Great Expectations test
// case under DIR through Traction's checks, one line per case, totals per engine.
import { openDuckdbEngine, openPostgresEngine, type OpenEngine } from '../src/readiness/conformance/conformance-engines.js';
import { findDefinitionFiles, runConformance } from '../src/readiness/conformance/ge-runner.js';
import { readEnv } from '../src/env.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const enginesArg = args.includes('--engines') ? (args[args.indexOf('--engines') + 1] ?? '') : 'duckdb,postgres';
if (!dir) {
  process.stderr.write('usage: npm run conformance -- DIR [--engines duckdb,postgres]\n');
  process.exit(2);
}
const env = readEnv();
const files = findDefinitionFiles(dir);
let worst = 1;
for (const name of enginesArg.split(',')) {
  let open: OpenEngine;
  try {
    open = name === 'duckdb' ? await openDuckdbEngine() : await openPostgresEngine(env.TRACTION_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  } catch (e) {
    process.stderr.write(`${name}: cannot open: ${(e as Error).message}\n`);
    process.exit(2);
  }
  try {
    const t = await runConformance(files, open.engine, (line) => process.stdout.write(`${line}\n`), open.tableSchema);
    // The rate is over every case that applies to SQL engines: a case we refuse on purpose or
    // whose expectation we do not offer still applies, and counts as a miss.
    const applying = t.pass + t.fail + t.refused + t.notOffered;
    const rate = applying === 0 ? 1 : t.pass / applying;
    worst = Math.min(worst, rate);
    process.stdout.write(
      `total ${name}: ${t.pass} pass, ${t.fail} fail, ${t.refused} refused on purpose, ${t.notOffered} of expectations not offered (${t.notOfferedTypes.join(', ') || 'none'}); ` +
        `${(rate * 100).toFixed(1)}% of the ${applying} cases for SQL engines pass (refusals and expectations not offered count as misses; ` +
        `${t.notForSql} cases GE marks for other backends only do not apply; ${((100 * t.pass) / (t.pass + t.fail)).toFixed(1)}% of the cases answered)\n`,
    );
  } finally {
    await open.dispose();
  }
}
process.exit(worst >= 0.95 ? 0 : 1);
