// Runs the checks of many datasets with a bounded pool (one slow source does not hold up
// the others, and a database is never hit by more than `concurrency` datasets at once).
// Nothing here writes: the caller stores the whole run in one transaction afterwards.
import type { Workspace } from '../domain/workspace.js';
import { failedDatasetRun, runDataset, type DatasetRun, type DatasetTarget } from './run-dataset.js';
import type { SourceConnections } from './source-connections.js';
import { mapPool } from './map-pool.js';

export interface RunChecksInput {
  workspace: Pick<Workspace, 'datasets'>;
  datasetIds: string[];
  connections: SourceConnections;
  now: Date;
  concurrency?: number;
  previousRowCounts?: ReadonlyMap<string, number>;
  /**
   * The caller queries the datasets again after the checks (failing rows): read each text
   * file into its table at once, so those queries see the very rows the checks saw, rather
   * than composing a dataset's queries into one statement over the file (composed-run.ts).
   */
  keepTables?: boolean;
  onProgress?(event: { datasetId: string; done: number; total: number; finished: boolean; run?: DatasetRun }): void;
}

export async function runChecks(input: RunChecksInput): Promise<DatasetRun[]> {
  const byId = new Map(input.workspace.datasets.map((d) => [d.id, d]));
  const resolve = async (id: string): Promise<DatasetTarget | undefined> => {
    const dataset = byId.get(id);
    return dataset ? { dataset, conn: await input.connections.get(dataset.source) } : undefined;
  };
  return mapPool(input.datasetIds, input.concurrency ?? 4, async (id) => {
    const dataset = byId.get(id);
    if (!dataset) throw new Error(`unknown dataset "${id}"`);
    input.onProgress?.({ datasetId: id, done: 0, total: 1, finished: false });
    let run: DatasetRun;
    try {
      const conn = await input.connections.get(dataset.source);
      const previousRowCount = input.previousRowCounts?.get(id);
      run = await runDataset({
        dataset,
        conn,
        resolve,
        now: input.now,
        ...(input.keepTables ? { keepTables: true } : {}),
        ...(previousRowCount !== undefined ? { previousRowCount } : {}),
        onStep: (done, total) => input.onProgress?.({ datasetId: id, done, total, finished: false }),
      });
    } catch (e) {
      run = failedDatasetRun(dataset, e instanceof Error ? e.message : String(e));
    }
    input.onProgress?.({ datasetId: id, done: 1, total: 1, finished: true, run });
    return run;
  });
}
