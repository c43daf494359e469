#!/usr/bin/env node
// Builds the WebAssembly modules of the sources (src/**/*.wat) with wabt's wat2wasm (an npm
// devDependency) into dist/wasm/<name>.wasm, where the code that uses them reads them. Run by
// `npm ci` (prepare), `npm run build:wasm` and `npm test`; a module newer than its source is
// left as it is. Today one module: src/readiness/parquet-footer.wat (see parquet-footer.ts).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist/wasm');
const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.wat'))
  .map((f) => path.join(root, 'src', f));

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

const stale = sources.filter((src) => mtime(path.join(outdir, `${path.basename(src, '.wat')}.wasm`)) < mtime(src));
if (stale.length > 0) {
  // wabt is a devDependency: an install without them (--omit=dev) keeps no decoder, and the
  // code that uses it says so and answers another way (parquet-footer.ts: DuckDB's parquet_metadata()).
  const loaded = await import('wabt').catch(() => undefined);
  if (loaded === undefined) {
    process.stderr.write(`wabt is not installed: not building ${stale.map((s) => path.relative(root, s)).join(', ')}\n`);
    process.exit(0);
  }
  const wabt = await loaded.default();
  mkdirSync(outdir, { recursive: true });
  for (const src of stale) {
    const module = wabt.parseWat(path.basename(src), readFileSync(src, 'utf8'));
    try {
      module.validate();
      const { buffer } = module.toBinary({});
      const out = path.join(outdir, `${path.basename(src, '.wat')}.wasm`);
      writeFileSync(`${out}.tmp`, buffer);
      renameSync(`${out}.tmp`, out);
      process.stdout.write(`built ${path.relative(root, out)} (${buffer.length} bytes) from ${path.relative(root, src)}\n`);
    } finally {
      module.destroy();
    }
  }
}
