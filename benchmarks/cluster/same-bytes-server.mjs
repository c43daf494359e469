// The same-bytes floor of `npm run bench:cluster`: a bare Node.js HTTP server (node:http, no
// framework, no store, no auth) that answers every GET with one stored answer's bytes and
// headers, as `traction serve` answers GET /api/portfolio from its cache. Run N of them behind
// the same balancer as the replicas and the ratio of 3 to 1 is what the platform (Node.js,
// HAProxy, the kernel, these cores) costs for an answer of that size before Traction does any work.
//
//   node benchmarks/cluster/same-bytes-server.mjs --port P --body FILE --headers JSON
//
// /api/ready and /api/health answer 200 so the balancer's checks pass. Prints "running at URL"
// on stderr once it listens (as `traction serve` does); SIGTERM closes it.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

function fail(message) {
  console.error(`same-bytes-server: ${message}`);
  process.exit(2);
}
let values;
try {
  ({ values } = parseArgs({ options: { port: { type: 'string', default: '0' }, body: { type: 'string' }, headers: { type: 'string', default: '{}' } } }));
} catch (e) {
  fail(e.message);
}
if (!values.body) fail('--body: the file holding the answer is required');
let body, given;
try {
  body = readFileSync(values.body);
} catch (e) {
  fail(`--body ${values.body}: ${e.message}`);
}
try {
  given = JSON.parse(values.headers);
} catch (e) {
  fail(`--headers: not JSON (${e.message})`);
}
const headers = { ...given, 'content-length': String(body.length) };
const server = http.createServer((req, res) => {
  if (req.url === '/api/ready' || req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  res.writeHead(200, headers).end(body);
});
server.listen(Number(values.port), '127.0.0.1', () => console.error(`running at http://127.0.0.1:${server.address().port}`));
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
