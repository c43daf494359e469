import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
const dir = process.argv[2];
for (const t of ['crm_customers','erp_customers','erp_orders','support_tickets','product_catalogue','web_events','invoices','equipment_readings'])
  await c.run(`CREATE VIEW ${t} AS SELECT * FROM read_csv('${dir}/${t}.csv', header=true)`);
let sql = process.argv[3];
if (sql.startsWith('@')) { const [file, name] = sql.slice(1).split('#'); sql = parse(readFileSync(file, 'utf8')).checks.find((x) => x.name === name).sql; sql = `SELECT count(*) AS n FROM (${sql})`; }
const r = await c.runAndReadAll(sql);
console.log(JSON.stringify(r.getRowObjectsJson().slice(0, 20)));
