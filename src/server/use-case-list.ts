// The use-case list, fast. Every request asks the store for its fingerprint (one row the
// database raises with every write to definitions, evidence, decisions and proposals); while it
// is unchanged, an answer already built for the same query is sent as is. When it changes, only
// the bodies whose hash changed are parsed again. The store stays the single source of truth,
// so replicas need no invalidation.
// A use case's stage is the one the decision log says (the latest decision's `to`), else
// the one declared; decisions are part of the fingerprint.
import type { Kysely } from 'kysely';
import type { UseCase } from '../domain/use-case.js';
import type { Database } from '../store/database.js';
import { latestStages } from '../store/decision-repository.js';
import { definitionStamps, getDefinitionsByIds } from '../store/definition-edits.js';
import { storeFingerprint } from '../store/store-fingerprint.js';
import type { UseCaseSummary } from './api-schemas.js';
import { CachedBody } from './cached-body.js';

type Body = Omit<UseCaseSummary, 'version' | 'updated_at' | 'archived'>;

function summarise(u: UseCase): Body {
  return {
    id: u.id,
    title: u.title,
    stage: u.stage,
    owner: u.owner,
    sponsor: u.sponsor,
    department: u.department,
    team: u.team,
    probability_of_success: u.probability_of_success,
    effort_person_weeks: u.effort_person_weeks,
    eu_ai_act: u.risk.eu_ai_act,
    tags: u.tags,
  };
}

export class UseCaseList {
  private readonly bodies = new Map<string, { hash: string; body: Body }>();
  private fingerprint = '';
  private readonly pages = new Map<string, CachedBody>();

  /**
   * The serialised answer for a query, without the `hidden` use cases: from the cache while no
   * definition changed. `fingerprint`: the store's, when the request read it already (request-lookups.ts).
   */
  async page(db: Kysely<Database>, query: ListFilter & { limit: number; offset: number }, stageOrder: (db: Kysely<Database>) => Promise<string[]>, hidden: ReadonlySet<string> = new Set(), fingerprint?: string): Promise<CachedBody> {
    fingerprint ??= await storeFingerprint(db);
    if (fingerprint !== this.fingerprint) {
      this.pages.clear();
      this.fingerprint = fingerprint;
    }
    // Callers who may see different use cases get different answers (proposals: application/proposal-visibility.ts).
    const key = JSON.stringify({ query, hidden: [...hidden].sort() });
    const cached = this.pages.get(key);
    if (cached !== undefined) return cached;
    const items = filterUseCases(await this.all(db), query, await stageOrder(db)).filter((u) => !hidden.has(u.id));
    const page = new CachedBody({ items: items.slice(query.offset, query.offset + query.limit), total: items.length, limit: query.limit, offset: query.offset });
    // Bounded: many distinct queries (searches) must not grow memory without limit.
    if (this.pages.size >= 200) this.pages.clear();
    this.pages.set(key, page);
    return page;
  }

  async all(db: Kysely<Database>): Promise<UseCaseSummary[]> {
    const stamps = await definitionStamps(db, 'use_case');
    const stale = stamps.filter((s) => this.bodies.get(s.id)?.hash !== s.hash).map((s) => s.id);
    for (const d of await getDefinitionsByIds(db, 'use_case', stale)) this.bodies.set(d.id, { hash: d.hash, body: summarise(d.body as UseCase) });
    if (this.bodies.size > stamps.length) {
      const live = new Set(stamps.map((s) => s.id));
      for (const id of this.bodies.keys()) if (!live.has(id)) this.bodies.delete(id);
    }
    const stages = await latestStages(db);
    return stamps.flatMap((s) => {
      const cached = this.bodies.get(s.id);
      return cached ? [{ ...cached.body, stage: stages.get(s.id) ?? cached.body.stage, version: s.version, updated_at: s.updatedAt, archived: s.archivedAt !== null }] : [];
    });
  }
}

export interface ListFilter {
  stage?: string;
  team?: string;
  q?: string;
  includeArchived: boolean;
  sort: 'id' | 'title' | 'updated_at' | 'stage';
}

export function filterUseCases(items: UseCaseSummary[], f: ListFilter, stageOrder: string[]): UseCaseSummary[] {
  const q = f.q?.toLowerCase();
  const rank = new Map(stageOrder.map((s, i) => [s, i]));
  const kept = items.filter(
    (u) =>
      (f.includeArchived || !u.archived) &&
      (f.stage === undefined || u.stage === f.stage) &&
      (f.team === undefined || u.team === f.team) &&
      (q === undefined || [u.id, u.title, u.owner, u.department].some((t) => t.toLowerCase().includes(q))),
  );
  const by: Record<ListFilter['sort'], (a: UseCaseSummary, b: UseCaseSummary) => number> = {
    id: (a, b) => a.id.localeCompare(b.id),
    title: (a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
    updated_at: (a, b) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id),
    stage: (a, b) => (rank.get(a.stage) ?? 99) - (rank.get(b.stage) ?? 99) || a.id.localeCompare(b.id),
  };
  return kept.sort(by[f.sort]);
}
