// Vitest's global set-up: the WebAssembly modules built from their sources (src/**/*.wat) before
// any test runs, so a test never reads a module older than its source (scripts/build-wasm.mjs
// rebuilds only what is stale; wabt is a devDependency, always there where tests run).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the WebAssembly modules failed:\n${r.stderr}`);
  // Without wabt (node_modules older than package.json) nothing is built: said here, not thrown, so
  // the tests that do not need a module still run; the decoder's tests fail saying it is not built.
  if (r.stderr.includes('wabt is not installed')) console.warn(`${r.stderr.trim()}: run npm ci (wabt is a devDependency)`);
}
