// Scheduled jobs, for administrators: each job the workspace schedules (a dataset's checks,
// a KPI's measure) with when it runs next, how its last runs went and why one failed, and a
// button that runs it now; then every recent run. Refreshes itself while something is pending.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { jobKeys, listJobs, runNow, type JobRun, type ScheduledJob } from '../../api-jobs';
import { when } from '../../format';

const STATUS: Record<JobRun['status'], { label: string; className: string }> = {
  queued: { label: 'Waiting to start', className: 'status-warn' },
  running: { label: 'Running', className: 'status-warn' },
  retrying: { label: 'Failed, will try again', className: 'status-fail' },
  succeeded: { label: 'Succeeded', className: 'status-pass' },
  failed: { label: 'Failed', className: 'status-fail' },
};

const WHAT: Record<string, string> = { 'dataset-checks': 'Data readiness checks', 'kpi-measure': 'KPI measure' };

/** The job's target in words: a KPI's target is "use case/KPI". */
const targetName = (j: { kind: string; target: string }) => (j.kind === 'kpi-measure' ? j.target.replace('/', ' · ') : j.target);

function RunLine({ run, named = false }: { run: JobRun; named?: boolean }) {
  const s = STATUS[run.status];
  return (
    <li>
      {named && (
        <span className="job-name">
          {WHAT[run.kind] ?? run.kind}: {targetName(run)}
        </span>
      )}
      <span>
        <strong className={s.className}>{s.label}</strong>{' '}
        <span className="muted small">
          {run.trigger === 'manual' ? `run now by ${run.requested_by ?? 'someone'}` : 'on schedule'} · <time dateTime={run.scheduled_for}>{when(run.scheduled_for)}</time>
          {run.attempts > 1 || run.status === 'failed' ? ` · attempt ${run.attempts} of ${run.max_attempts}` : ''}
        </span>
      </span>
      {run.error ? <span className="small job-error">{run.error.split('\n')[0]}</span> : run.summary ? <span className="small muted">{run.summary}</span> : null}
    </li>
  );
}

function JobCard({ job }: { job: ScheduledJob }) {
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: () => runNow({ kind: job.kind, target: job.target }),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
  const pending = job.last_runs.some((r) => r.trigger === 'manual' && ['queued', 'running', 'retrying'].includes(r.status));
  const heading = `${WHAT[job.kind] ?? job.title}: ${targetName(job)}`;
  return (
    <li className="job-card">
      <div className="job-head">
        <h3>{heading}</h3>
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending || pending} aria-label={`Run now: ${heading}`}>
          {pending ? 'Run asked for' : 'Run now'}
        </button>
      </div>
      <p className="small">
        Next run: {job.next_run ? <time dateTime={job.next_run}>{when(job.next_run)}</time> : 'none'} <span className="muted">(schedule “{job.schedule}”, UTC)</span>
      </p>
      {start.isError && (
        <p className="error" role="alert">
          {start.error.message}
        </p>
      )}
      {job.last_runs.length === 0 ? <p className="muted small">Not run yet.</p> : <ul className="admin-list">{job.last_runs.map((r) => <RunLine key={r.id} run={r} />)}</ul>}
    </li>
  );
}

export function JobsSection() {
  const jobs = useQuery({
    queryKey: jobKeys.all,
    queryFn: listJobs,
    // While a run waits or runs, look again every few seconds.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => ['queued', 'running', 'retrying'].includes(r.status)) ? 3000 : false),
  });
  const data = jobs.data;
  return (
    <>
      <section className="panel" aria-labelledby="scheduled">
        <h2 id="scheduled">Scheduled jobs</h2>
        <p className="muted small">Jobs run on the schedule written in each dataset or KPI definition, on one server at a time. A failed run is tried again twice, waiting longer each time.</p>
        {jobs.isError && (
          <p className="error" role="alert">
            {jobs.error.message}
          </p>
        )}
        {data && data.scheduled.length === 0 && <p>No job has a schedule yet. Add a schedule to a dataset or a KPI measure in the workspace to have it run by itself.</p>}
        <ul className="job-cards">{data?.scheduled.map((j) => <JobCard key={`${j.kind}:${j.target}`} job={j} />)}</ul>
      </section>
      <section className="panel" aria-labelledby="recent-runs">
        <h2 id="recent-runs">Recent runs</h2>
        {data && data.runs.length === 0 && <p className="muted small">No runs yet.</p>}
        <ul className="admin-list">
          {data?.runs.map((r) => (
            <RunLine key={r.id} run={r} named />
          ))}
        </ul>
      </section>
    </>
  );
}
