// The registry of job kinds: what a scheduled job does and where its schedules come from.
// A kind is registered once, with one call; the scheduler, `traction jobs`, the API and the
// dashboard all read the same registry. A kind's `run` calls an action of src/application
// (never SQL of its own), so a job is contained exactly as the same action started by a person.
import type { ScheduleSource, ScheduledTarget } from '../application/jobs.js';
import type { Workspace } from '../domain/workspace.js';
import type { Store } from '../store/store.js';

export interface JobContext {
  store: Store;
  /** The applied workspace as the store holds it when the attempt starts. */
  workspace: Workspace;
  /** Where `${env:NAME}` references in sources resolve from. */
  sourceEnv: Record<string, string | undefined>;
  now: () => Date;
  /** Who the actions record as the actor. */
  actor: string;
  /** Long actions running on this process (shared with the server's, so a readiness run is not doubled). */
  running: Set<string>;
  /** The run this attempt belongs to: its tick (or when "run now" was asked) and its attempt number. */
  run: { id: string; scheduledFor: string; trigger: 'schedule' | 'manual'; attempt: number };
}

export interface JobKind extends ScheduleSource {
  /** One attempt on one target; resolves with a one-line summary, rejects to fail the attempt (it is retried). */
  run(ctx: JobContext, target: string): Promise<string>;
}

export class JobRegistry {
  private readonly kinds = new Map<string, JobKind>();

  register(kind: JobKind): this {
    if (!/^[a-z][a-z0-9-]*$/.test(kind.name)) throw new Error(`job kind "${kind.name}": use lower-case letters, digits and "-"`);
    if (this.kinds.has(kind.name)) throw new Error(`job kind "${kind.name}" is registered twice`);
    this.kinds.set(kind.name, kind);
    return this;
  }

  get(name: string): JobKind | undefined {
    return this.kinds.get(name);
  }

  all(): JobKind[] {
    return [...this.kinds.values()];
  }
}

/** A kind with one schedule for the whole workspace (e.g. a setting of traction.yaml); its target is "workspace". */
export function workspaceSchedule(read: (ws: Workspace) => string | undefined): (ws: Workspace) => ScheduledTarget[] {
  return (ws) => {
    const schedule = read(ws);
    return schedule ? [{ target: 'workspace', schedule }] : [];
  };
}
