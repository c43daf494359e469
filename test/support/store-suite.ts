// One shared suite, run against every store (SQLite, PostgreSQL): each test opens a fresh,
// migrated store and it is disposed after the test. A store that is not available here is a
// reasoned skip (never under CI, where test/support/databases.ts fails instead).
import { afterEach, beforeAll, describe } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { STORE_FACTORIES, type StoreFactory } from './databases.js';

export type OpenStore = (skip: (reason: string) => void) => Promise<Store>;

export function describeEachStore(title: string, body: (open: OpenStore, factory: StoreFactory) => void): void {
  for (const factory of STORE_FACTORIES) {
    describe(`${title} on ${factory.name}`, () => {
      let available = false;
      let current: { store: Store; dispose(): Promise<void> } | undefined;
      beforeAll(async () => {
        available = await factory.available();
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body(async (skip) => {
        if (!available) skip(`${factory.name} is not available here`);
        current = await factory.create();
        return current.store;
      }, factory);
    });
  }
}
