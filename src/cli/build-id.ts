// The identity of the code that runs, for a cache whose entries depend on it (the NPV cache,
// application/npv-cache.ts). bin/traction.js sets it: in the bundle as an esbuild `define`
// fixed at build time, when it runs the sources as a global set before importing them; both
// are a SHA-256 of the sources and the lock file. Run in-process (tests) it is unset, and a
// cache keyed by it is not used.
declare const TRACTION_BUILD_ID: string | undefined;

export function buildId(): string | undefined {
  return typeof TRACTION_BUILD_ID === 'string' ? TRACTION_BUILD_ID : undefined;
}
