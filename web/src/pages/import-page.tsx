// Import use cases from a spreadsheet: choose the file, see how its columns were understood
// (and change it), see every row with its problems (row and column), then import every row or
// only the good ones. The server reads and checks everything (src/application/imports.ts); the
// file goes with each request, so nothing is kept between the preview and the import.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError, can, type User } from '../api';
import type { ImportBody, ImportReport } from '../api-imports';
import { usePageTitle } from '../page-title';
import { Link } from '../router';

interface Chosen {
  name: string;
  base64: string;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function ImportPage({ user }: { user: User }) {
  usePageTitle('Import use cases');
  const [file, setFile] = useState<Chosen | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [done, setDone] = useState<ImportReport | null>(null);
  const preview = useMutation({
    mutationFn: (b: { file: Chosen; mapping: Record<string, string> }) => api<ImportReport>('/api/imports/use-cases/preview', { method: 'POST', body: { file_name: b.file.name, content_base64: b.file.base64, mapping: b.mapping } }),
  });
  const commit = useMutation({
    mutationFn: (onlyGood: boolean) => api<ImportReport>('/api/imports/use-cases', { method: 'POST', body: { file_name: file!.name, content_base64: file!.base64, mapping, only_good_rows: onlyGood } satisfies ImportBody }),
    onSuccess: (r) => setDone(r),
  });
  if (!can(user, 'contributor')) return <p className="notice">Importing use cases needs the contributor role; ask an admin.</p>;

  const choose = async (f: File | undefined) => {
    setDone(null);
    commit.reset();
    if (!f) return;
    const chosen = { name: f.name, base64: await base64Of(f) };
    setFile(chosen);
    setMapping({});
    preview.mutate({ file: chosen, mapping: {} });
  };
  const remap = (header: string, field: string) => {
    const next = { ...mapping, [header]: field };
    setMapping(next);
    if (file) preview.mutate({ file, mapping: next });
  };
  const r = preview.data;
  const ready = r && r.mapping_problems.length === 0;

  return (
    <>
      <div className="page-head">
        <h1>Import use cases</h1>
        <p className="muted">
          From an Excel workbook (.xlsx) or a CSV file: one use case per row, the first row naming the columns. Each row becomes a proposal, checked as the <Link href="/intake">proposal form</Link> checks it. Nothing is imported until you say so.
        </p>
      </div>
      <label className="file-choice">
        Spreadsheet file
        <input type="file" accept=".xlsx,.csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {preview.isPending && <p className="loading">Reading {file?.name}…</p>}
      {preview.error && (
        <p className="error" role="alert">
          {preview.error.message}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          Imported {done.imported.length} use case{done.imported.length === 1 ? '' : 's'} as proposals{done.bad ? `; ${done.bad} row${done.bad === 1 ? '' : 's'} left out` : ''}. <Link href="/proposals/mine">See them in My proposals</Link>
        </p>
      )}
      {r && !done && (
        <>
          <section aria-labelledby="columns-title">
            <h2 id="columns-title">Columns</h2>
            {r.mapping_problems.map((p) => (
              <p key={p} className="error">
                {p}
              </p>
            ))}
            <div className="table-scroll">
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col" className="nowrap">Column</th>
                    <th scope="col">Heading in the file</th>
                    <th scope="col">Fills</th>
                  </tr>
                </thead>
                <tbody>
                  {r.columns.map((c) => (
                    <tr key={c.column}>
                      <td className="nowrap">{c.column}</td>
                      <td>{c.header}</td>
                      <td>
                        <select aria-label={`What column ${c.column} (${c.header}) fills`} value={c.field ?? ''} onChange={(e) => remap(c.header, e.target.value)}>
                          <option value="">(leave out)</option>
                          {r.fields.map((f) => (
                            <option key={f.field} value={f.field}>
                              {f.label}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {ready && <Rows r={r} />}
          {ready && (
            <div className="import-actions">
              <button type="button" disabled={r.bad > 0 || r.good === 0 || commit.isPending} onClick={() => commit.mutate(false)}>
                Import all {r.rows.length} use cases
              </button>
              {r.bad > 0 && r.good > 0 && (
                <button type="button" className="secondary" disabled={commit.isPending} onClick={() => commit.mutate(true)}>
                  Import the {r.good} good row{r.good === 1 ? '' : 's'}, leave out {r.bad}
                </button>
              )}
            </div>
          )}
          {commit.error && (
            <p className="error" role="alert">
              {commit.error instanceof ApiError ? commit.error.body.message : commit.error.message}
            </p>
          )}
        </>
      )}
    </>
  );
}

function Rows({ r }: { r: ImportReport }) {
  return (
    <section aria-labelledby="rows-title">
      <h2 id="rows-title">
        Rows: {r.good} ready, {r.bad} with problems
      </h2>
      <ul className="import-rows">
        {r.rows.map((row) => (
          <li key={row.row} className={row.ok ? 'ok' : 'bad'}>
            <strong>
              Row {row.row}: {row.title ?? '(no title)'}
            </strong>{' '}
            <span className={row.ok ? 'muted' : 'error'}>{row.ok ? 'ready' : `${row.problems.length} problem${row.problems.length === 1 ? '' : 's'}`}</span>
            {row.problems.length > 0 && (
              <ul>
                {row.problems.map((p, i) => (
                  <li key={i}>
                    {p.column ? `Column ${p.column}${p.header ? ` (${p.header})` : ''}: ` : ''}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
