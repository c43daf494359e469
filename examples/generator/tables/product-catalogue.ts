// product_catalogue: the item master (PIM). A third of the items have no description,
// which is what the product-data-enrichment use case is for.
import { DAY_MS, isoDate, isoTimestamp } from '../calendar.js';
import { csvText } from '../csv-writer.js';
import { DEFECTS } from '../defects.js';
import { Random } from '../random.js';
import { money, type Table } from '../table.js';
import type { World } from '../world.js';

export const productCatalogue: Table = {
  name: 'product_catalogue',
  columns: [
    ['sku', 'string'], ['name', 'string'], ['category', 'string'], ['brand', 'string'], ['unit', 'string'],
    ['list_price', 'number'], ['cost_price', 'number'], ['weight_kg', 'number'], ['ean', 'string'], ['description', 'string'],
    ['supplier_id', 'string'], ['active', 'boolean'], ['created_on', 'date'], ['updated_at', 'timestamp'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'product_catalogue');
    for (let k = 0; k < world.sizes.products; k++) {
      const p = world.product(k);
      const costShare = r.chance(DEFECTS.productCostAboveList) ? r.between(1.05, 1.4) : r.between(0.55, 0.8);
      const weight = r.chance(DEFECTS.productWeightMissing) ? '' : p.weightKg.toFixed(3);
      // A wrong check digit: the last digit shifted by 1-9, so it never matches by accident.
      const ean = r.chance(DEFECTS.productEanInvalid) ? p.ean.slice(0, 12) + ((Number(p.ean[12]) + 1 + r.int(9)) % 10) : p.ean;
      const description = r.chance(DEFECTS.productDescriptionMissing)
        ? ''
        : `${p.name} von ${p.brand}, Kategorie ${p.category.id}, Verkaufseinheit ${p.unit}. Für Handwerk und Industrie.`;
      const created = world.todayMs - r.between(30, 3000) * DAY_MS;
      const age = k === 0 ? r.between(0.05, 0.95) * DAY_MS : r.between(0, (world.todayMs - created) / DAY_MS) * DAY_MS;
      yield [
        p.sku, csvText(p.name), p.category.id, p.brand, p.unit, money(p.listPrice), money(p.listPrice * costShare), weight, ean,
        csvText(description), world.suppliers[p.supplierIndex]?.id ?? '', r.chance(0.92) ? 'true' : 'false', isoDate(created), isoTimestamp(world.todayMs - age),
      ].join(',');
    }
  },
};
