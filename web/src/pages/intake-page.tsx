// The intake form: what a business person knows about an idea. It creates a use case at
// the first stage; a wrong field is marked and focused, with the server's message beside it.
// Starting from a template fills the form in (GET /api/templates/:id) and replaces the single
// monthly estimate by the template's value streams, which the server takes from the template.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, can, type StoredUseCase, type User, type Workspace } from '../api';
import type { Quantity, TemplateDetail, TemplateDraft } from '../api-templates';
import { TemplatePicker, TemplateValue } from '../components/template-picker';
import { navigate } from '../router';
import { usePageTitle } from '../page-title';

const num = (v: FormDataEntryValue | null) => (v === null || v === '' ? undefined : Number(v));

const likely = (q: Quantity | undefined) => (q === undefined ? undefined : typeof q === 'number' ? q : q.likely);
/** A cost left at the template's likely value keeps the template's range. */
const costOf = (typed: number | undefined, drafted: Quantity | undefined) => (drafted !== undefined && typeof drafted !== 'number' && typed === drafted.likely ? drafted : typed);

function buildIntake(f: FormData, draft?: TemplateDraft) {
  const kpiName = String(f.get('kpi_name') ?? '').trim();
  const value = draft
    ? { template: draft.template, tags: draft.tags }
    : { value_kind: f.get('value_kind'), monthly_value: { low: num(f.get('value_low')), likely: num(f.get('value_likely')), high: num(f.get('value_high')) } };
  return {
    ...value,
    title: f.get('title'),
    problem: f.get('problem'),
    objective: f.get('objective'),
    owner: f.get('owner'),
    sponsor: f.get('sponsor'),
    department: f.get('department'),
    team: f.get('team'),
    build_cost: costOf(num(f.get('build_cost')), draft?.build_cost),
    run_monthly: costOf(num(f.get('run_monthly')), draft?.run_monthly),
    effort_person_weeks: num(f.get('effort')),
    probability_of_success: (num(f.get('probability')) ?? 50) / 100,
    eu_ai_act: f.get('eu_ai_act'),
    ...(kpiName
      ? {
          kpi: {
            // The template's KPI keeps its id (its value stream refers to it) while its name is kept.
            id: draft?.kpi && draft.kpi.name === kpiName ? draft.kpi.id : kpiName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '') || 'kpi',
            name: kpiName,
            unit: f.get('kpi_unit') || 'units',
            direction: f.get('kpi_direction'),
            target: num(f.get('kpi_target')),
            ...(num(f.get('kpi_baseline')) !== undefined ? { baseline: num(f.get('kpi_baseline')) } : {}),
          },
        }
      : {}),
  };
}

const rangeHint = (q: Quantity | undefined) => (q !== undefined && typeof q !== 'number' ? `Template: ${q.low.toLocaleString('en')} to ${q.high.toLocaleString('en')}; keep it to use that range` : undefined);

// Server field paths -> the input that holds them.
const INPUT_FOR: Record<string, string> = { 'monthly_value.low': 'value_low', 'monthly_value.likely': 'value_likely', 'monthly_value.high': 'value_high', monthly_value: 'value_low', effort_person_weeks: 'effort', probability_of_success: 'probability' };

export function IntakePage({ user, workspace }: { user: User; workspace: Workspace | null }) {
  const [error, setError] = useState<{ field?: string; message: string }>();
  const [busy, setBusy] = useState(false);
  usePageTitle('Propose a use case');
  const [templateId, setTemplateId] = useState('');
  const [detail, setDetail] = useState<TemplateDetail>();
  const form = useRef<HTMLFormElement>(null);
  const draft = detail?.intake;

  if (!can(user, 'contributor')) return <p className="notice">Proposing use cases needs the contributor role; ask an admin.</p>;

  const pick = async (id: string) => {
    setTemplateId(id);
    setError(undefined);
    if (id === '') return setDetail(undefined);
    try {
      setDetail(await api<TemplateDetail>(`/api/templates/${encodeURIComponent(id)}`));
    } catch (err) {
      setDetail(undefined);
      setError({ message: `The template could not be loaded: ${err instanceof Error ? err.message : 'no answer'}` });
    }
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<StoredUseCase>('/api/use-cases', { method: 'POST', body: buildIntake(new FormData(e.currentTarget), draft) });
      navigate(`/use-cases/${created.use_case.id}`);
    } catch (err) {
      const body = err instanceof ApiError ? err.body : { message: 'the server did not answer' };
      const field = 'field' in body && body.field ? (INPUT_FOR[body.field] ?? body.field.replace(/^kpi\./, 'kpi_')) : undefined;
      // The API says where ('body field "x": ...'); beside the field, only what is wrong:
      // the first problem's own message when the answer lists them.
      const first = 'problems' in body ? body.problems?.[0] : undefined;
      setError({ field, message: field ? (first?.message ?? body.message.replace(/^\w+ field "[^"]+": /, '')) : body.message });
      if (field) form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string, label: string, input: ReactNode, hint?: string) => (
    <label className={error?.field === name ? 'invalid' : undefined}>
      {label}
      {input}
      {hint && <small className="muted">{hint}</small>}
      {error?.field === name && (
        <small className="error" id={`${name}-error`}>
          {error.message}
        </small>
      )}
    </label>
  );
  const inv = (name: string) => ({ name, 'aria-invalid': error?.field === name || undefined, 'aria-describedby': error?.field === name ? `${name}-error` : undefined });

  return (
    <>
      <div className="page-head">
        <h1>Propose a use case</h1>
        <p className="muted">Rough numbers are fine: give a range where you are unsure. The AI team refines the business case with you.</p>
      </div>
      <form ref={form} className="intake" onSubmit={submit} noValidate>
        <TemplatePicker value={templateId} onPick={(id) => void pick(id)} />
        {/* Keyed by the template: picking one re-creates the fields with its values. */}
        <div className="intake" key={draft?.template ?? 'blank'}>
          <fieldset>
            <legend>The idea</legend>
            {field('title', 'Title', <input {...inv('title')} required maxLength={120} autoFocus defaultValue={draft?.title} />)}
            {field('problem', 'What goes wrong today, and for whom?', <textarea {...inv('problem')} rows={3} required defaultValue={draft?.problem} />)}
            {field('objective', 'What should be true afterwards?', <textarea {...inv('objective')} rows={2} required defaultValue={draft?.objective} />)}
          </fieldset>
          <fieldset className="grid-2">
            <legend>People</legend>
            {field('owner', 'Owner', <input {...inv('owner')} defaultValue={user.display_name} required />)}
            {field('sponsor', 'Sponsor', <input {...inv('sponsor')} required />)}
            {field('department', 'Department', <input {...inv('department')} required defaultValue={draft?.department} />)}
            {field(
              'team',
              'Delivery team',
              <select {...inv('team')} required>
                {workspace?.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>,
            )}
          </fieldset>
          {detail ? (
            <TemplateValue detail={detail} />
          ) : (
            <fieldset className="grid-3">
              <legend>Value per month once in use ({workspace?.currency ?? 'EUR'})</legend>
              {field('value_low', 'At least', <input {...inv('value_low')} type="number" min={0} step="any" required />)}
              {field('value_likely', 'Most likely', <input {...inv('value_likely')} type="number" min={0} step="any" required />)}
              {field('value_high', 'At most', <input {...inv('value_high')} type="number" min={0} step="any" required />)}
              {field(
                'value_kind',
                'Kind of value',
                <select {...inv('value_kind')} defaultValue="cost_saving">
                  <option value="cost_saving">Cost saving</option>
                  <option value="revenue">Revenue</option>
                  <option value="risk_reduction">Risk reduction</option>
                  <option value="other">Other</option>
                </select>,
            )}
          </fieldset>
          )}
          <fieldset className="grid-3">
            <legend>Cost, effort and risk</legend>
            {field('build_cost', 'One-off build cost', <input {...inv('build_cost')} type="number" min={0} step="any" required defaultValue={likely(draft?.build_cost)} />, rangeHint(draft?.build_cost))}
            {field('run_monthly', 'Run cost per month', <input {...inv('run_monthly')} type="number" min={0} step="any" required defaultValue={likely(draft?.run_monthly)} />, rangeHint(draft?.run_monthly))}
            {field('effort', 'Effort (person-weeks)', <input {...inv('effort')} type="number" min={0} step="any" required defaultValue={draft?.effort_person_weeks} />)}
            {field('probability', 'Chance of success (%)', <input {...inv('probability')} type="number" min={0} max={100} defaultValue={draft ? Math.round(draft.probability_of_success * 100) : 50} />)}
            {field(
              'eu_ai_act',
              'EU AI Act risk class',
              <select {...inv('eu_ai_act')} defaultValue={draft?.eu_ai_act ?? 'minimal'}>
                <option value="minimal">Minimal</option>
                <option value="limited">Limited (transparency duties)</option>
                <option value="high">High</option>
                <option value="prohibited">Prohibited</option>
              </select>,
            )}
          </fieldset>
          <fieldset className="grid-3">
            <legend>Main KPI (optional)</legend>
            {field('kpi_name', 'Name', <input {...inv('kpi_name')} placeholder="e.g. First-contact resolution" defaultValue={draft?.kpi?.name} />)}
            {field('kpi_unit', 'Unit', <input {...inv('kpi_unit')} placeholder="%" defaultValue={draft?.kpi?.unit} />)}
            {field(
              'kpi_direction',
              'Better when',
              <select {...inv('kpi_direction')} defaultValue={draft?.kpi?.direction ?? 'up'}>
                <option value="up">Higher</option>
                <option value="down">Lower</option>
              </select>,
            )}
            {field('kpi_baseline', 'Today', <input {...inv('kpi_baseline')} type="number" step="any" defaultValue={draft?.kpi?.baseline} />)}
            {field('kpi_target', 'Target', <input {...inv('kpi_target')} type="number" step="any" defaultValue={draft?.kpi?.target} />)}
          </fieldset>
        </div>
        {error && !error.field && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        {error?.field && (
          <p className="error" role="alert">
            Please check the marked field: {error.message}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Submitting…' : 'Submit proposal'}
        </button>
      </form>
    </>
  );
}
