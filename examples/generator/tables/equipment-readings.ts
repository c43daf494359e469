// equipment_readings: 60 days of sensor readings from the IoT vendor's trial on the
// forklifts and conveyor lines of the three warehouses. Dead sensors report -999.
import { DAY_MS, isoTimestamp } from '../calendar.js';
import { DEFECTS } from '../defects.js';
import { Random, weighted } from '../random.js';
import type { Table } from '../table.js';
import type { World } from '../world.js';

const HISTORY_DAYS = 60;
const pickStatus = weighted([['ok', 95], ['warning', 4], ['fault', 1]] as const);

interface Unit {
  id: string;
  type: 'forklift' | 'conveyor' | 'sorter';
  warehouse: string;
  baseHours: number;
  hoursPerDay: number;
}

/** The fleet: 20 + 14 + 11 forklifts, 3 + 2 + 2 conveyor lines, 1 sorter in Dortmund. */
export function fleet(seed: number): Unit[] {
  const units: Unit[] = [];
  const add = (warehouse: string, type: Unit['type'], count: number, prefix: string) => {
    for (let i = 1; i <= count; i++) {
      const r = Random.keyed(seed, `unit-${warehouse}-${type}`, i);
      units.push({ id: `${prefix}-${warehouse}-${String(i).padStart(3, '0')}`, type, warehouse, baseHours: Math.round(r.between(2000, 18000)), hoursPerDay: r.between(type === 'forklift' ? 6 : 14, type === 'forklift' ? 14 : 22) });
    }
  };
  add('DE1', 'forklift', 20, 'FL');
  add('NL1', 'forklift', 14, 'FL');
  add('AT1', 'forklift', 11, 'FL');
  add('DE1', 'conveyor', 3, 'CV');
  add('NL1', 'conveyor', 2, 'CV');
  add('AT1', 'conveyor', 2, 'CV');
  add('DE1', 'sorter', 1, 'SO');
  return units;
}

export const equipmentReadings: Table = {
  name: 'equipment_readings',
  columns: [
    ['reading_id', 'integer'], ['equipment_id', 'string'], ['equipment_type', 'string'], ['warehouse', 'string'], ['reading_time', 'timestamp'],
    ['temperature_c', 'number'], ['vibration_mm_s', 'number'], ['battery_pct', 'number'], ['operating_hours', 'number'], ['error_code', 'string'],
    ['status', 'string'],
  ],
  *rows(world: World) {
    const r = Random.stream(world.seed, 'equipment_readings');
    const units = fleet(world.seed);
    const n = world.sizes.equipmentReadings;
    const start = world.todayMs - HISTORY_DAYS * DAY_MS;
    for (let k = 0; k < n; k++) {
      const u = units[r.int(units.length)] as Unit;
      const time = start + (HISTORY_DAYS * DAY_MS * (k + r.float())) / n;
      const forklift = u.type === 'forklift';
      const temperature = r.chance(DEFECTS.equipmentSentinel) ? -999 : (forklift ? 48 : 40) + r.normal() * 5;
      const vibration = r.lognormal(forklift ? 3.5 : 2.2, 0.35);
      const status = pickStatus(r);
      const error = status === 'ok' ? '' : `E-${r.pick([101, 114, 203, 311, 402])}`;
      const hours = u.baseHours + ((time - start) / DAY_MS) * u.hoursPerDay;
      yield [
        1 + k, u.id, u.type, u.warehouse, isoTimestamp(time), temperature.toFixed(1), vibration.toFixed(2),
        forklift ? r.between(8, 100).toFixed(0) : '', hours.toFixed(1), error, status,
      ].join(',');
    }
  },
};
