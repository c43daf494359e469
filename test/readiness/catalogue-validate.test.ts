// `traction validate` refuses a catalogue check the dataset's engine cannot express, at the
// check's line, naming the engine; the same check on an engine that can is no problem.
import { describe, expect, it } from 'vitest';
import { loadWorkspaceFromFiles } from '../../src/workspace/load-workspace.js';
import { formatProblem } from '../../src/workspace/problem.js';

const CONFIG = `organisation: X
currency: EUR
discount_rate: 0.1
horizon_months: 36
start_quarter: 2027-Q1
budget_per_quarter: 100
teams:
  - id: data
    name: Data
    capacity_person_weeks_per_quarter: 50
`;
const dataset = (source: string) => `id: orders
source: ${source}
table: orders
checks:
  - type: row_count
    min: 1
  - type: monotonic
    column: placed_at
    direction: increasing
`;

describe('validate: engine refusals of catalogue checks', () => {
  it('refuses monotonic without order_by on MySQL at the check, naming the engine', () => {
    const files = new Map([
      ['traction.yaml', CONFIG],
      ['sources/shop.yaml', 'id: shop\nkind: mysql\nconnection: ${env:SHOP_URL}\n'],
      ['datasets/orders.yaml', dataset('shop')],
    ]);
    const { workspace, problems } = loadWorkspaceFromFiles('/ws', files);
    expect(workspace).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual(['datasets/orders.yaml:7:5: checks[1]: monotonic needs order_by on MySQL/MariaDB: it keeps no row order of its own']);
  });

  it('accepts it where the engine keeps a row order, and with order_by on MySQL', () => {
    const pg = new Map([
      ['traction.yaml', CONFIG],
      ['sources/shop.yaml', 'id: shop\nkind: postgres\nconnection: ${env:SHOP_URL}\n'],
      ['datasets/orders.yaml', dataset('shop')],
    ]);
    expect(loadWorkspaceFromFiles('/ws', pg).problems).toEqual([]);
    const mysql = new Map([
      ['traction.yaml', CONFIG],
      ['sources/shop.yaml', 'id: shop\nkind: mysql\nconnection: ${env:SHOP_URL}\n'],
      ['datasets/orders.yaml', `${dataset('shop')}    order_by: [id]\n`],
    ]);
    expect(loadWorkspaceFromFiles('/ws', mysql).problems).toEqual([]);
  });
});
