// Importing use cases from a spreadsheet (POST /api/imports/use-cases/preview and
// /api/imports/use-cases); types are aliases of the ones generated from the API's OpenAPI document.
import type { Answer, Body, Item } from './api';

export type ImportReport = Answer<'/api/imports/use-cases/preview', 'post'>;
export type ImportRow = Item<ImportReport['rows']>;
export type ImportColumn = Item<ImportReport['columns']>;
export type ImportBody = Body<'/api/imports/use-cases', 'post'>;

/** The fields a column may fill, as the intake form calls them. */
export const FIELD_LABELS: Record<string, string> = {
  id: 'Id',
  title: 'Title',
  problem: 'Problem',
  objective: 'Objective',
  owner: 'Owner',
  sponsor: 'Sponsor',
  department: 'Department',
  team: 'Team',
  value_kind: 'Kind of value',
  'monthly_value.low': 'Value per month (low)',
  'monthly_value.likely': 'Value per month (likely)',
  'monthly_value.high': 'Value per month (high)',
  build_cost: 'Build cost',
  run_monthly: 'Running cost per month',
  effort_person_weeks: 'Effort in person-weeks',
  probability_of_success: 'Chance of success',
  eu_ai_act: 'EU AI Act risk',
  tags: 'Tags',
};
