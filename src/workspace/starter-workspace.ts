// The files `traction init` writes: a small, commented, valid workspace.
import { schemaComment } from './json-schema.js';

export const STARTER_FILES: Record<string, string> = {
  'traction.yaml': `${schemaComment('config', 0)}
# The organisation and the conventions every business case uses.
organisation: Example Ltd
currency: EUR
discount_rate: 0.10        # annual; cash flows are discounted monthly
horizon_months: 36         # how far business cases look ahead
start_quarter: 2027-Q1     # first quarter of the roadmap
quarters: 8
budget_per_quarter: 250000 # or a list, one amount per quarter
teams:
  - id: data
    name: Data & AI
    capacity_person_weeks_per_quarter: 60
    skills: [ml, data-engineering]
# Who may sign off gates, by role.
roles:
  business_owner: [alice@example.com]
  technical_lead: [bob@example.com]
# stages: and gates: may be given here to replace the default lifecycle
# (idea -> qualified -> poc -> pilot -> production -> scaled, plus on_hold and retired).
`,
  'usecases/invoice-automation.yaml': `${schemaComment('use_case', 1)}
id: invoice-automation
title: Invoice processing automation
problem: Accounts payable keys in 3,000 supplier invoices a month by hand.
objective: Extract and match invoice lines automatically, humans review exceptions only.
owner: alice@example.com
sponsor: cfo@example.com
department: Finance
team: data
stage: idea
value_streams:
  - id: hours-saved
    name: Clerk hours saved
    kind: cost_saving
    # monthly value; names refer to the inputs below
    formula: invoices * minutes_saved / 60 * hourly_cost
    inputs:
      invoices: 3000
      minutes_saved: { low: 4, likely: 6, high: 8 }   # a range: PERT by default
      hourly_cost: 38
costs:
  build: { low: 60000, likely: 80000, high: 120000 }
  run_monthly: 1500
adoption_ramp_months: 6
probability_of_success: 0.8
effort_person_weeks: 24
datasets:
  - dataset: invoices
    columns: [invoice_id, supplier_id, amount, invoice_date]
kpis:
  - id: touchless-rate
    name: Invoices processed without manual keying
    unit: "%"
    direction: up
    baseline: 0
    target: 70
risk:
  eu_ai_act: minimal
tags: [finance]
`,
  'sources/files.yaml': `${schemaComment('source', 1)}
id: files
kind: files
root: data   # relative to the workspace
# A database source references its connection from the environment, never literally:
#   kind: postgres
#   connection: \${env:WAREHOUSE_URL}
`,
  'datasets/invoices.yaml': `${schemaComment('dataset', 1)}
id: invoices
source: files
system: ERP
path: invoices.csv
format: csv
primary_key: [invoice_id]
freshness_column: invoice_date
checks:
  - type: not_null
    column: invoice_id
  - type: unique
    column: invoice_id
`,
  'data/invoices.csv': 'invoice_id,supplier_id,amount,invoice_date\nINV-1,S-1,120.50,2026-10-01\nINV-2,S-2,99.00,2026-10-02\n',
  '.gitignore': '.traction/\n',
};
