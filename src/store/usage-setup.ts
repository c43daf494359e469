// What ingest needs from the store: the use cases' telemetry blocks, the price table in the
// stored traction.yaml, and the pseudonymisation key. Built once and kept while no
// definition changes (one aggregate query per batch checks), so replicas need no messages.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { UseCase } from '../domain/use-case.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { Ingestor } from '../usage/ingest-batch.js';
import type { Database } from './database.js';
import { definitionsFingerprint } from './definition-edits.js';
import { getDefinition, listDefinitions } from './definition-repository.js';

const KEY_NAME = 'pseudonym_key';

/**
 * The pseudonymisation key: `envKey` (TRACTION_TELEMETRY_KEY) when set, else one generated
 * once per store (32 random bytes) and kept in usage_settings. Pseudonyms stay stable across
 * replicas and restarts either way.
 */
export async function pseudonymKey(db: Kysely<Database>, envKey: Uint8Array | undefined): Promise<Uint8Array> {
  if (envKey) return envKey;
  const read = () => db.selectFrom('usage_settings').select('value').where('name', '=', KEY_NAME).executeTakeFirst();
  let row = await read();
  if (!row) {
    await db.insertInto('usage_settings').values({ name: KEY_NAME, value: randomBytes(32).toString('hex') }).onConflict((oc) => oc.column('name').doNothing()).execute();
    row = await read();
  }
  return Buffer.from(row!.value, 'hex');
}

export async function loadIngestor(db: Kysely<Database>, envKey: Uint8Array | undefined): Promise<Ingestor> {
  const useCases = (await listDefinitions(db, { kind: 'use_case' })).map((d) => d.body as UseCase);
  const config = (await getDefinition(db, 'config', 'config'))?.body as Partial<WorkspaceConfig> | undefined;
  return new Ingestor({
    rules: useCases.flatMap((u) => (u.telemetry ? [{ useCaseId: u.id, telemetry: u.telemetry }] : [])),
    useCaseIds: new Set(useCases.map((u) => u.id)),
    prices: config?.prices ?? [],
    key: await pseudonymKey(db, envKey),
  });
}

/** The ingestor for the store's current definitions, rebuilt only when they change. */
export class IngestorCache {
  private fingerprint = '';
  private ingestor: Ingestor | undefined;
  constructor(private readonly envKey: Uint8Array | undefined) {}

  private current: Promise<Ingestor> | undefined;

  /**
   * Requests read in the same turn of the event loop share one check of the definitions (a
   * batch of concurrent requests: one query, not one each); the next turn checks again.
   */
  get(db: Kysely<Database>): Promise<Ingestor> {
    if (this.current) return this.current;
    const current = this.load(db);
    this.current = current;
    setImmediate(() => {
      if (this.current === current) this.current = undefined;
    });
    return current;
  }

  private async load(db: Kysely<Database>): Promise<Ingestor> {
    const fingerprint = await definitionsFingerprint(db);
    if (!this.ingestor || fingerprint !== this.fingerprint) {
      this.ingestor = await loadIngestor(db, this.envKey);
      this.fingerprint = fingerprint;
    }
    return this.ingestor;
  }
}
