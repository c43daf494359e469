// invoices: supplier invoices in accounts payable, the last year. Clerks and OCR type the
// invoice date as printed, so the column mixes formats; some invoices arrive twice (PDF,
// then the paper copy) and some totals do not add up.
import { DAY_MS, dmyDate, HOUR_MS, isoDate, isoTimestamp, longDate } from '../calendar.js';
import { csvText } from '../csv-writer.js';
import { DEFECTS } from '../defects.js';
import { Random, weighted } from '../random.js';
import { money, type Table } from '../table.js';
import type { World } from '../world.js';

const HISTORY_DAYS = 365;
const RECENT = 64; // how far back a resubmitted invoice may reach, in invoices
const pickChannel = weighted([['pdf_email', 62], ['edi', 25], ['paper_scan', 13]] as const);

export const invoices: Table = {
  name: 'invoices',
  columns: [
    ['invoice_id', 'string'], ['supplier_id', 'string'], ['supplier_name', 'string'], ['supplier_vat_id', 'string'],
    ['invoice_number', 'string'], ['invoice_date', 'string'], ['due_date', 'date'], ['po_number', 'string'], ['currency', 'string'],
    ['net_amount', 'number'], ['vat_amount', 'number'], ['gross_amount', 'number'], ['channel', 'string'], ['status', 'string'],
    ['received_at', 'timestamp'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'invoices');
    const n = world.sizes.invoices;
    const start = world.todayMs - HISTORY_DAYS * DAY_MS;
    const counters = new Uint32Array(world.suppliers.length);
    const recent: string[] = []; // the supplier part of recent invoices, for resubmissions
    for (let k = 0; k < n; k++) {
      const received = start + (HISTORY_DAYS * DAY_MS * (k + r.float())) / n;
      const ageDays = (world.todayMs - received) / DAY_MS;
      const status = ageDays < 10 && r.chance(0.5) ? 'awaiting_approval' : r.chance(0.04) ? 'disputed' : 'posted';
      let body: string;
      if (recent.length > 0 && r.chance(DEFECTS.invoiceDuplicate)) {
        body = recent[r.int(recent.length)] as string;
      } else {
        body = supplierPart(world, r, counters, received);
        recent.push(body);
        if (recent.length > RECENT) recent.shift();
      }
      yield `AP-${300000 + k},${body},${pickChannel(r)},${status},${isoTimestamp(received)}`;
    }
  },
};

/** Everything the supplier printed on the invoice: identical when it is submitted twice. */
function supplierPart(world: World, r: Random, counters: Uint32Array, received: number): string {
  const s = r.skewed(world.suppliers.length, 2);
  const sup = world.suppliers[s];
  if (!sup) throw new Error(`no supplier ${s}`);
  counters[s] = (counters[s] as number) + 1;
  const issued = received - r.between(0.5, 10) * DAY_MS - r.between(0, 12) * HOUR_MS;
  const year = new Date(issued).getUTCFullYear();
  const u = r.float();
  const date = u < DEFECTS.invoiceDateDayMonthYear ? dmyDate(issued) : u < DEFECTS.invoiceDateDayMonthYear + DEFECTS.invoiceDateLongForm ? longDate(issued) : isoDate(issued);
  const net = Math.min(400000, Math.round(r.lognormal(2500, 1.1) * 100) / 100);
  const vat = Math.round(net * sup.vatRate * 100) / 100;
  // OCR or keying errors: the gross amount is off by a few cents to a few hundred euros.
  const gross = r.chance(DEFECTS.invoiceGrossMismatch) ? net + vat + (r.chance(0.5) ? 1 : -1) * Math.round(r.lognormal(20, 1.5) * 100 + 1) / 100 : net + vat;
  const po = r.chance(DEFECTS.invoicePoMissing) ? '' : `PO-${4500000 + r.int(500000)}`;
  return [
    sup.id, csvText(sup.name), sup.vatId, sup.numberFormat(counters[s] as number, year), date,
    isoDate(issued + sup.paymentTermsDays * DAY_MS), po, sup.currency, money(net), money(vat), money(gross),
  ].join(',');
}
