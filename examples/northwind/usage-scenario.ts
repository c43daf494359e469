// Who uses Northwind's deployed AI services, how often and with which models: the story the
// usage simulator (simulate-usage.ts) tells over 90 days.
//   invoice-processing       adoption rising: AP clerks, then buyers, then a small treasury team of 3
//                            (a group under 5: it must never be shown)
//   customer-service-assistant  the pilot's 8 agents come on board one after another
//   demand-forecasting       stalling: planners try the copilot in the first month, then drift away
//   product-data-enrichment  a cost spike: a catalogue re-run with the large model and long prompts
// Each service's resource and agent attributes are what the use cases' `telemetry:` blocks match.

export interface ModelMix {
  model: string;
  provider: string;
  share: number;
  inputMedian: number;
  outputMedian: number;
  /** Share of input tokens served from the provider's prompt cache. */
  cachedShare: number;
}

export interface Department {
  name: string;
  users: number;
  /** Day (0-89) from which this department's people start using the service. */
  from: number;
}

export interface UsageProfile {
  useCase: string;
  resource: Record<string, string>;
  agent?: string;
  departments: Department[];
  /** Within a department, person i starts using the service i * this many days after its start. */
  onboardEveryDays: number;
  /** Chance that an onboarded person uses the service on a working day `d` days into the window. */
  activity(d: number, userIndex: number): number;
  requestsPerActiveDay: number;
  models: ModelMix[];
  latencyMedianMs: number;
  latencySigma: number;
  errorRate: number;
  /** A batch job without a user: extra requests per day on days [from, to]. */
  spike?: { from: number; to: number; requestsPerDay: number; mix: ModelMix };
}

export const DAYS = 90;

export const PROFILES: UsageProfile[] = [
  {
    useCase: 'invoice-processing',
    resource: { 'service.name': 'ap-invoice-extractor', 'deployment.environment.name': 'production' },
    departments: [
      { name: 'Accounts Payable', users: 9, from: 0 },
      { name: 'Purchasing', users: 5, from: 30 },
      { name: 'Treasury', users: 3, from: 50 },
    ],
    onboardEveryDays: 4,
    activity: () => 0.85,
    requestsPerActiveDay: 14,
    models: [{ model: 'gpt-4.1', provider: 'openai', share: 1, inputMedian: 6000, outputMedian: 600, cachedShare: 0.3 }],
    latencyMedianMs: 4200,
    latencySigma: 0.35,
    errorRate: 0.015,
  },
  {
    useCase: 'customer-service-assistant',
    resource: { 'service.name': 'cs-assistant', 'deployment.environment.name': 'pilot' },
    agent: 'reply-drafter',
    departments: [{ name: 'Customer Service', users: 8, from: 5 }],
    onboardEveryDays: 7,
    activity: () => 0.9,
    requestsPerActiveDay: 35,
    models: [{ model: 'gpt-4.1-mini', provider: 'openai', share: 1, inputMedian: 2200, outputMedian: 350, cachedShare: 0.5 }],
    latencyMedianMs: 900,
    latencySigma: 0.4,
    errorRate: 0.01,
  },
  {
    useCase: 'demand-forecasting',
    resource: { 'service.name': 'planning-copilot', 'deployment.environment.name': 'production' },
    agent: 'forecast-explainer',
    departments: [
      { name: 'Category Management', users: 16, from: 0 },
      { name: 'Purchasing', users: 8, from: 0 },
    ],
    // Curiosity in the first month, then everyone but a core of four drifts away.
    onboardEveryDays: 1,
    activity: (d, i) => (d < 30 ? 0.75 : i < 4 ? 0.7 : 0.75 * Math.exp(-(d - 30) / 12)),
    requestsPerActiveDay: 6,
    models: [
      { model: 'gpt-4.1-mini', provider: 'openai', share: 0.9, inputMedian: 3500, outputMedian: 500, cachedShare: 0.2 },
      { model: 'llama-3.3-70b-onprem', provider: 'vllm', share: 0.1, inputMedian: 3500, outputMedian: 500, cachedShare: 0 },
    ],
    latencyMedianMs: 1800,
    latencySigma: 0.5,
    errorRate: 0.02,
  },
  {
    useCase: 'product-data-enrichment',
    resource: { 'service.name': 'catalog-enricher', 'deployment.environment.name': 'production' },
    departments: [
      { name: 'E-commerce', users: 7, from: 0 },
      { name: 'Marketing', users: 5, from: 20 },
    ],
    onboardEveryDays: 3,
    activity: () => 0.8,
    requestsPerActiveDay: 40,
    models: [{ model: 'gpt-4.1-mini', provider: 'openai', share: 1, inputMedian: 2500, outputMedian: 400, cachedShare: 0.4 }],
    latencyMedianMs: 1400,
    latencySigma: 0.35,
    errorRate: 0.01,
    spike: { from: 76, to: 81, requestsPerDay: 5000, mix: { model: 'gpt-4.1', provider: 'openai', share: 1, inputMedian: 32000, outputMedian: 900, cachedShare: 0 } },
  },
];

const FIRST = ['anna', 'ben', 'carla', 'david', 'eva', 'felix', 'greta', 'hannes', 'ines', 'jonas', 'katrin', 'lukas', 'mira', 'nils', 'olga', 'paul', 'rosa', 'stefan', 'tanja', 'uwe', 'vera', 'wim', 'yara', 'zoe'];
const LAST = ['albers', 'brandt', 'claes', 'dekker', 'engel', 'fischer', 'graaf', 'hofer', 'jansen', 'koch', 'lorenz', 'meier', 'novak', 'otten', 'peters', 'richter', 'smit', 'vogel', 'wolff', 'zimmer'];

/** An e-mail-like user id, as identity providers put into `user.id` (pseudonymised on arrival). */
export function personId(useCase: string, department: string, i: number): string {
  let h = 0;
  for (const ch of `${useCase}/${department}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${FIRST[(h + i * 7) % FIRST.length]}.${LAST[(h + i * 11) % LAST.length]}${i}@northwind.example`;
}
