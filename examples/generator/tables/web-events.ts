// web_events: webshop click-stream from the tag manager, the last 90 days. The tracker
// retries on timeouts, so some events arrive twice as exact duplicates.
import { DAY_MS, isoTimestamp } from '../calendar.js';
import { skuOf } from '../catalogue.js';
import { DEFECTS } from '../defects.js';
import { fmix32, hash32, Random, weighted } from '../random.js';
import type { Table } from '../table.js';
import { CATEGORIES, COUNTRIES } from '../vocabulary.js';
import { crmIdOf, type World } from '../world.js';

const HISTORY_DAYS = 90;
const pickEvent = weighted([['page_view', 45], ['product_view', 22], ['search', 15], ['add_to_cart', 9], ['login', 5], ['checkout', 4]] as const);
const pickDevice = weighted([['desktop', 60], ['mobile', 32], ['tablet', 8]] as const);
const SEARCH_TERMS = ['schrauben', 'kabel', 'handschuhe', 'bohrmaschine', 'stretchfolie', 'led', 'pressfitting', 'toner', 'schroeven', 'warnweste'];
const PAGES = ['/', ...CATEGORIES.map(([c]) => `/c/${c.id}`), '/account', '/orders', '/contact'];

const hex8 = (x: number) => x.toString(16).padStart(8, '0');

export const webEvents: Table = {
  name: 'web_events',
  columns: [
    ['event_id', 'string'], ['session_id', 'string'], ['event_time', 'timestamp'], ['event_type', 'string'], ['customer_id', 'string'],
    ['sku', 'string'], ['page', 'string'], ['device', 'string'], ['country', 'string'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'web_events');
    const n = world.sizes.webEvents;
    const start = world.todayMs - HISTORY_DAYS * DAY_MS;
    // fmix32 is a bijection, so hashed counters give unique, random-looking ids.
    const salt = hash32(world.seed, 7);
    let session = -1;
    let customer = '';
    let device = 'desktop';
    let country = 'DE';
    for (let k = 0; k < n; k++) {
      if (session < 0 || r.chance(1 / 6)) {
        session += 1;
        const loggedIn = r.chance(0.4);
        const i = loggedIn ? world.crmCompany(r) : -1;
        customer = loggedIn ? crmIdOf(i) : '';
        country = loggedIn ? (COUNTRIES[world.country[i] as number] as string) : r.pick(['DE', 'DE', 'DE', 'NL', 'AT']);
        device = pickDevice(r);
      }
      const type = pickEvent(r);
      const sku = type === 'product_view' || type === 'add_to_cart' ? skuOf(r.skewed(world.sizes.products, 1.8)) : '';
      const page = type === 'product_view' ? `/p/${sku}` : type === 'search' ? `/search?q=${r.pick(SEARCH_TERMS)}` : type === 'add_to_cart' ? '/cart' : type === 'checkout' ? '/checkout' : type === 'login' ? '/login' : r.pick(PAGES);
      const time = start + (HISTORY_DAYS * DAY_MS * (k + r.float())) / n;
      const line = `ev-${hex8(fmix32((k ^ salt) >>> 0))},s-${hex8(fmix32((session + salt + 0x5bd1e995) >>> 0))},${isoTimestamp(time)},${type},${customer},${sku},${page},${device},${country}`;
      yield line;
      if (r.chance(DEFECTS.webDuplicateRow)) yield line;
    }
  },
};
