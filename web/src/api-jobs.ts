// Scheduled jobs as src/server/routes/jobs.ts answers them (aliases of the types generated
// from the API's OpenAPI document), and the calls the "Scheduled jobs" section makes.
import { api, type Answer, type Body, type Item } from './api';

export type JobsAnswer = Answer<'/api/jobs'>;
export type ScheduledJob = Item<JobsAnswer['scheduled']>;
export type JobRun = Item<JobsAnswer['runs']>;
export type RunNowAnswer = Answer<'/api/jobs/runs', 'post', 202>;

export const jobKeys = { all: ['jobs'] as const };

export const listJobs = () => api<JobsAnswer>('/api/jobs?limit=30');
export const runNow = (body: Body<'/api/jobs/runs'>) => api<RunNowAnswer>('/api/jobs/runs', { method: 'POST', body });
