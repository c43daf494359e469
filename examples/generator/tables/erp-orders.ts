// erp_orders: sales-order lines from the ERP, two years up to "today", one row per line
// (order header fields repeated, as ERP reports export them). The big table: --rows sets
// its size, and it is written straight from typed arrays, one line at a time.
import { DAY_MS, HOUR_MS, isoDate, isoTimestamp } from '../calendar.js';
import { skuOf } from '../catalogue.js';
import { DEFECTS } from '../defects.js';
import { Random, weighted } from '../random.js';
import { money, type Table } from '../table.js';
import { COUNTRIES } from '../vocabulary.js';
import { erpIdOf, type World } from '../world.js';

const HISTORY_DAYS = 730;
const pickChannel = weighted([['edi', 35], ['webshop', 30], ['sales_rep', 20], ['phone', 10], ['email', 5]] as const);
const pickReason = weighted([['damaged_in_transit', 35], ['not_needed', 30], ['wrong_item', 20], ['defective', 15]] as const);
const HOME_WAREHOUSE = ['DE1', 'NL1', 'AT1'] as const;

type Status = 'open' | 'shipped' | 'invoiced' | 'cancelled';

function orderStatus(r: Random, ageDays: number): Status {
  const u = r.float();
  if (ageDays < 2) return u < 0.7 ? 'open' : 'shipped';
  if (ageDays < 14) return u < 0.45 ? 'shipped' : u < 0.95 ? 'invoiced' : 'cancelled';
  return u < 0.965 ? 'invoiced' : 'cancelled';
}

/** Hours from order to its last change, by the state the line ended in. */
function lastChangeHours(r: Random, status: string): number {
  if (status === 'open') return r.between(0, 24);
  if (status === 'shipped') return r.between(12, 48);
  if (status === 'cancelled') return r.between(1, 24);
  if (status === 'returned') return r.between(240, 960);
  return r.between(48, 120);
}

export const erpOrders: Table = {
  name: 'erp_orders',
  columns: [
    ['order_id', 'string'], ['line_no', 'integer'], ['customer_no', 'string'], ['order_date', 'date'], ['sku', 'string'],
    ['quantity', 'integer'], ['unit_price', 'number'], ['discount_pct', 'number'], ['line_total', 'number'], ['currency', 'string'],
    ['warehouse', 'string'], ['channel', 'string'], ['status', 'string'], ['return_reason', 'string'], ['delivery_country', 'string'],
    ['delivery_postcode', 'string'], ['weight_kg', 'number'], ['updated_at', 'timestamp'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'erp_orders');
    const n = world.sizes.orderLines;
    const { erpCustomers, products } = world.sizes;
    const start = world.todayMs - HISTORY_DAYS * DAY_MS;
    let line = 0;
    for (let order = 0; line < n; order++) {
      const lines = Math.min(n - line, 1 + Math.floor(r.lognormal(1.6, 0.8)) % 12);
      const t = start + (HISTORY_DAYS * DAY_MS * (line + 0.5 * lines)) / n;
      const ageDays = (world.todayMs - t) / DAY_MS;
      const j = r.skewed(erpCustomers, 2.5);
      const country = COUNTRIES[world.country[j] as number] as string;
      const customerNo = r.chance(DEFECTS.orderUnknownCustomer) ? erpIdOf(world.companies + r.int(5000), country) : erpIdOf(j, country);
      const home = HOME_WAREHOUSE[world.country[j] as number] as string;
      const warehouse = home === 'DE1' || r.chance(0.85) ? home : 'DE1';
      const postcode = r.chance(DEFECTS.orderPostcodeMissing) ? '' : (world.postcode[j] as string);
      const status = orderStatus(r, ageDays);
      const head = `SO-${1000000 + order}`;
      const tail = `EUR,${warehouse},${pickChannel(r)}`;
      const discount = world.discountPct[j] as number;
      for (let l = 1; l <= lines; l++, line++) {
        const unknownSku = r.chance(DEFECTS.orderUnknownSku);
        const k = unknownSku ? products + r.int(500) : r.skewed(products, 1.8);
        const price = unknownSku ? Math.round(r.lognormal(20, 0.8) * 100) / 100 : (world.listPrice[k] as number);
        const unitWeight = unknownSku ? 1 : (world.weightKg[k] as number);
        let qty = Math.min(Math.floor(20000 / price) + 1, Math.max(1, Math.round(r.lognormal(Math.min(200, Math.max(1, 200 / price)), 0.8))));
        let total = Math.round(qty * price * (100 - discount)) / 100;
        if (r.chance(DEFECTS.orderNegativeAmount)) {
          qty = -qty;
          total = -total;
        }
        if (r.chance(DEFECTS.orderAbsurdAmount)) total *= 1000;
        const lineStatus = status === 'invoiced' && r.chance(0.04) ? 'returned' : status;
        const reason = lineStatus === 'returned' ? pickReason(r) : '';
        const updated = Math.min(t + lastChangeHours(r, lineStatus) * HOUR_MS, world.todayMs - 60_000);
        yield `${head},${l},${customerNo},${isoDate(t)},${skuOf(k)},${qty},${money(price)},${discount.toFixed(1)},${money(total)},${tail},${lineStatus},${reason},${country},${postcode},${(qty * unitWeight).toFixed(3)},${isoTimestamp(updated)}`;
      }
    }
  },
};
