// Who owns a definition, as the use-case and dataset answers of the API say it
// (docs/workspace.md "Who owns a definition").
export interface DefinitionOwnership {
  /** `files`: the workspace files are the truth; `store`: made in the browser, not yet in the files. */
  owner: 'files' | 'store';
  /** Changed in the browser, not yet written into its file. */
  pending_change: boolean;
}
