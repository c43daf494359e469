// Shapes of the templates resources, as src/server/routes/templates.ts answers them.
export type Quantity = number | { low: number; likely: number; high: number };
export type Basis = { source: string; year: number; url?: string; note: string } | { assumption: string };

export interface TemplateSummary {
  id: string;
  name: string;
  category: 'finance' | 'customer_service' | 'sales' | 'marketing' | 'operations' | 'supply_chain' | 'hr' | 'it';
  summary: string;
  eu_ai_act: 'minimal' | 'limited' | 'high' | 'prohibited';
  skills: string[];
}

export interface TemplateDraft {
  template: string;
  title: string;
  problem: string;
  objective: string;
  department: string;
  value_kind: string;
  build_cost: Quantity;
  run_monthly: Quantity;
  effort_person_weeks: number;
  probability_of_success: number;
  eu_ai_act: string;
  kpi?: { id: string; name: string; unit: string; direction: 'up' | 'down'; target: number; baseline?: number };
  tags: string[];
}

export interface TemplateDetail {
  template: {
    id: string;
    name: string;
    summary: string;
    risk_basis: string;
    basis: Record<string, Basis>;
    use_case: {
      value_streams: { id: string; name: string; kind: string; formula: string; inputs: Record<string, Quantity> }[];
      feasibility?: { skills_required: string[] };
    };
    datasets: { id: string; description: string }[];
  };
  gate_policy: { id: string; name: string };
  intake: TemplateDraft;
}

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
