// A process that reads a CSV file on DuckDB with a file of the engine in the process's
// temporary folder (a stand-in for DuckDB's spill file or a transcoded copy, which exist
// only while a query runs) and then, as the first argument says: waits to be killed
// ('wait'), exits normally mid-profile ('exit'), or dies of an uncaught error ('error').
// Used by src/readiness/temp-files.test.ts to prove every exit path leaves nothing behind.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { datasetSchema } from '../../src/domain/dataset.js';
import { createDuckdbInstance, openDuckdbConnection } from '../../src/readiness/connectors/duckdb/connection.js';
import { processTempDir } from '../../src/readiness/temp-files.js';

const [mode, root] = process.argv.slice(2) as [string, string];
writeFileSync(path.join(root, 'people.csv'), 'id,name\n1,Anna\n2,Bert\n');
const instance = await createDuckdbInstance({ roots: [root] });
const conn = openDuckdbConnection(instance, { sourceId: 'files', root });
const relation = await conn.relation(datasetSchema.parse({ id: 'people', source: 'files', path: 'people.csv' }));
await conn.query(`select count(*) from ${relation}`);
writeFileSync(path.join(processTempDir(), 'spill-stand-in.parquet'), 'x');
process.stdout.write(`${JSON.stringify({ pid: process.pid, dir: processTempDir() })}\n`);
if (mode === 'exit') process.exit(0);
if (mode === 'error') throw new Error('planted failure mid-profile');
setInterval(() => undefined, 1000);
