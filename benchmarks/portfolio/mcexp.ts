import { performance } from 'node:perf_hooks';
import { evaluatePortfolio } from '../../src/portfolio/evaluate-portfolio.js';
import { workspaceConfigSchema } from '../../src/domain/workspace-config.js';
import { syntheticUseCases } from './synthetic.js';
const useCases = syntheticUseCases(200, 7);
const config = workspaceConfigSchema.parse({ organisation: 'bench', currency: 'EUR', discount_rate: 0.1, horizon_months: 36, start_quarter: '2027-Q1', budget_per_quarter: 1, teams: [{ id: 'team-0', name: 't', capacity_person_weeks_per_quarter: 1 }] });
for (let i = 0; i < 3; i++) { const t0 = performance.now(); evaluatePortfolio(useCases, config, { draws: 10_000, seed: 1 }); console.log(((performance.now() - t0) / 1000).toFixed(2)); }
