// Published figures shown beside a round's results as context: other organisations, other
// samples, never this workspace's data; each with its source, publisher, year and address.
// Update by adding a row (keep old ones: the year says how current a figure is).
import type { z } from 'zod';
import type { benchmarkSchema } from './views.js';

export const BENCHMARKS: z.infer<typeof benchmarkSchema>[] = [
  {
    id: 'cisco_2024_fully_ready',
    figure: '13% of organisations fully ready to deploy and use AI ("Pacesetters")',
    value: 0.13,
    about: 'overall readiness across strategy, infrastructure, data, governance, talent and culture; survey of about 8,000 business and IT leaders in 30 markets',
    source: 'Cisco AI Readiness Index',
    publisher: 'Cisco',
    year: 2024,
    url: 'https://www.cisco.com/c/m/en_us/solutions/ai/readiness-index.html',
  },
  {
    id: 'cisco_2023_fully_ready',
    figure: '14% of organisations fully ready to deploy and use AI',
    value: 0.14,
    about: 'the same index a year earlier, for the trend',
    source: 'Cisco AI Readiness Index',
    publisher: 'Cisco',
    year: 2023,
    url: 'https://www.cisco.com/c/m/en_us/solutions/ai/readiness-index.html',
  },
  {
    id: 'gartner_2024_to_production',
    figure: '48% of AI projects make it into production, about 8 months from prototype to production on average',
    value: 0.48,
    about: 'survey of organisations that had deployed AI (Gartner survey, published May 2024)',
    source: 'Gartner Survey Finds Generative AI Is Now the Most Frequently Deployed AI Solution in Organizations',
    publisher: 'Gartner',
    year: 2024,
    url: 'https://www.gartner.com/en/newsroom/press-releases/2024-05-07-gartner-survey-finds-generative-ai-is-now-the-most-frequently-deployed-ai-solution-in-organizations',
  },
  {
    id: 'gartner_2024_genai_abandoned',
    figure: 'at least 30% of generative AI projects will be abandoned after proof of concept by the end of 2025',
    value: 0.3,
    about: 'a prediction, naming poor data quality, inadequate risk controls, escalating costs and unclear business value',
    source: 'Gartner Predicts 30% of Generative AI Projects Will Be Abandoned After Proof of Concept By End of 2025',
    publisher: 'Gartner',
    year: 2024,
    url: 'https://www.gartner.com/en/newsroom/press-releases/2024-07-29-gartner-predicts-30-percent-of-generative-ai-projects-will-be-abandoned-after-proof-of-concept-by-end-of-2025',
  },
];
