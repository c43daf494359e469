// The use-case list, fast. Each request reads only (id, hash, version) from the store and
// parses just the bodies that changed since this replica last saw them, so the store stays
// the single source of truth (replicas need no invalidation) while a 500-item list costs
// one light query instead of 500 JSON parses.
import type { Kysely } from 'kysely';
import type { UseCase } from '../domain/use-case.js';
import type { Database } from '../store/database.js';
import { definitionStamps, getDefinitionsByIds } from '../store/definition-edits.js';
import type { UseCaseSummary } from './api-schemas.js';

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

  async all(db: Kysely<Database>): Promise<UseCaseSummary[]> {
    const stamps = await definitionStamps(db, 'use_case');
    const stale = stamps.filter((s) => this.bodies.get(s.id)?.hash !== s.hash).map((s) => s.id);
    for (const d of await getDefinitionsByIds(db, 'use_case', stale)) this.bodies.set(d.id, { hash: d.hash, body: summarise(d.body as UseCase) });
    if (this.bodies.size > stamps.length) {
      const live = new Set(stamps.map((s) => s.id));
      for (const id of this.bodies.keys()) if (!live.has(id)) this.bodies.delete(id);
    }
    return stamps.flatMap((s) => {
      const cached = this.bodies.get(s.id);
      return cached ? [{ ...cached.body, version: s.version, updated_at: s.updatedAt, archived: s.archivedAt !== null }] : [];
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
