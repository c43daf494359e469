// Importing use cases from a spreadsheet (POST /api/imports/use-cases/preview and
// /api/imports/use-cases); types are aliases of the ones generated from the API's OpenAPI document.
import type { Answer, Body, Item } from './api';

export type ImportReport = Answer<'/api/imports/use-cases/preview', 'post'>;
export type ImportRow = Item<ImportReport['rows']>;
export type ImportColumn = Item<ImportReport['columns']>;
export type ImportBody = Body<'/api/imports/use-cases', 'post'>;
