// A sortable column header: a button (so the keyboard works) with aria-sort on the cell.
// Shared by the tables that sort by column.
import type { Dispatch, SetStateAction } from 'react';

export interface SortState<K extends string> {
  key: K;
  desc: boolean;
}

export function sortHeader<K extends string>(sort: SortState<K>, setSort: Dispatch<SetStateAction<SortState<K>>>) {
  return (key: K, label: string, numeric = false, title?: string) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined} title={title}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
}
