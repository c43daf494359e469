// Vitest's global set-up: the WebAssembly modules built from their sources (src/**/*.wat) before
// any test runs, so a test never reads a module older than its source (scripts/build-wasm.mjs
// rebuilds only what is stale; wabt is a devDependency, always there where tests run).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the WebAssembly modules failed:\n${r.stderr}`);
  // Without wabt the script builds nothing (an install without dev dependencies); tests need the modules.
  if (r.stderr.includes('wabt is not installed')) throw new Error(`${r.stderr.trim()}: run npm ci (wabt is a devDependency)`);
}
