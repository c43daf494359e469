// A sortable column header: a button (so the keyboard works) with aria-sort on the cell.
// Shared by the tables that sort by column. The first click on a column sorts it the way people
// read that column first — numbers biggest first, text A to Z, ranks 1 first — and the arrow and
// aria-sort always state the order the rows are in; a second click turns it round.
import type { Dispatch, SetStateAction } from 'react';

export interface SortState<K extends string> {
  key: K;
  desc: boolean;
}

export function nextSort<K extends string>(s: SortState<K>, key: K, firstDesc: boolean): SortState<K> {
  return s.key === key ? { key, desc: !s.desc } : { key, desc: firstDesc };
}

/** `header(key, label, numeric?, title?, first?)`: `first` defaults to 'desc' for numbers, 'asc' for text. */
export function sortHeader<K extends string>(sort: SortState<K>, setSort: Dispatch<SetStateAction<SortState<K>>>) {
  return (key: K, label: string, numeric = false, title?: string, first: 'asc' | 'desc' = numeric ? 'desc' : 'asc') => {
    const active = sort.key === key;
    return (
      <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined} title={title}>
        <button type="button" className="sort" onClick={() => setSort((s) => nextSort(s, key, first === 'desc'))}>
          {label}
          <span aria-hidden="true" className="sort-arrow">
            {active ? (sort.desc ? ' ▼' : ' ▲') : ''}
          </span>
        </button>
      </th>
    );
  };
}
