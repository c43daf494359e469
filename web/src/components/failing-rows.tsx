// The rows that make one check fail, a page at a time, with the dataset's key first, and a
// link that downloads all of them as a CSV file. Values are shown as text.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { failingRowsCsvHref, failingRowsQuery } from '../api-readiness';

const PAGE = 25;

export function FailingRows({ dataset, check, label }: { dataset: string; check: string; label: string }) {
  const [offset, setOffset] = useState(0);
  const q = useQuery({ ...failingRowsQuery(dataset, check, offset, PAGE), placeholderData: keepPreviousData });
  const headingId = `rows-${dataset}-${check}`.replace(/[^A-Za-z0-9_-]+/g, '-');
  return (
    <section aria-labelledby={headingId} className="failing-rows">
      <h4 id={headingId} className="small">
        Failing rows of “{label}”
      </h4>
      {q.isError && (
        <p className="error small" role="alert">
          {q.error.message}
        </p>
      )}
      {q.isPending && <p className="muted small">Reading the rows from the source…</p>}
      {q.data && q.data.rows.length === 0 && <p className="muted small">{offset === 0 ? 'No row fails this check now: the data may have changed since the run.' : 'No more rows.'}</p>}
      {q.data && q.data.rows.length > 0 && (
        <div style={{ overflowX: 'auto', maxWidth: '100%' }} tabIndex={0} role="region" aria-label={`Failing rows of ${label}, rows ${offset + 1} to ${offset + q.data.rows.length}`}>
          <table className="grid compact">
            <thead>
              <tr>
                {q.data.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((row, i) => (
                <tr key={offset + i}>
                  {row.map((v, j) => (
                    <td key={j} style={{ overflowWrap: 'anywhere' }}>
                      {v === null ? <span className="muted">empty</span> : v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.5rem', marginTop: '0.4rem' }}>
        {q.data && (q.data.rows.length > 0 || offset > 0) && (
          <span className="muted">
            Rows {q.data.rows.length ? offset + 1 : offset}–{offset + q.data.rows.length}
            {q.data.more ? ' (more follow)' : ''}
          </span>
        )}
        <button type="button" className="secondary" style={{ whiteSpace: 'nowrap' }} disabled={offset === 0 || q.isFetching} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous rows
        </button>
        <button type="button" className="secondary" style={{ whiteSpace: 'nowrap' }} disabled={!q.data?.more || q.isFetching} onClick={() => setOffset(offset + PAGE)}>
          Next rows
        </button>
        <a href={failingRowsCsvHref(dataset, check)} download>
          Download all as CSV
        </a>
      </p>
    </section>
  );
}
