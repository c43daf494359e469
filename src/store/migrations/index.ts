// Forward-only migrations, in order. Add a new file and a line here; never edit a landed one.
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-helpers.js';
import * as m0001 from './0001-foundation.js';
import * as m0004 from './0004-gates.js';
import * as m0003 from './0003-impact.js';
import * as m0005 from './0005-bench-runs.js';
import * as m0007 from './0007-accounts.js';
import * as m0002 from './0002-readiness.js';
import * as m0008 from './0008-append-only-rewrites.js';
import * as m0009 from './0009-usage.js';
import * as m0010 from './0010-assessment.js';
import * as m0011 from './0011-pulse.js';
import * as m0012 from './0012-definition-owners.js';
import * as m0013 from './0013-proposals.js';
import * as m0014 from './0014-funding.js';
import * as m0015 from './0015-comments.js';
import * as m0016 from './0016-notifications.js';
import * as m0017 from './0017-job-runs.js';
import * as m0019 from './0019-usage-alerts.js';
import * as m0020 from './0020-idempotency-keys.js';
import * as m0021 from './0021-store-revision.js';

export interface Migration {
  up(db: Kysely<unknown>, dialect: MigrationDialect): Promise<void>;
}

export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0004-gates': m0004,
  '0003-impact': m0003,
  '0005-bench-runs': m0005,
  '0007-accounts': m0007,
  '0002-readiness': m0002,
  '0008-append-only-rewrites': m0008,
  '0009-usage': m0009,
  '0010-assessment': m0010,
  '0011-pulse': m0011,
  '0012-definition-owners': m0012,
  '0013-proposals': m0013,
  '0014-funding': m0014,
  '0015-comments': m0015,
  '0016-notifications': m0016,
  '0017-job-runs': m0017,
  '0019-usage-alerts': m0019,
  '0020-idempotency-keys': m0020,
  '0021-store-revision': m0021,
};
