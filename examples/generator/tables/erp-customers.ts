// erp_customers: the ERP's debtor master. Its own ids (123-DE), its own spelling of names,
// a crm_id link that sales ops maintains by hand (or not), and some customers the CRM
// never heard of.
import { ISO3, spellingVariant } from '../companies.js';
import { DAY_MS, isoDate, isoTimestamp } from '../calendar.js';
import { csvText } from '../csv-writer.js';
import { DEFECTS } from '../defects.js';
import { Random } from '../random.js';
import type { Table } from '../table.js';
import { crmIdOf, erpIdOf, type World } from '../world.js';

export const erpCustomers: Table = {
  name: 'erp_customers',
  columns: [
    ['customer_no', 'string'], ['name', 'string'], ['country_code', 'string'], ['vat_id', 'string'], ['crm_id', 'string'],
    ['payment_terms_days', 'integer'], ['credit_limit', 'number'], ['blocked', 'boolean'], ['created_on', 'date'], ['changed_at', 'timestamp'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'erp_customers');
    for (let i = 0; i < world.sizes.erpCustomers; i++) {
      const c = world.company(i);
      const inCrm = world.inCrm(i);
      const name = inCrm && r.chance(DEFECTS.nameSpellingMismatch) ? spellingVariant(c, r) : c.name;
      const countryCode = r.chance(DEFECTS.erpCountryVariant) ? ISO3[c.country] : c.country;
      const vatId = r.chance(DEFECTS.erpVatMissing) ? '' : c.vatId;
      // A missing company's crm_id may still point at the CRM record deleted in a clean-up.
      const crmId = inCrm ? (r.chance(DEFECTS.crmLinkMissing) ? '' : crmIdOf(i)) : r.chance(DEFECTS.crmLinkDangling) ? crmIdOf(i) : '';
      const terms = c.segment === 'key_account' ? r.pick([30, 45, 60]) : r.pick([14, 30, 30]);
      const limit = Math.round(r.lognormal(c.segment === 'key_account' ? 250000 : c.segment === 'mid_market' ? 60000 : 12000, 0.4) / 1000) * 1000;
      const createdOn = c.createdMs + r.between(0, 20) * DAY_MS;
      const age = i === 0 ? r.between(0.05, 0.95) * DAY_MS : Math.min(r.lognormal(45, 1.3) * DAY_MS, world.todayMs - createdOn);
      yield [
        erpIdOf(i, c.country), csvText(name), countryCode, vatId, crmId, terms, limit.toFixed(2), r.chance(0.03) ? 'true' : 'false',
        isoDate(createdOn), isoTimestamp(world.todayMs - age),
      ].join(',');
    }
  },
};
