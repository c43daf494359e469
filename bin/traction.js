#!/usr/bin/env node
// Runs the TypeScript CLI with no build step to remember. Loading some 240 source modules
// through tsx's loader, and all of mathjs, took about 4.5 s per command, so the sources are
// bundled by esbuild into dist/cli/traction.mjs and that file is run; it is rebuilt, in well
// under a second, whenever a source file is newer. Packages stay external except mathjs, of
// which the bundle keeps only the parser (src/domain/formula.ts). Where the bundle cannot be
// written (a read-only install), or when TRACTION_NO_BUNDLE is set, tsx runs the sources as
// before. TRACTION_DEBUG turns on source maps.
//
// The bundle is split (esbuild `splitting`): the entry holds what every command needs
// (argument parsing, the command manifest), and each command's modules sit in chunks loaded
// only when that command runs, so `traction --help` reads a small file, not the whole CLI.
// Chunks are named by their content and live beside the entry (two folders deep, see below).
// Source maps are separate files, read only under TRACTION_DEBUG.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = path.join(root, 'src/cli/main.ts');
// Two folders deep, like src/server/server.ts, so its `../../web/dist` finds the same folder.
// Pure-JS packages that are costly to load as many small files (kysely is some 260 modules)
// go into the bundle too; zod stays external, as fastify-type-provider-zod must see our schemas
// as made by the same zod it imports.
const BUNDLED = new Set(['mathjs', 'kysely']);
const outdir = path.join(root, 'dist/cli');
const bundle = path.join(outdir, 'traction.mjs');

if (process.env.TRACTION_DEBUG) process.setSourceMapsEnabled(true);

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The sources the CLI runs (tests excluded), relative to src/. Walked by hand: readdirSync's
 * `recursive` option cost some 13 ms of CPU on every start, this walk about 1 ms.
 */
function sourceFiles() {
  const files = [];
  const walk = (dir, rel) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(`${rel}${e.name}`);
    }
  };
  walk(path.join(root, 'src'), '');
  return files.sort();
}

function newestSource() {
  // The lock file too: an upgraded mathjs is part of the bundle.
  let newest = Math.max(mtime(path.join(root, 'package.json')), mtime(path.join(root, 'package-lock.json')));
  for (const name of sourceFiles()) newest = Math.max(newest, mtime(path.join(root, 'src', name)));
  return newest;
}

/**
 * TRACTION_BUILD_ID (src/cli/build-id.ts): a SHA-256 of the sources, package.json and the lock
 * file (the versions of the packages the code runs with), so a cache keyed by it (the NPV
 * cache) is never read by code other than the code that wrote it.
 */
async function buildId() {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for (const name of ['package.json', 'package-lock.json']) hash.update(`${name}\0`).update(readFileSync(path.join(root, name))).update('\0');
  for (const name of sourceFiles()) hash.update(`src/${name}\0`).update(readFileSync(path.join(root, 'src', name))).update('\0');
  return hash.digest('hex');
}

async function freshBundle() {
  // Another process may be building too: each builds into its own folder, moves the chunks
  // (same name, same content) beside the entry, and renames the entry into place last.
  const tmp = path.join(root, 'dist', `cli.${process.pid}.tmp`);
  try {
    if (mtime(bundle) >= newestSource()) return bundle;
    const { build } = await import('esbuild');
    const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const external = Object.keys(dependencies).filter((d) => !BUNDLED.has(d)).flatMap((d) => [d, `${d}/*`]);
    await build({
      entryPoints: { traction: entry },
      outdir: tmp,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external,
      define: { TRACTION_BUILD_ID: JSON.stringify(await buildId()) },
      sourcemap: 'linked',
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      logLevel: 'silent',
    });
    mkdirSync(outdir, { recursive: true });
    const files = readdirSync(tmp);
    for (const name of files) if (!name.startsWith('traction.')) renameSync(path.join(tmp, name), path.join(outdir, name));
    for (const name of files) if (name.startsWith('traction.')) renameSync(path.join(tmp, name), path.join(outdir, name));
    pruneChunks(new Set(files));
    return bundle;
  } catch {
    return undefined;
  } finally {
    rmSync(tmp, { recursive: true, force: true }); // a failed build leaves no half-written file behind
  }
}

/** Chunks of earlier builds, once a day old: a process started before the rebuild may still load its own. */
function pruneChunks(current) {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(outdir)) {
    if (name.startsWith('chunk-') && !current.has(name) && mtime(path.join(outdir, name)) < dayAgo) rmSync(path.join(outdir, name), { force: true });
  }
}

const built = process.env.TRACTION_NO_BUNDLE ? undefined : await freshBundle();
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  globalThis.TRACTION_BUILD_ID = await buildId();
  await import('../src/cli/main.ts');
}
