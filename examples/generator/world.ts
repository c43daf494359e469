// The fixed facts every table draws on: sizes derived from --rows, "today", and compact
// per-entity arrays (country, discount, price, weight) that the big tables look up per
// row. Arrays of numbers, not rows: memory stays small at 10M+ order lines.
import { type Company, companyAt } from './companies.js';
import { productAt, type Product, supplierAt, type Supplier } from './catalogue.js';
import { DEFECTS } from './defects.js';
import { Random } from './random.js';
import { COUNTRIES } from './vocabulary.js';

export interface Sizes {
  orderLines: number;
  erpCustomers: number;
  prospects: number;
  products: number;
  suppliers: number;
  tickets: number;
  webEvents: number;
  invoices: number;
  equipmentReadings: number;
}

/** Table sizes for --rows order lines; the ratios keep a small run statistically useful. */
export function sizesFor(rows: number): Sizes {
  const erpCustomers = Math.max(20, Math.round(rows / 20));
  return {
    orderLines: rows,
    erpCustomers,
    prospects: Math.round(erpCustomers * 0.15),
    products: Math.max(50, Math.round(rows / 16)),
    suppliers: Math.max(20, Math.round(rows / 200)),
    tickets: Math.max(10, Math.round(rows / 8)),
    webEvents: rows,
    invoices: Math.max(10, Math.round(rows / 5)),
    equipmentReadings: Math.max(10, Math.round(rows / 2)),
  };
}

export class World {
  readonly sizes: Sizes;
  /** ERP customers whose company never made it into the CRM (1 = missing). */
  readonly erpOnly: Uint8Array;
  /** Per company (ERP customers, then CRM-only prospects): index into COUNTRIES. */
  readonly country: Uint8Array;
  readonly discountPct: Float32Array;
  readonly postcode: string[];
  readonly listPrice: Float64Array;
  readonly weightKg: Float64Array;
  readonly suppliers: Supplier[];

  constructor(
    readonly seed: number,
    readonly todayMs: number,
    rows: number,
  ) {
    this.sizes = sizesFor(rows);
    const { erpCustomers, prospects, products } = this.sizes;
    const companies = erpCustomers + prospects;
    this.erpOnly = new Uint8Array(erpCustomers);
    this.country = new Uint8Array(companies);
    this.discountPct = new Float32Array(companies);
    this.postcode = new Array<string>(companies);
    for (let i = 0; i < companies; i++) {
      const c = this.company(i);
      this.country[i] = COUNTRIES.indexOf(c.country);
      this.discountPct[i] = c.discountPct;
      this.postcode[i] = c.postcode;
      if (i < erpCustomers) this.erpOnly[i] = Random.keyed(seed, 'erp-only', i).chance(DEFECTS.erpMissingFromCrm) ? 1 : 0;
    }
    this.listPrice = new Float64Array(products);
    this.weightKg = new Float64Array(products);
    for (let k = 0; k < products; k++) {
      const p = this.product(k);
      this.listPrice[k] = p.listPrice;
      this.weightKg[k] = p.weightKg;
    }
    this.suppliers = Array.from({ length: this.sizes.suppliers }, (_, s) => supplierAt(seed, s));
  }

  get companies(): number {
    return this.sizes.erpCustomers + this.sizes.prospects;
  }

  company(i: number): Company {
    // ERP customers are ranked by size (index 0 is the biggest); prospects are small.
    const rankShare = i < this.sizes.erpCustomers ? i / this.sizes.erpCustomers : 0.35 + 0.65 * ((i * 0.618) % 1);
    return companyAt(this.seed, i, rankShare, this.todayMs);
  }

  product(k: number): Product {
    return productAt(this.seed, k, this.sizes.suppliers);
  }

  inCrm(i: number): boolean {
    return i >= this.sizes.erpCustomers || this.erpOnly[i] === 0;
  }

  /** A company that is in the CRM, skewed towards the big customers. */
  crmCompany(r: Random): number {
    for (;;) {
      const i = r.skewed(this.sizes.erpCustomers, 2.5);
      if (this.inCrm(i)) return i;
    }
  }
}

export const crmIdOf = (i: number) => `C-${String(i + 1).padStart(6, '0')}`;
export const erpIdOf = (i: number, country: string) => `${i + 1}-${country}`;
