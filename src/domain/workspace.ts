// A loaded workspace: the config plus every definition, keyed by id.
import type { Dataset } from './dataset.js';
import type { Source } from './source.js';
import type { UseCase } from './use-case.js';
import type { WorkspaceConfig } from './workspace-config.js';

export interface Workspace {
  root: string;
  config: WorkspaceConfig;
  useCases: UseCase[];
  datasets: Dataset[];
  sources: Source[];
}

/** The kinds of definition a workspace holds, as stored and as exported. */
export const DEFINITION_KINDS = ['config', 'use_case', 'dataset', 'source'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];
