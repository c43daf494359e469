#!/usr/bin/env node
// Runs the TypeScript CLI with no build step to remember. Loading some 240 source modules
// through tsx's loader, and all of mathjs, took about 4.5 s per command, so the sources are
// bundled by esbuild into dist/cli/traction.mjs and that file is run; it is rebuilt, in well
// under a second, whenever a source file is newer. Packages stay external except mathjs, of
// which the bundle keeps only the parser (src/domain/formula.ts). Where the bundle cannot be
// written (a read-only install), or when TRACTION_NO_BUNDLE is set, tsx runs the sources as
// before. TRACTION_DEBUG turns on source maps.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'src/cli/main.ts');
// Two folders deep, like src/server/server.ts, so its `../../web/dist` finds the same folder.
const bundle = path.join(root, 'dist/cli/traction.mjs');

if (process.env.TRACTION_DEBUG) process.setSourceMapsEnabled(true);

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function newestSource() {
  // The lock file too: an upgraded mathjs is part of the bundle.
  let newest = Math.max(mtime(path.join(root, 'package.json')), mtime(path.join(root, 'package-lock.json')));
  for (const name of readdirSync(path.join(root, 'src'), { recursive: true })) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, mtime(path.join(root, 'src', name)));
  }
  return newest;
}

async function freshBundle() {
  // Another process may be building too: each writes its own file and renames it into place.
  const tmp = `${bundle}.${process.pid}.tmp`;
  try {
    if (mtime(bundle) >= newestSource()) return bundle;
    const { build } = await import('esbuild');
    const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const external = Object.keys(dependencies).filter((d) => d !== 'mathjs').flatMap((d) => [d, `${d}/*`]);
    mkdirSync(path.dirname(bundle), { recursive: true });
    await build({ entryPoints: [entry], outfile: tmp, bundle: true, platform: 'node', format: 'esm', target: 'node20', external, sourcemap: 'inline', logLevel: 'silent' });
    renameSync(tmp, bundle);
    return bundle;
  } catch {
    rmSync(tmp, { force: true }); // a failed build leaves no half-written file behind
    return undefined;
  }
}

const built = process.env.TRACTION_NO_BUNDLE ? undefined : await freshBundle();
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
