// A schedule as the YAML declares it: a cron expression, always read in UTC. One parser
// (croner) both validates the text here, where every file and API body is checked, and
// computes the ticks the scheduler runs (src/jobs/cron.ts), so what `validate` accepts is
// exactly what runs.
import { Cron } from 'croner';
import { z } from 'zod';

/** Schedules are evaluated in this time zone, whatever the machine's. */
export const SCHEDULE_TIME_ZONE = 'Etc/UTC';

/** The parsed schedule, or the reason the text is not one. */
export function parseSchedule(text: string): { cron: Cron } | { error: string } {
  const fields = text.trim().split(/\s+/).length;
  // croner also takes a seventh (year) field; cron users do not expect one, so refuse it.
  if (!text.trim().startsWith('@') && fields !== 5 && fields !== 6)
    return { error: `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, found ${fields}` };
  try {
    return { cron: new Cron(text, { timezone: SCHEDULE_TIME_ZONE }) };
  } catch (e) {
    return { error: (e instanceof Error ? e.message : String(e)).replace(/^CronPattern: /, '') };
  }
}

export const scheduleSchema = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const parsed = parseSchedule(text);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: `not a cron schedule: ${parsed.error} (times are UTC)` });
  })
  .describe('cron expression, evaluated in UTC: "m h dom mon dow", or 6 fields with seconds first, e.g. "0 6 * * 1-5" for 06:00 UTC on weekdays');
