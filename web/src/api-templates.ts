// Shapes (aliases of the types generated from the API's OpenAPI document) of the templates resources, as src/server/routes/templates.ts answers them.
import type { Answer, Item } from './api';
export type Quantity = number | { low: number; likely: number; high: number };
export type Basis = { source: string; year: number; url?: string; note: string } | { assumption: string };

export type TemplateSummary = Item<Answer<'/api/templates'>['templates']>;

export type TemplateDraft = TemplateDetail['intake'];

export type TemplateDetail = Answer<'/api/templates/{id}'>;

export const CATEGORY_LABEL: Record<TemplateSummary['category'], string> = {
  finance: 'Finance',
  customer_service: 'Customer service',
  sales: 'Sales',
  marketing: 'Marketing',
  operations: 'Operations',
  supply_chain: 'Supply chain',
  hr: 'HR',
  it: 'IT',
};
