import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The WebAssembly modules built from src/**/*.wat (scripts/build-wasm.mjs), rebuilt when a source is newer.
    globalSetup: ['test/support/build-wasm.ts'],
  },
});
