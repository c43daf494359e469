// The questionnaire Traction ships (TypeScript data rather than a YAML file beside the code,
// so the bundled CLI carries it). A workspace replaces it with assessment/questionnaire.yaml
// (same schema; `traction assess questionnaire --yaml` prints this one as a starting point).
//
// Pillars follow the published frameworks: the Cisco AI Readiness Index's six pillars
// (strategy, infrastructure, data, governance, talent, culture), with value split from
// strategy as Gartner's AI maturity work does (value is where mid-market programmes stall),
// and security apart as Microsoft's Cloud Adoption Framework for AI does ("Secure AI").
// Governance items follow the NIST AI RMF's functions (govern, map, measure, manage) and the
// EU AI Act's risk classes. Overall scores are named by Gartner's five AI maturity levels.
// Levels are written as what a visitor would see in the company, not as aspirations, so a
// respondent can recognise where they stand. Data carries more weight (1.5): it is the first
// barrier mid-market leaders name.
import type { QuestionnaireInput } from './questionnaire-schema.js';
import { PILLARS_A } from './default-pillars-a.js';
import { PILLARS_B } from './default-pillars-b.js';

export const DEFAULT_QUESTIONNAIRE: QuestionnaireInput = {
  id: 'traction_ai_readiness',
  title: 'AI readiness assessment',
  version: 1,
  maturity_model: {
    source: 'gartner_maturity',
    levels: [
      { level: 1, name: 'Awareness', description: 'AI is talked about, but nothing runs: no budget, no owner, no data work aimed at it.' },
      { level: 2, name: 'Active', description: 'Experiments and pilots here and there, driven by enthusiasts; little is shared or reused.' },
      { level: 3, name: 'Operational', description: 'At least one AI use case runs in production with an owner, a budget and basic practices.' },
      { level: 4, name: 'Systemic', description: 'AI is considered for every new process; shared data, platform and governance serve many use cases.' },
      { level: 5, name: 'Transformational', description: 'AI is part of how the business runs and competes; value is measured and reinvested.' },
    ],
  },
  sources: [
    { id: 'cisco_index', title: 'Cisco AI Readiness Index', publisher: 'Cisco', year: 2024, url: 'https://www.cisco.com/c/m/en_us/solutions/ai/readiness-index.html' },
    { id: 'gartner_maturity', title: 'Gartner AI Maturity Model (levels: Awareness, Active, Operational, Systemic, Transformational)', publisher: 'Gartner', year: 2018 },
    { id: 'microsoft_caf_ai', title: 'Cloud Adoption Framework for AI (strategy, plan, ready, govern, manage, secure)', publisher: 'Microsoft', year: 2024, url: 'https://learn.microsoft.com/en-us/azure/cloud-adoption-framework/scenarios/ai/' },
    { id: 'nist_ai_rmf', title: 'Artificial Intelligence Risk Management Framework (AI RMF 1.0)', publisher: 'NIST', year: 2023, url: 'https://www.nist.gov/itl/ai-risk-management-framework' },
    { id: 'eu_ai_act', title: 'Regulation (EU) 2024/1689 (the AI Act)', publisher: 'European Union', year: 2024, url: 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj' },
    { id: 'owasp_llm', title: 'OWASP Top 10 for Large Language Model Applications', publisher: 'OWASP Foundation', year: 2025, url: 'https://genai.owasp.org/llm-top-10/' },
  ],
  pillars: [...PILLARS_A, ...PILLARS_B],
};
