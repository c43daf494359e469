// CSV -> Parquet through embedded DuckDB, with the column types given explicitly: type
// sniffing looks at a sample only and would fail on a defect far down a 10M-row file.
import { DuckDBInstance } from '@duckdb/node-api';
import type { ColumnType, Table } from './table.js';

const DUCKDB_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function csvToParquet(tables: readonly { table: Table; csv: string; parquet: string }[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const { table, csv, parquet } of tables) {
      const columns = `{${table.columns.map(([name, type]) => `${sqlString(name)}: ${sqlString(DUCKDB_TYPE[type])}`).join(', ')}}`;
      await connection.run(
        `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = ${columns})) TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
