// support_tickets: the help desk export. The stale table: the nightly export broke
// STALE_TICKETS_DAYS before "today" and nobody noticed, so its newest ticket is months old.
import { DAY_MS, HOUR_MS, isoTimestamp } from '../calendar.js';
import { transliterate } from '../companies.js';
import { csvText } from '../csv-writer.js';
import { DEFECTS, STALE_TICKETS_DAYS } from '../defects.js';
import { Random, weighted } from '../random.js';
import type { Table } from '../table.js';
import { DUTCH_FIRST_NAMES, DUTCH_SURNAMES, GERMAN_FIRST_NAMES, GERMAN_SURNAMES, TICKET_SUBJECTS } from '../vocabulary.js';
import { crmIdOf, type World } from '../world.js';

const HISTORY_DAYS = 540;
const pickChannel = weighted([['email', 55], ['phone', 25], ['web_form', 15], ['chat', 5]] as const);
const pickCategory = weighted([['delivery', 30], ['invoice', 18], ['returns', 14], ['product_quality', 12], ['order_change', 12], ['account', 8], ['other', 6]] as const);
const pickPriority = weighted([['low', 20], ['normal', 60], ['high', 15], ['urgent', 5]] as const);
const pickCsat = weighted([['5', 45], ['4', 30], ['3', 12], ['2', 7], ['1', 6]] as const);
const FREEMAIL = ['gmx.example', 'web.example', 'outlook.example', 'ziggo.example'];

export const supportTickets: Table = {
  name: 'support_tickets',
  columns: [
    ['ticket_id', 'string'], ['customer_id', 'string'], ['requester_email', 'string'], ['created_at', 'timestamp'], ['channel', 'string'],
    ['category', 'string'], ['priority', 'string'], ['status', 'string'], ['subject', 'string'], ['first_response_at', 'timestamp'],
    ['closed_at', 'timestamp'], ['csat', 'integer'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'support_tickets');
    const n = world.sizes.tickets;
    const end = world.todayMs - STALE_TICKETS_DAYS * DAY_MS;
    const start = end - HISTORY_DAYS * DAY_MS;
    for (let k = 0; k < n; k++) {
      const created = start + ((end - start) * (k + r.float())) / n;
      const c = world.company(world.crmCompany(r));
      const unmatched = r.chance(DEFECTS.ticketCustomerMissing);
      const email = unmatched
        ? `${transliterate(r.pick([...GERMAN_FIRST_NAMES, ...DUTCH_FIRST_NAMES])).toLowerCase()}.${transliterate(r.pick([...GERMAN_SURNAMES, ...DUTCH_SURNAMES])).toLowerCase().replace(/[^a-z]/g, '')}@${r.pick(FREEMAIL)}`
        : c.email;
      const category = pickCategory(r);
      const language = r.chance(0.15) ? 'en' : c.country === 'NL' ? 'nl' : 'de';
      const subject = r.pick(TICKET_SUBJECTS[category]?.[language] ?? ['?']).replace('{o}', `SO-${1000000 + r.int(2_000_000)}`);
      // Tickets from the last days before the export broke were still being worked on.
      const daysBeforeEnd = (end - created) / DAY_MS;
      const status = daysBeforeEnd < 2 ? r.pick(['open', 'pending']) : daysBeforeEnd < 7 && r.chance(0.3) ? 'solved' : 'closed';
      const firstResponse = created + r.lognormal(1.5, 1) * HOUR_MS;
      let closed = '';
      if (status === 'closed' || status === 'solved') {
        const backwards = r.chance(DEFECTS.ticketClosedBeforeCreated);
        closed = isoTimestamp(backwards ? created - r.between(1, 48) * HOUR_MS : firstResponse + r.lognormal(18, 1.1) * HOUR_MS);
      }
      const csat = closed !== '' && r.chance(0.3) ? pickCsat(r) : '';
      yield [
        `T-${200000 + k}`, unmatched ? '' : crmIdOf(c.index), email, isoTimestamp(created), pickChannel(r), category,
        pickPriority(r), status, csvText(subject), isoTimestamp(firstResponse), closed, csat,
      ].join(',');
    }
  },
};
