// The expected NPV for the gate commands (status, gate, sign-off, advance): simulated once per
// use case, config and build, then read from the workspace's cache file.
import path from 'node:path';
import { npvCacheFile, openNpvCache, type NpvCache } from '../application/npv-cache.js';
import { buildId } from './build-id.js';
import type { CliContext } from './context.js';

export function cliNpvCache(ctx: CliContext): Promise<NpvCache> {
  return openNpvCache(npvCacheFile(path.resolve(ctx.workspaceDir)), buildId());
}
