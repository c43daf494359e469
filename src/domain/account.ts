// Who may do what on the server: the four roles (each includes the ones before it) and
// the scopes of API tokens. The permission table itself lives here so the API, the
// dashboard and the docs read one list.
import { z } from 'zod';

export const ROLES = ['viewer', 'contributor', 'approver', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

// `ingest`: a token for a model service or an OpenTelemetry Collector, which may send
// telemetry (POST /v1/traces) and nothing else, not even read: it sits in a service's
// configuration, where it is more exposed than a person's token.
export const TOKEN_SCOPES = ['read', 'write', 'ingest'] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/**
 * The least role an action needs, and whether it changes anything (a read-scoped token may
 * only use actions that do not). Roles are ordered: a higher role may do all a lower may.
 */
export const PERMISSIONS = {
  read: { role: 'viewer', write: false },
  'account.own': { role: 'viewer', write: true },
  'use_case.create': { role: 'contributor', write: true },
  'use_case.update': { role: 'contributor', write: true },
  // Triage of proposals: the action also asks that the caller be a portfolio owner (traction.yaml roles).
  'proposal.review': { role: 'contributor', write: true },
  'kpi.record': { role: 'contributor', write: true },
  // Commenting on a use case (and mentioning people): everyone with an account takes part.
  'comment.add': { role: 'viewer', write: true },
  signoff: { role: 'approver', write: true },
  // Moving a use case on through a passed gate (an override needs more: the final approver of
  // traction.yaml or an admin, checked on the body by src/application/gates.ts).
  'gate.advance': { role: 'approver', write: true },
  // Answering the production-readiness rubric: the AI lead's evidence, as KPI values are.
  'rubric.answer': { role: 'contributor', write: true },
  'readiness.run': { role: 'approver', write: true },
  'use_case.archive': { role: 'admin', write: true },
  // Roadmap scenarios are drafts anyone who proposes use cases may write; committing one is a
  // funding decision, taken by an approver (the account role sponsors and business owners hold).
  'roadmap.scenario': { role: 'contributor', write: true },
  'funding.commit': { role: 'approver', write: true },
  // Answering the readiness assessment as oneself: anyone with an account may.
  'assessment.respond': { role: 'viewer', write: true },
  // Opening and closing assessment rounds and handing out invitation links to people without an account.
  'assessment.manage': { role: 'admin', write: true },
  // Sending telemetry adds to usage aggregates only; an ingest token may do this and nothing else.
  'telemetry.ingest': { role: 'contributor', write: true },
  // Writing SQL into a definition (a KPI's measure.sql): that SQL runs later on the machine
  // and with the database credentials of whoever refreshes KPIs, so it is as much as running
  // SQL there. Admins only: they hold the sources' credentials already; contributors and
  // approvers propose and edit use cases without it. Checked on the body, not the route.
  'sql.author': { role: 'admin', write: true },
  // Importing datasets from a dbt manifest: their checks (and a test's `where` filter, SQL)
  // run later against the sources with their credentials, as a dataset file's do. Admins only.
  'dataset.import': { role: 'admin', write: true },
  // The notification delivery log (recipients, channels, errors) and retrying a dead letter.
  'notification.log': { role: 'admin', write: false },
  'notification.retry': { role: 'admin', write: true },
  'user.read': { role: 'admin', write: false },
  // Scheduled jobs: seeing their runs and errors (which can name sources and tables), and
  // starting one at once (it loads the sources as a readiness run does).
  'job.read': { role: 'admin', write: false },
  'job.run': { role: 'admin', write: true },
  'user.manage': { role: 'admin', write: true },
} as const satisfies Record<string, { role: Role; write: boolean }>;
export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission].role);
}

export function isWritePermission(permission: Permission): boolean {
  return PERMISSIONS[permission].write;
}

/** Whether a token of `scope` may use a route needing `permission` (the role is checked apart). */
export function scopeAllows(scope: TokenScope, permission: Permission): boolean {
  if (scope === 'ingest') return permission === 'telemetry.ingest';
  if (scope === 'read') return !isWritePermission(permission);
  return true;
}

/** A username; an e-mail address is one too, so it can match a sign-off role holder in traction.yaml `roles`. */
export const usernameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9._@+-]{1,63}$/, 'a username: 2-64 lower-case letters, digits, ".", "_", "-", "@" or "+", starting with a letter (an e-mail address works)');

/** Passwords: long enough to resist guessing; no composition rules (NIST SP 800-63B 5.1.1). */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters');
