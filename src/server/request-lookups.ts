// What a request needs from the store before its handler runs: who is calling (the API token or
// session, and its user) and, for the routes whose answers are cached (the portfolio, the
// roadmap, the use-case list), the store's fingerprint (store/store-fingerprint.ts) that says
// whether a cached answer is still true.
//
// Every request asks the store, so a token revoked, a session ended, a user disabled or a
// definition changed through any replica (or the CLI) is seen by the next request on every
// replica. On PostgreSQL what it asks is one row: the store_revision row (migration 0021), whose
// `content` counter is the fingerprint and whose `access` counter the database raises with every
// write to users, sessions and API tokens. A replica keeps each credential's token or session and
// user with the access revision it was read at, and uses them while the row says that revision
// still holds; otherwise (a credential not seen yet, or any access write since) it reads the
// credential and its user, with the revision row, in one statement. Statements are prepared once
// per connection (node-postgres named statements: https://node-postgres.com/features/queries#prepared-statements)
// on a small pool of this module's own, since Kysely's driver cannot name a statement.
// SQLite runs in-process (no round trips, statements already compiled once: store.ts), so it
// keeps the store's own functions.
//
// Requests at the same time share a lookup, but only one sent after they arrived: the requests
// read in one turn of the event loop share the lookup sent at its end, and while a lookup is in
// flight, requests arriving meanwhile wait for the next one, sent when it ends, for all of them
// (`Coalesced`). The revision row is one lookup for every credential; a credential's own read is
// shared by the requests carrying it. So every answer still reflects the store as it was after
// its request arrived (a write committed before is seen), at most one extra round trip later, and
// a replica sends at most one revision lookup at a time instead of one per request.
import pg from 'pg';
import { toApiToken, findApiTokenByHash, type ApiToken } from '../store/api-token-repository.js';
import type { ApiTokensTable, SessionsTable, UsersTable } from '../store/database.js';
import { findSession, toSession, type Session } from '../store/session-repository.js';
import { formatAccessRevision, formatFingerprint, REVISION_COLUMNS, storeFingerprint } from '../store/store-fingerprint.js';
import { postgresTarget, type Store } from '../store/store.js';
import { getUser, toUser, type User } from '../store/user-repository.js';

/** The credential a request carries: the SHA-256 of an API token or of a session cookie's secret. */
export type Credential = { via: 'token'; hash: string } | { via: 'session'; hash: string };

export interface Found {
  token?: ApiToken;
  session?: Session;
  /** The token's or session's user, when the token or session exists. */
  user?: User;
  /** The store's fingerprint, when asked for. */
  fingerprint?: string;
}

export interface RequestLookups {
  /** The credential's token or session and its user, and the store's fingerprint when `withFingerprint`. */
  find(credential: Credential, withFingerprint: boolean): Promise<Found>;
  close(): Promise<void>;
}

export function requestLookups(store: Store): RequestLookups {
  return store.location.kind === 'postgres' ? keptPrincipals(postgresReads(store.location)) : storeLookups(store);
}

/**
 * Concurrent calls with the same key share one call of `run` sent after they were made. A run is
 * open to callers until it is sent, never after: the first call's run is sent at the end of the
 * event loop's current turn (`setImmediate`), so the requests read from the sockets in the same
 * turn share it; calls that come while a run is in flight (it may have read the store before
 * they came) share the next, sent when that one settles.
 */
export class Coalesced<T> {
  /** Not sent yet: callers may join. */
  private readonly open = new Map<string, Promise<T>>();
  /** Sent: callers wait for the next. */
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, run: () => Promise<T>): Promise<T> {
    const open = this.open.get(key);
    if (open) return open;
    const current = this.inFlight.get(key);
    const sendAt = current ? current.then(noop, noop) : new Promise<void>((resolve) => setImmediate(resolve));
    const made = sendAt.then(() => {
      this.open.delete(key);
      const sent = run();
      this.inFlight.set(key, sent);
      const done = () => {
        if (this.inFlight.get(key) === sent) this.inFlight.delete(key);
      };
      sent.then(done, done);
      return sent;
    });
    this.open.set(key, made);
    return made;
  }
}

const noop = () => undefined;

/** Through the store's own functions: several statements (SQLite runs them in-process). */
function storeLookups(store: Store): RequestLookups {
  return {
    async find(credential, withFingerprint) {
      const found: Found = {};
      if (credential.via === 'token') found.token = await findApiTokenByHash(store.db, credential.hash);
      else found.session = await findSession(store.db, credential.hash);
      const userId = found.token?.userId ?? found.session?.userId;
      if (userId !== undefined) found.user = await getUser(store.db, userId);
      if (withFingerprint) found.fingerprint = await storeFingerprint(store.db);
      return found;
    },
    close: async () => undefined,
  };
}

/** The revision row as read: the fingerprint and the access revision. */
interface Revisions {
  fingerprint: string;
  access: string;
}

/** A credential's token or session and user, without the fingerprint (auth/principal.ts makes the principal of them, per request). */
type CallerRows = Omit<Found, 'fingerprint'>;

/** What the PostgreSQL lookups read: the revision row alone, or a credential with it. */
interface Reads {
  revisions(): Promise<Revisions>;
  credential(credential: Credential): Promise<{ principal: CallerRows; revisions: Revisions }>;
  close(): Promise<void>;
}

/** Credentials kept per replica at most; past this the longest kept is dropped (random tokens sent by a stranger cannot grow it). */
const KEPT_CREDENTIALS = 10_000;

/**
 * A credential's principal is kept with the access revision it was read at and used while the
 * revision row, read after the request arrived, still shows that revision: no user, session or
 * token has been written since (the database raises the revision in the same transaction), so
 * the kept rows are the store's rows. Unknown credentials are kept too (a stranger's repeated
 * tries cost the revision row only). Time-dependent checks (expiry) are the caller's, per request.
 */
function keptPrincipals(reads: Reads): RequestLookups {
  const shared = new Coalesced<Revisions>();
  const byCredential = new Coalesced<{ principal: CallerRows; revisions: Revisions }>();
  const kept = new Map<string, { principal: CallerRows; access: string }>();
  const answer = (principal: CallerRows, revisions: Revisions, withFingerprint: boolean): Found => (withFingerprint ? { ...principal, fingerprint: revisions.fingerprint } : { ...principal });
  return {
    async find(credential, withFingerprint) {
      const key = `${credential.via}:${credential.hash}`;
      const known = kept.get(key);
      if (known) {
        const revisions = await shared.run('', () => reads.revisions());
        if (revisions.access === known.access) return answer(known.principal, revisions, withFingerprint);
      }
      const read = await byCredential.run(key, () => reads.credential(credential));
      // Shared by every request with this credential until the revision moves: frozen, so code
      // that changed one request's principal would fail loudly instead of changing the others'.
      for (const row of [read.principal.token, read.principal.session, read.principal.user]) if (row) Object.freeze(row);
      kept.delete(key);
      if (kept.size >= KEPT_CREDENTIALS) kept.delete(kept.keys().next().value!);
      kept.set(key, { principal: read.principal, access: read.revisions.access });
      return answer(read.principal, read.revisions, withFingerprint);
    },
    close: () => reads.close(),
  };
}

// Columns named, not `*`: a prepared statement whose result columns change under it (a
// migration adding one) fails with "cached plan must not change result type".
const USER_COLUMNS = 'u.id as u_id, u.username as u_username, u.display_name as u_display_name, u.role as u_role, u.must_change_password as u_must_change_password, u.created_at as u_created_at, u.updated_at as u_updated_at, u.disabled_at as u_disabled_at';
const TOKEN_COLUMNS = 'c.id as c_id, c.user_id as c_user_id, c.name as c_name, c.scope as c_scope, c.token_hash as c_token_hash, c.created_at as c_created_at, c.expires_at as c_expires_at, c.revoked_at as c_revoked_at';
const SESSION_COLUMNS = 'c.id_hash as c_id_hash, c.user_id as c_user_id, c.csrf_token as c_csrf_token, c.created_at as c_created_at, c.expires_at as c_expires_at, c.revoked_at as c_revoked_at';
function statement(credential: Credential['via']): pg.QueryConfig<[string]> & { name: string } {
  const [table, key, columns] = credential === 'token' ? ['api_tokens', 'token_hash', TOKEN_COLUMNS] : ['sessions', 'id_hash', SESSION_COLUMNS];
  // One row always (the credential may match none): the revision row, the credential and its user
  // joined to it, read in one snapshot.
  const text = `select ${columns}, ${USER_COLUMNS}, ${REVISION_COLUMNS} from store_revision left join ${table} c on c.${key} = $1::text left join users u on u.id = c.user_id`;
  return { name: `traction_request_${credential}`, text };
}
const STATEMENTS = { token: statement('token'), session: statement('session') } as const;
const REVISIONS = { name: 'traction_request_revisions', text: `select ${REVISION_COLUMNS} from store_revision` } as const;

type Row = Record<string, string | number | null>;

/** The row's columns with prefix `p`, without it. */
function columns<T>(row: Row, p: string): T {
  const out: Record<string, unknown> = {};
  for (const k in row) if (k.startsWith(p)) out[k.slice(p.length)] = row[k];
  return out as T;
}

const revisionsOf = (row: Row): Revisions => ({ fingerprint: formatFingerprint(row), access: formatAccessRevision(row) });

function postgresReads(location: { url: string; schema?: string }): Reads {
  const { url, schema } = postgresTarget(location);
  // Small: one short statement at a time per kind of lookup, so a few connections carry a
  // replica's load; they close when idle and never keep the process alive.
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 4,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    allowExitOnIdle: true,
    ...(schema !== undefined ? { options: `-c search_path="${schema}"` } : {}),
  });
  // An idle client's socket error is re-emitted on the pool; the broken client is dropped and
  // the next request connects anew (as the store's pool does: store.ts).
  pool.on('error', () => undefined);
  return {
    async revisions() {
      const { rows } = await pool.query<Row>(REVISIONS);
      return revisionsOf(rows[0]!);
    },
    async credential(credential) {
      const { rows } = await pool.query<Row>({ ...STATEMENTS[credential.via], values: [credential.hash] });
      const row = rows[0]!;
      const principal: CallerRows = {};
      if (row.c_user_id !== null) {
        if (credential.via === 'token') principal.token = toApiToken(columns<ApiTokensTable>(row, 'c_'));
        else principal.session = toSession(columns<SessionsTable>(row, 'c_'));
      }
      if (row.u_id !== null) principal.user = toUser(columns<UsersTable>(row, 'u_'));
      return { principal, revisions: revisionsOf(row) };
    },
    close: () => pool.end(),
  };
}
