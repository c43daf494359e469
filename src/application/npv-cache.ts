// The expected NPV a gate's business_case_npv criterion reads, kept between CLI runs in a file
// (`.traction/cache/npv.json` in the workspace), so `traction status` does not run the Monte
// Carlo of every use case each time it starts.
//
// The value is a pure function of the use case, the workspace config (discount rate, horizon,
// draws, seed) and the code that simulates; the key is the SHA-256 of the canonical JSON of
// those three (`contentHash`, as definitions are hashed), the code named by the build's id
// (bin/traction.js: a hash of the sources and the lock file). Any change to one of them is a
// different key, so an entry is never stale, only unused; unused entries age out (oldest first)
// past MAX_ENTRIES. The file is an optimisation: one that is missing, unreadable, corrupt or
// not writable is treated as empty and the NPV simulated, never an error.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { contentHash } from '../workspace/definitions.js';
import { expectedNpv, type NpvSource } from './gates.js';

const FORMAT = 1;
export const MAX_ENTRIES = 2000;

/** Where the CLI keeps the cache for a workspace. */
export function npvCacheFile(workspaceRoot: string): string {
  return path.join(workspaceRoot, '.traction', 'cache', 'npv.json');
}

export interface NpvCache {
  /** The expected NPV of the state's use case under its config: from the file, else simulated. */
  npv: NpvSource;
  /** Writes the entries simulated since the cache was opened (merged with the file as it is now). */
  save(): Promise<void>;
  /** How many NPVs were simulated (misses); for tests and the benchmark's sanity check. */
  readonly simulated: number;
}

type Entries = Map<string, number | null>;

async function readEntries(file: string): Promise<Entries> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== FORMAT) return new Map();
    const entries = (parsed as { entries?: unknown }).entries;
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return new Map();
    const out: Entries = new Map();
    for (const [k, v] of Object.entries(entries)) {
      if (/^[0-9a-f]{64}$/.test(k) && (v === null || (typeof v === 'number' && Number.isFinite(v)))) out.set(k, v);
    }
    return out;
  } catch {
    return new Map();
  }
}

export function npvKey(codeId: string, useCase: UseCase, config: WorkspaceConfig): string {
  return contentHash({ code: codeId, config, useCase });
}

/**
 * A cache over `expectedNpv`. Without a code id (the sources run in-process, as in tests) or
 * without a file it only simulates: a cached value must name the code that made it.
 */
export async function openNpvCache(file: string | undefined, codeId: string | undefined, simulate = expectedNpv): Promise<NpvCache> {
  const known = file && codeId ? await readEntries(file) : new Map<string, number | null>();
  const fresh: Entries = new Map();
  let simulated = 0;
  const npv: NpvSource = async (state) => {
    const key = codeId ? npvKey(codeId, state.useCase, state.config) : undefined;
    if (key !== undefined) {
      const hit = fresh.get(key) ?? known.get(key);
      if (hit !== undefined) return hit ?? undefined;
    }
    simulated += 1;
    const value = await simulate(state.useCase, state.config);
    if (key !== undefined && (value === undefined || Number.isFinite(value))) fresh.set(key, value ?? null);
    return value;
  };
  const save = async () => {
    if (!file || fresh.size === 0) return;
    // Another process may have written since: keep its entries, add ours last (newest).
    const merged = await readEntries(file);
    for (const [k, v] of fresh) {
      merged.delete(k);
      merged.set(k, v);
    }
    const kept = [...merged].slice(-MAX_ENTRIES);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }));
      await rename(tmp, file);
    } catch {
      // Not writable (a read-only checkout): the next run simulates again, which is all it costs.
    }
  };
  return {
    npv,
    save,
    get simulated() {
      return simulated;
    },
  };
}
