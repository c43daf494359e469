// The pulse: a short recurring survey of the people who use a deployed use case, modelled on
// the four statements Microsoft recommends for measuring Copilot sentiment (Microsoft Learn,
// "Microsoft Copilot Dashboard", section "Suggested Copilot survey questions", Viva Insights
// documentation, 2024): quality of work, less mental effort on mundane tasks, completing tasks
// faster, being more productive, each on a five-point agreement scale. The shapes shared by the
// store, the pulse module, the API and the CLI.
import { z } from 'zod';

export const PULSE_ITEMS = ['quality', 'effort', 'speed', 'productivity'] as const;
export const pulseItemSchema = z.enum(PULSE_ITEMS);
export type PulseItem = z.infer<typeof pulseItemSchema>;

/** The statements, with the use case's title in place of "Copilot". */
export function pulseStatement(item: PulseItem, title: string): string {
  switch (item) {
    case 'quality':
      return `Using ${title} helps improve the quality of my work or output`;
    case 'effort':
      return `Using ${title} helps me spend less mental effort on mundane or repetitive tasks`;
    case 'speed':
      return `Using ${title} allows me to complete tasks faster`;
    case 'productivity':
      return `When using ${title}, I am more productive`;
  }
}

/** The five answers, 1 (strongly disagree) to 5 (strongly agree), as Microsoft's survey offers them. */
export const AGREEMENT_LEVELS = [
  { level: 1, label: 'Strongly disagree' },
  { level: 2, label: 'Disagree' },
  { level: 3, label: 'Neither agree nor disagree' },
  { level: 4, label: 'Agree' },
  { level: 5, label: 'Strongly agree' },
] as const;

export const agreementSchema = z.number().int().min(1, 'an answer from 1 (strongly disagree) to 5 (strongly agree)').max(5, 'an answer from 1 (strongly disagree) to 5 (strongly agree)');

/** One person's answer to the four statements: every statement once, nothing else. */
export const pulseAnswerSchema = z.strictObject({
  quality: agreementSchema,
  effort: agreementSchema,
  speed: agreementSchema,
  productivity: agreementSchema,
});
export type PulseAnswer = z.infer<typeof pulseAnswerSchema>;

/** A survey's period: a calendar month (2026-11) or quarter (2026-Q4), UTC. */
export const pulsePeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'a month (2026-11) or a quarter (2026-Q4)');

export const openPulseSchema = z.strictObject({
  use_case: z.string().min(1).max(200),
  period: pulsePeriodSchema.optional().describe('default: the current month'),
});

export const pulseLinksRequestSchema = z.strictObject({
  count: z.number().int().min(1).max(500).describe('how many single-use links (one per person)'),
  department: z.string().trim().min(1).max(100).optional().describe('the department of the people these links go to: results are shown per department only for groups of at least the minimum size'),
  expires_in_days: z.number().int().min(1).max(92).optional().describe('default: when the period ends'),
});

export interface PulseSurvey {
  id: string;
  useCaseId: string;
  period: string;
  /** When answers stop being accepted: the end of the period, or when closed by hand. */
  closesAt: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
}

export interface PulseResponse {
  department: string | null;
  answer: PulseAnswer;
}
