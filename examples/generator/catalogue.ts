// Products and suppliers of the example company, each derived from (seed, index) alone.
import { Random, weighted } from './random.js';
import { BRANDS, CATEGORIES, type CategorySpec, SUPPLIER_KINDS, SUPPLIER_WORDS } from './vocabulary.js';

export interface Product {
  index: number;
  sku: string;
  name: string;
  category: CategorySpec;
  brand: string;
  unit: string;
  listPrice: number;
  /** True unit weight; the catalogue may leave it empty (a planted defect). */
  weightKg: number;
  supplierIndex: number;
  ean: string;
}

const pickCategory = weighted(CATEGORIES);
export const skuOf = (k: number) => `NW-${100000 + k}`;

/** EAN-13 check digit (GS1 General Specifications, section 7.9.1: weights 1,3,1,3,... from the left). */
export function eanCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function productAt(seed: number, k: number, suppliers: number): Product {
  const r = Random.keyed(seed, 'product', k);
  const category = pickCategory(r);
  const brand = r.pick(BRANDS);
  // list prices from 0.50 to about 1,500 EUR, log-normal around the category median
  const listPrice = Math.min(1500, Math.max(0.5, Math.round(r.lognormal(category.priceMedian, 0.9) * 100) / 100));
  const weightKg = Math.max(0.01, Math.round(r.lognormal(category.weightMedian, 0.7) * 1000) / 1000);
  const prefix = String(400000000000 + r.int(99999999999)); // GS1 Germany range 400-440
  return {
    index: k,
    sku: skuOf(k),
    name: `${brand} ${r.pick(category.nouns)} ${r.pick(category.specs)}`,
    category,
    brand,
    unit: r.pick(category.units),
    listPrice,
    weightKg,
    supplierIndex: r.int(suppliers),
    ean: `${prefix}${eanCheckDigit(prefix)}`,
  };
}

export interface Supplier {
  index: number;
  id: string;
  name: string;
  country: 'DE' | 'NL' | 'AT' | 'IT' | 'PL' | 'CN';
  vatId: string;
  currency: 'EUR' | 'USD';
  /** VAT charged on the invoice: 0 under reverse charge (EU) or for imports. */
  vatRate: number;
  paymentTermsDays: number;
  /** How this supplier numbers its invoices. */
  numberFormat: (n: number, year: number) => string;
}

const pickSupplierCountry = weighted<Supplier['country']>([['DE', 55], ['NL', 12], ['AT', 10], ['IT', 6], ['PL', 7], ['CN', 10]]);
const NUMBER_FORMATS: readonly ((n: number, year: number) => string)[] = [
  (n, y) => `RE-${y}-${String(n).padStart(5, '0')}`,
  (n, y) => `INV/${String(y).slice(2)}/${n}`,
  (n, y) => `F${y}${String(n).padStart(6, '0')}`,
  (n) => `${700000 + n}`,
];

export function supplierAt(seed: number, s: number): Supplier {
  const r = Random.keyed(seed, 'supplier', s);
  const country = pickSupplierCountry(r);
  const word = SUPPLIER_WORDS[s % SUPPLIER_WORDS.length] as string;
  const kind = SUPPLIER_KINDS[Math.floor(s / SUPPLIER_WORDS.length) % SUPPLIER_KINDS.length] as string;
  const round = Math.floor(s / (SUPPLIER_WORDS.length * SUPPLIER_KINDS.length));
  const legal = { DE: 'GmbH', NL: 'B.V.', AT: 'GmbH', IT: 'S.r.l.', PL: 'Sp. z o.o.', CN: 'Co., Ltd.' }[country];
  const digits = (n: number) => Array.from({ length: n }, () => r.int(10)).join('');
  const vatId = { DE: `DE${digits(9)}`, NL: `NL${digits(9)}B01`, AT: `ATU${digits(8)}`, IT: `IT${digits(11)}`, PL: `PL${digits(10)}`, CN: `CN91${digits(14)}` }[country];
  return {
    index: s,
    id: `SUP-${1000 + s}`,
    name: `${word} ${kind}${round > 0 ? ` ${round + 1}` : ''} ${legal}`,
    country,
    vatId,
    currency: country === 'CN' ? 'USD' : 'EUR',
    vatRate: country === 'DE' ? 0.19 : 0,
    paymentTermsDays: r.pick([14, 30, 30, 45, 60]),
    numberFormat: r.pick(NUMBER_FORMATS),
  };
}
