// crm_customers: the sales team's CRM. Canonical spelling of names, but free-text
// countries, missing contact data, and some companies entered twice.
import { COUNTRY_VARIANTS, spellingVariant } from '../companies.js';
import { DAY_MS, HOUR_MS, isoDate, isoTimestamp } from '../calendar.js';
import { csvText } from '../csv-writer.js';
import { DEFECTS } from '../defects.js';
import { Random } from '../random.js';
import type { Table } from '../table.js';
import { ACCOUNT_MANAGERS } from '../vocabulary.js';
import { crmIdOf, type World } from '../world.js';

export const crmCustomers: Table = {
  name: 'crm_customers',
  columns: [
    ['customer_id', 'string'], ['company_name', 'string'], ['contact_name', 'string'], ['email', 'string'],
    ['phone', 'string'], ['country', 'string'], ['city', 'string'], ['segment', 'string'],
    ['lifecycle_stage', 'string'], ['account_manager', 'string'], ['created_at', 'date'], ['updated_at', 'timestamp'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'crm_customers');
    const duplicates: number[] = [];
    let first = true;
    for (let i = 0; i < world.companies; i++) {
      if (!world.inCrm(i)) continue;
      if (r.chance(DEFECTS.crmDuplicateRecord)) duplicates.push(i);
      yield row(world, r, i, crmIdOf(i), false, first);
      first = false;
    }
    // The second records were created later, so their ids continue after the master range.
    for (const [k, i] of duplicates.entries()) yield row(world, r, i, crmIdOf(world.companies + k), true, false);
  },
};

function row(world: World, r: Random, i: number, id: string, duplicate: boolean, freshest: boolean): string {
  const c = world.company(i);
  const name = duplicate ? spellingVariant(c, r) : c.name;
  const country = r.chance(DEFECTS.crmCountryVariant) ? r.pick(COUNTRY_VARIANTS[c.country]) : c.country;
  const email = r.chance(DEFECTS.crmEmailMissing) ? '' : c.email;
  const phone = r.chance(DEFECTS.crmPhoneMissing) ? '' : c.phone;
  const lifecycle = i >= world.sizes.erpCustomers ? 'prospect' : r.chance(0.04) ? 'former_customer' : 'customer';
  const created = duplicate ? c.createdMs + r.between(0.2, 1) * (world.todayMs - c.createdMs) : c.createdMs;
  // Records are touched now and then; the first one was edited within the last day, so the
  // table's freshness is "today" however few rows there are.
  const age = freshest ? r.between(0.05, 0.95) * DAY_MS : Math.min(r.lognormal(60, 1.2) * DAY_MS, world.todayMs - created);
  return [
    id, csvText(name), `${c.contactFirst} ${c.contactLast}`, email, phone, csvText(country), c.city, c.segment,
    lifecycle, r.pick(ACCOUNT_MANAGERS), isoDate(created), isoTimestamp(world.todayMs - Math.max(age, HOUR_MS / 60)),
  ].join(',');
}
