// A person's inbox: what waits for them, collected by providers, one per kind of item.
//   signoff  a gate leading on from a use case's stage asks for a sign-off role the person
//            holds (traction.yaml `roles`) and they have not decided it since the use case
//            entered that stage
//   kpi_due  a KPI with a cadence, of a use case the person owns, whose latest value is
//            older than its cadence (or that has none yet)
//   mention  a comment that mentions the person and that they have not marked read
// A provider is a kind, a label and a function; adding a kind of item is one entry in the
// list (INBOX_PROVIDERS).
//   proposal_review   proposals waiting for a decision, for the portfolio owners
//   proposal_changes  my proposals on which a portfolio owner asked for changes
import type { Kysely } from 'kysely';
import type { Kpi, UseCase } from '../domain/use-case.js';
import type { Workspace } from '../domain/workspace.js';
import { nextGates } from '../gates/stage-machine.js';
import { markMentionRead, mentionsOf } from '../store/comment-repository.js';
import type { Database } from '../store/database.js';
import { latestDecisionTimes, latestKpiDays, signoffsBy } from '../store/inbox-reads.js';
import type { Proposal } from '../domain/proposal.js';
import { NotFoundError } from './errors.js';
import { changesAskedOf, proposalsToReview } from './triage.js';

export interface InboxItem {
  /** The provider's kind: signoff, kpi_due, mention, ... */
  kind: string;
  /** Stable across requests (the dashboard keys lists by it). */
  id: string;
  useCase: string;
  useCaseTitle: string;
  /** What to do, in words. */
  title: string;
  detail: string;
  /** The dashboard page (and place on it) where it is acted on. */
  href: string;
  /** Since when it waits (stage entered, value due, comment written); null when unknown. */
  since: string | null;
}

export interface InboxContext {
  db: Kysely<Database>;
  username: string;
  now: Date;
  /** The applied workspace, read once per inbox however many providers ask. */
  workspace(): Promise<Workspace>;
}

export interface InboxProvider {
  kind: string;
  /** The heading the dashboard shows the kind under. */
  label: string;
  collect(ctx: InboxContext): Promise<InboxItem[]>;
}

const ROLE_WORDS: Record<string, string> = { business_owner: 'business owner', technical_lead: 'technical lead', risk_compliance: 'risk and compliance', final_approver: 'final approver' };
export const roleWords = (role: string) => ROLE_WORDS[role] ?? role.replace(/_/g, ' ');

const useCaseHref = (id: string, place: string) => `/use-cases/${encodeURIComponent(id)}#${place}`;

export const signoffsWaiting: InboxProvider = {
  kind: 'signoff',
  label: 'Sign-offs waiting for you',
  async collect(ctx) {
    const ws = await ctx.workspace();
    const held = Object.entries(ws.config.roles).filter(([, holders]) => holders?.includes(ctx.username)).map(([role]) => role);
    if (held.length === 0) return [];
    const [mine, entered] = await Promise.all([signoffsBy(ctx.db, ctx.username), latestDecisionTimes(ctx.db)]);
    return ws.useCases.flatMap((u) =>
      nextGates(ws.config, u.stage).flatMap((gate) => {
        const asked = gate.criteria.flatMap((c) => (c.kind === 'signoff' ? c.roles : [])).filter((r) => held.includes(r));
        const since = entered.get(u.id);
        const decided = (role: string) => mine.some((s) => s.useCaseId === u.id && s.role === role && s.toStage === gate.to && (since === undefined || s.at >= since));
        return [...new Set(asked)]
          .filter((role) => !decided(role))
          .map((role) => ({
            kind: 'signoff',
            id: `signoff:${u.id}:${gate.to}:${role}`,
            useCase: u.id,
            useCaseTitle: u.title,
            title: `Sign off ${u.title}: ${u.stage} to ${gate.to}, as ${roleWords(role)}`,
            detail: `The gate from ${u.stage} to ${gate.to} asks for the ${roleWords(role)}'s decision.`,
            href: useCaseHref(u.id, 'gate'),
            since: since ?? null,
          }));
      }),
    );
  },
};

const CADENCE_DAYS: Record<NonNullable<Kpi['cadence']>, number> = { weekly: 7, monthly: 31, quarterly: 92 };
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + n * 86_400_000));

/** Whether a KPI's value is due on `today`, and since when: the latest value's day plus the cadence (the first value is due at once). */
export function kpiDue(cadence: NonNullable<Kpi['cadence']>, latest: string | undefined, today: string): { due: boolean; since: string | null } {
  if (latest === undefined) return { due: true, since: null };
  const dueOn = addDays(latest, CADENCE_DAYS[cadence]);
  return { due: dueOn <= today, since: dueOn };
}

export const kpiValuesDue: InboxProvider = {
  kind: 'kpi_due',
  label: 'KPI values due',
  async collect(ctx) {
    const ws = await ctx.workspace();
    const owned = ws.useCases.filter((u) => u.owner === ctx.username && (u.kpis ?? []).some((k) => k.cadence !== undefined));
    const latest = await latestKpiDays(ctx.db, owned.map((u) => u.id));
    const today = day(ctx.now);
    return owned.flatMap((u: UseCase) =>
      u.kpis.flatMap((k) => {
        if (k.cadence === undefined) return [];
        const last = latest.get(`${u.id}\u0000${k.id}`);
        const { due, since } = kpiDue(k.cadence, last, today);
        if (!due) return [];
        return [
          {
            kind: 'kpi_due',
            id: `kpi_due:${u.id}:${k.id}`,
            useCase: u.id,
            useCaseTitle: u.title,
            title: `Record ${k.name} for ${u.title}`,
            detail: last ? `A ${k.cadence} value is due since ${since}; the latest is of ${last}.` : `A ${k.cadence} value is due; none has been recorded yet.`,
            href: useCaseHref(u.id, 'kpis'),
            since,
          },
        ];
      }),
    );
  },
};

export const mentions: InboxProvider = {
  kind: 'mention',
  label: 'Mentions of you',
  async collect(ctx) {
    const ws = await ctx.workspace();
    const titles = new Map(ws.useCases.map((u) => [u.id, u.title]));
    const found = await mentionsOf(ctx.db, ctx.username);
    return found
      .filter((m) => m.readAt === null)
      .map(({ comment: c }) => ({
        kind: 'mention',
        id: `mention:${c.id}`,
        useCase: c.useCaseId,
        useCaseTitle: titles.get(c.useCaseId) ?? c.useCaseId,
        title: `${c.author} mentioned you on ${titles.get(c.useCaseId) ?? c.useCaseId}`,
        detail: c.body.length > 280 ? `${c.body.slice(0, 279)}…` : c.body,
        href: useCaseHref(c.useCaseId, `comment-${c.id}`),
        since: c.createdAt,
      }));
  },
};

function proposalItems(kind: string, read: (db: Kysely<Database>, username: string) => Promise<Proposal[]>, words: (p: Proposal, title: string) => { title: string; detail: string }): InboxProvider['collect'] {
  return async (ctx) => {
    const found = await read(ctx.db, ctx.username);
    if (found.length === 0) return [];
    const titles = new Map((await ctx.workspace()).useCases.map((u) => [u.id, u.title]));
    return found.map((p) => {
      const title = titles.get(p.useCaseId) ?? p.useCaseId;
      return { kind, id: `${kind}:${p.useCaseId}:${p.version}`, useCase: p.useCaseId, useCaseTitle: title, ...words(p, title), href: kind === 'proposal_review' ? '/proposals' : '/proposals/mine', since: p.updatedAt };
    });
  };
}

/** Proposals waiting for a decision, for the portfolio owners traction.yaml names. */
export const proposalsWaiting: InboxProvider = {
  kind: 'proposal_review',
  label: 'Proposals to review',
  collect: proposalItems('proposal_review', proposalsToReview, (p, title) => ({ title: `Review the proposal ${title}`, detail: `proposed by ${p.author}` })),
};

/** The person's own proposals on which a portfolio owner asked for changes. */
export const changesAsked: InboxProvider = {
  kind: 'proposal_changes',
  label: 'Changes asked of your proposals',
  collect: proposalItems('proposal_changes', changesAskedOf, (p, title) => ({ title: `Change your proposal ${title}`, detail: p.comment ?? 'the portfolio owner asked for changes' })),
};

/** Every kind of item, in the order the inbox shows them. */
export const INBOX_PROVIDERS: readonly InboxProvider[] = [signoffsWaiting, proposalsWaiting, changesAsked, kpiValuesDue, mentions];

export interface Inbox {
  items: InboxItem[];
  sections: { kind: string; label: string; count: number }[];
  total: number;
}

/** Collects every provider's items for one person; the oldest waiting first within a kind. */
export async function collectInbox(ctx: Omit<InboxContext, 'workspace'> & { workspace: () => Promise<Workspace> }, providers: readonly InboxProvider[] = INBOX_PROVIDERS): Promise<Inbox> {
  let ws: Promise<Workspace> | undefined;
  const shared: InboxContext = { ...ctx, workspace: () => (ws ??= ctx.workspace()) };
  const lists = await Promise.all(providers.map((p) => p.collect(shared)));
  const byAge = (a: InboxItem, b: InboxItem) => (a.since ?? '').localeCompare(b.since ?? '') || a.id.localeCompare(b.id);
  const items = lists.flatMap((l) => [...l].sort(byAge));
  return { items, sections: providers.map((p, i) => ({ kind: p.kind, label: p.label, count: lists[i]!.length })), total: items.length };
}

/** The person has seen a mention: it leaves their inbox. */
export async function markMentionSeen(db: Kysely<Database>, commentId: string, username: string, now: Date): Promise<void> {
  if (!(await markMentionRead(db, commentId, username, now))) throw new NotFoundError(`no mention of ${username} in comment "${commentId}"`);
}
