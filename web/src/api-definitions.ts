// Who owns a definition, as the use-case and dataset answers of the API say it
// (docs/workspace.md "Who owns a definition"); an alias of the type generated from the API's
// OpenAPI document: `owner` is `files` (the workspace files are the truth) or `store` (made in
// the browser, not yet in the files); `pending_change`: changed in the browser, not yet pulled.
import type { Answer } from './api';

export type DefinitionOwnership = Pick<Answer<'/api/use-cases/{id}'>, 'owner' | 'pending_change'>;
