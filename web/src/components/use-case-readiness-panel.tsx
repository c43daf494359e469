// Is the data this use case needs ready? Its latest readiness score over the columns it
// declares, by dimension, and where the points were lost (with what to do about it).
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { Score } from '../api-readiness';
import { when } from '../format';
import { Link } from '../router';
import { DimensionChart, scoreClass } from './dimension-chart';

export function UseCaseReadinessPanel({ id, datasets }: { id: string; datasets: string[] }) {
  const [latest, setLatest] = useState<Score | null>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ latest: Score | null }>(`/api/use-cases/${encodeURIComponent(id)}/readiness`).then((r) => setLatest(r.latest), (e: Error) => setError(e.message));
  }, [id]);

  return (
    <section className="panel" aria-labelledby="readiness">
      <h2 id="readiness">
        Data readiness {latest && latest.score !== null && <span className={`score ${scoreClass(latest.score)}`}>{latest.score.toFixed(0)}</span>}
      </h2>
      {error && <p className="error">{error}</p>}
      {latest === null && <p className="muted">No readiness run has checked this use case's data yet{datasets.length ? '' : ', and it declares no datasets'}.</p>}
      {latest && (
        <>
          <p className="muted small">
            Run {latest.run_id}
            {latest.at ? `, ${when(latest.at)}` : ''}; only the columns the use case declares count.
          </p>
          <DimensionChart dimensions={latest.dimensions} />
          {latest.lost.length > 0 && (
            <>
              <h3 className="small muted">Biggest losses</h3>
              <ul className="timeline small">
                {latest.lost.slice(0, 4).map((l) => (
                  <li key={`${l.dataset}/${l.check}`}>
                    <strong>−{l.points.toFixed(1)}</strong> <Link href={`/data/${l.dataset}`}>{l.dataset}</Link>: {l.check} <span className="muted">({l.dimension}) — {l.hint}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {datasets.length > 0 && (
        <p className="small">
          Datasets:{' '}
          {datasets.map((d, i) => (
            <span key={d}>
              {i > 0 && ', '}
              <Link href={`/data/${d}`}>{d}</Link>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
