// What a generated table is: its columns (with the logical types the dataset definitions
// and the Parquet conversion use) and a row source that yields CSV lines one by one.
import type { World } from './world.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'date' | 'timestamp' | 'boolean';

export interface Table {
  /** File name without extension; also the dataset id in examples/northwind/datasets. */
  name: string;
  columns: readonly (readonly [string, ColumnType])[];
  /** CSV lines without the header, in a fixed order (fields already quoted where needed). */
  rows(world: World): Iterable<string>;
}

export const money = (x: number) => x.toFixed(2);
