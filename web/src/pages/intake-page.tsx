// The intake form: what a business person knows about an idea, with React Hook Form. Amounts
// are typed as people write them here (traction.yaml `locale`: "5.000" in de-CH is five
// thousand) and each shows what it was understood as; the chance of success is a percentage.
// Every problem shows at once beside its field, the form's own and the server's alike. Use
// cases reading like the title being typed are listed, so a duplicate is seen before it is
// sent. Starting from a template fills the form in and replaces the monthly estimate by the
// template's value streams. A proposal waits for the portfolio owner (My proposals).
import { useEffect, useState } from 'react';
import { useForm, type FieldPath, type RegisterOptions } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatMoney, formatNumber, parseLocaleNumber } from '../../../src/domain/locale-number';
import { api, ApiError, can, type StoredUseCase, type User, type Workspace } from '../api';
import type { Quantity, TemplateDetail } from '../api-templates';
import { useNumberFormat, useSimilar, type NumberFormat } from '../api-triage';
import { TemplatePicker, TemplateValue } from '../components/template-picker';
import { SimilarList } from '../components/similar-list';
import { usePageTitle } from '../page-title';
import { Link, navigate } from '../router';

interface IntakeForm {
  title: string;
  problem: string;
  objective: string;
  owner: string;
  sponsor: string;
  department: string;
  team: string;
  value_kind: string;
  value_low: string;
  value_likely: string;
  value_high: string;
  build_cost: string;
  run_monthly: string;
  effort: string;
  probability: string;
  eu_ai_act: string;
  kpi_name: string;
  kpi_unit: string;
  kpi_direction: string;
  kpi_baseline: string;
  kpi_target: string;
}

type Kind = 'money' | 'number' | 'percent';
const NUMBER_FIELDS: Partial<Record<keyof IntakeForm, { kind: Kind; label: string; required: boolean }>> = {
  value_low: { kind: 'money', label: 'The lowest value', required: true },
  value_likely: { kind: 'money', label: 'The most likely value', required: true },
  value_high: { kind: 'money', label: 'The highest value', required: true },
  build_cost: { kind: 'money', label: 'The build cost', required: true },
  run_monthly: { kind: 'money', label: 'The run cost', required: true },
  effort: { kind: 'number', label: 'The effort', required: true },
  probability: { kind: 'percent', label: 'The chance of success', required: true },
  kpi_baseline: { kind: 'number', label: 'Today’s value', required: false },
  kpi_target: { kind: 'number', label: 'The target', required: false },
};

// Server field paths -> the input that holds them.
const INPUT_FOR: Record<string, keyof IntakeForm> = {
  'monthly_value.low': 'value_low',
  'monthly_value.likely': 'value_likely',
  'monthly_value.high': 'value_high',
  monthly_value: 'value_low',
  effort_person_weeks: 'effort',
  probability_of_success: 'probability',
  'kpi.name': 'kpi_name',
  'kpi.unit': 'kpi_unit',
  'kpi.target': 'kpi_target',
  'kpi.baseline': 'kpi_baseline',
};

/** A typed number, read the way people write numbers here; a problem in plain words otherwise. */
function readNumber(text: string, kind: Kind, fmt: NumberFormat): { value?: number; problem?: string } {
  const r = parseLocaleNumber(text, { locale: fmt.locale, ...(kind === 'money' ? { currency: fmt.currency } : {}) });
  if (r.problem !== undefined) return { problem: r.problem };
  if (kind === 'money' && r.value < 0) return { problem: 'cannot be negative: money saved is value too, entered as a positive amount' };
  if (kind === 'percent' && (r.value < 0 || r.value > 100)) return { problem: `is a percentage from 0 to 100, not ${formatNumber(r.value, fmt.locale)}` };
  if (kind === 'number' && r.value < 0) return { problem: 'cannot be negative' };
  return { value: r.value };
}

function understood(text: string, kind: Kind, fmt: NumberFormat | undefined): string | undefined {
  if (!fmt || text.trim() === '') return undefined;
  const r = readNumber(text, kind, fmt);
  if (r.value === undefined) return undefined;
  return `Understood as ${kind === 'money' ? formatMoney(r.value, fmt.locale, fmt.currency) : kind === 'percent' ? `${formatNumber(r.value, fmt.locale)}%` : formatNumber(r.value, fmt.locale)}`;
}

const likely = (q: Quantity | undefined) => (q === undefined ? undefined : typeof q === 'number' ? q : q.likely);

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function IntakePage({ user, workspace }: { user: User; workspace: Workspace | null }) {
  usePageTitle('Propose a use case');
  const fmt = useNumberFormat().data;
  const [templateId, setTemplateId] = useState('');
  const [detail, setDetail] = useState<TemplateDetail>();
  const [failure, setFailure] = useState<string>();
  const client = useQueryClient();
  const form = useForm<IntakeForm>({
    defaultValues: { owner: user.display_name, value_kind: 'cost_saving', probability: '50', eu_ai_act: 'minimal', kpi_direction: 'up', team: workspace?.teams[0]?.id ?? '' },
    shouldFocusError: true,
  });
  const { register, handleSubmit, watch, setError, reset, getValues, formState } = form;
  const errors = formState.errors;
  const draft = detail?.intake;
  const title = useDebounced(watch('title') ?? '', 300);
  const problemText = useDebounced(watch('problem') ?? '', 600);
  const similar = useSimilar(title, problemText);

  useEffect(() => {
    if (workspace && !getValues('team')) reset({ ...getValues(), team: workspace.teams[0]?.id ?? '' });
  }, [workspace, getValues, reset]);

  const propose = useMutation({
    mutationFn: (body: unknown) => api<StoredUseCase>('/api/use-cases', { method: 'POST', body }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['proposals'] });
      navigate(`/proposals/mine?new=${encodeURIComponent(created.use_case.id)}`);
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return setFailure('The server did not answer; nothing was sent. Try again.');
      const problems = err.body.problems ?? (err.body.field ? [{ field: err.body.field, message: err.body.message.replace(/^\w+ field "[^"]+": /, '') }] : []);
      const placed = problems.filter((p) => p.field !== '');
      for (const p of placed) setError((INPUT_FOR[p.field] ?? p.field.replace(/^kpi\./, 'kpi_')) as FieldPath<IntakeForm>, { type: 'server', message: p.message.replace(/; nothing stored$/, '') }, { shouldFocus: p === placed[0] });
      setFailure(placed.length > 0 ? undefined : err.body.message);
    },
  });

  if (!can(user, 'contributor')) return <p className="notice">Proposing use cases needs the contributor role; ask an admin.</p>;

  const pick = async (id: string) => {
    setTemplateId(id);
    setFailure(undefined);
    if (id === '') return setDetail(undefined);
    try {
      const d = await api<TemplateDetail>(`/api/templates/${encodeURIComponent(id)}`);
      setDetail(d);
      const n = (x: number | undefined) => (x === undefined || !fmt ? '' : formatNumber(x, fmt.locale));
      const i = d.intake;
      reset({
        ...getValues(),
        title: i.title,
        problem: i.problem,
        objective: i.objective,
        department: i.department ?? '',
        build_cost: n(likely(i.build_cost)),
        run_monthly: n(likely(i.run_monthly)),
        effort: n(i.effort_person_weeks),
        probability: String(Math.round(i.probability_of_success * 100)),
        eu_ai_act: i.eu_ai_act,
        kpi_name: i.kpi?.name ?? '',
        kpi_unit: i.kpi?.unit ?? '',
        kpi_direction: i.kpi?.direction ?? 'up',
        kpi_baseline: n(i.kpi?.baseline),
        kpi_target: n(i.kpi?.target),
      });
    } catch (err) {
      setDetail(undefined);
      setFailure(`The template could not be loaded: ${err instanceof Error ? err.message : 'no answer'}`);
    }
  };

  const num = (v: IntakeForm, k: keyof IntakeForm) => (v[k] === '' || !fmt ? undefined : readNumber(v[k], NUMBER_FIELDS[k]!.kind, fmt).value);
  /** A cost left at the template's likely value keeps the template's range. */
  const costOf = (typed: number | undefined, drafted: Quantity | undefined) => (drafted !== undefined && typeof drafted !== 'number' && typed === drafted.likely ? drafted : typed);

  const submit = (v: IntakeForm) => {
    setFailure(undefined);
    const kpiName = v.kpi_name.trim();
    propose.mutate({
      ...(draft ? { template: draft.template, tags: draft.tags } : { value_kind: v.value_kind, monthly_value: { low: num(v, 'value_low'), likely: num(v, 'value_likely'), high: num(v, 'value_high') } }),
      title: v.title,
      problem: v.problem,
      objective: v.objective,
      owner: v.owner,
      sponsor: v.sponsor,
      department: v.department,
      team: v.team,
      build_cost: costOf(num(v, 'build_cost'), draft?.build_cost),
      run_monthly: costOf(num(v, 'run_monthly'), draft?.run_monthly),
      effort_person_weeks: num(v, 'effort'),
      // Entered as a percentage, sent as the fraction the API stores.
      probability_of_success: (num(v, 'probability') ?? 50) / 100,
      eu_ai_act: v.eu_ai_act,
      ...(kpiName
        ? {
            kpi: {
              id: draft?.kpi && draft.kpi.name === kpiName ? draft.kpi.id : kpiName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '') || 'kpi',
              name: kpiName,
              unit: v.kpi_unit || 'units',
              direction: v.kpi_direction,
              target: num(v, 'kpi_target'),
              ...(num(v, 'kpi_baseline') !== undefined ? { baseline: num(v, 'kpi_baseline') } : {}),
            },
          }
        : {}),
    });
  };

  const rules = (name: keyof IntakeForm, label: string): RegisterOptions<IntakeForm, keyof IntakeForm> => {
    const n = NUMBER_FIELDS[name];
    if (!n) return { validate: (v) => (['title', 'problem', 'objective', 'owner', 'sponsor', 'department'].includes(name) && String(v).trim() === '' ? `${label} is missing` : true) };
    return {
      validate: (v) => {
        if (String(v).trim() === '') return n.required ? `${n.label} is missing` : true;
        if (!fmt) return true;
        const r = readNumber(String(v), n.kind, fmt);
        return r.problem ? `${n.label} ${r.problem}` : true;
      },
    };
  };

  const field = (name: keyof IntakeForm, label: string, control: 'input' | 'textarea' | 'number', extra: { hint?: string; placeholder?: string; rows?: number } = {}) => {
    const err = errors[name]?.message;
    const kind = NUMBER_FIELDS[name]?.kind;
    const hint = kind ? understood(watch(name) ?? '', kind, fmt) : undefined;
    const common = { ...register(name, rules(name, label)), id: `f-${name}`, 'aria-invalid': err ? true : undefined, 'aria-describedby': [err ? `${name}-error` : '', hint || extra.hint ? `${name}-hint` : ''].filter(Boolean).join(' ') || undefined, placeholder: extra.placeholder };
    return (
      <label className={err ? 'invalid' : undefined}>
        {label}
        {control === 'textarea' ? <textarea {...common} rows={extra.rows ?? 3} /> : <input {...common} inputMode={control === 'number' ? 'decimal' : undefined} autoComplete="off" />}
        {(hint || extra.hint) && (
          <small className="muted" id={`${name}-hint`}>
            {hint ?? extra.hint}
          </small>
        )}
        {err && (
          <small className="error" id={`${name}-error`}>
            {err}
          </small>
        )}
      </label>
    );
  };
  const select = (name: keyof IntakeForm, label: string, options: [string, string][]) => (
    <label className={errors[name] ? 'invalid' : undefined}>
      {label}
      <select {...register(name)} aria-invalid={errors[name] ? true : undefined}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {errors[name] && <small className="error">{errors[name]?.message}</small>}
    </label>
  );
  const count = Object.keys(errors).length;
  const example = fmt ? formatNumber(5000, fmt.locale) : '5,000';

  return (
    <>
      <div className="page-head">
        <h1>Propose a use case</h1>
        <p className="muted">
          Rough numbers are fine: give a range where you are unsure. A portfolio owner reviews your proposal; you can follow it and change it under <Link href="/proposals/mine">My proposals</Link>. Many ideas in a spreadsheet already? <Link href="/import">Import them</Link>.
        </p>
      </div>
      <form className="intake" onSubmit={handleSubmit(submit)} noValidate>
        <TemplatePicker value={templateId} onPick={(id) => void pick(id)} />
        <fieldset>
          <legend>The idea</legend>
          {field('title', 'Title', 'input')}
          {similar.data && similar.data.items.length > 0 && <SimilarList items={similar.data.items} heading="Already proposed or under way, and reading alike: is yours one of these?" />}
          {field('problem', 'What goes wrong today, and for whom?', 'textarea')}
          {field('objective', 'What should be true afterwards?', 'textarea', { rows: 2 })}
        </fieldset>
        <fieldset className="grid-2">
          <legend>People</legend>
          {field('owner', 'Owner', 'input')}
          {field('sponsor', 'Sponsor', 'input')}
          {field('department', 'Department', 'input')}
          {select(
            'team',
            'Delivery team',
            (workspace?.teams ?? []).map((t) => [t.id, t.name]),
          )}
        </fieldset>
        {detail ? (
          <TemplateValue detail={detail} />
        ) : (
          <fieldset className="grid-3">
            <legend>Value per month once in use ({fmt?.currency ?? workspace?.currency ?? 'EUR'})</legend>
            <p className="muted small full">Type amounts as you usually write them, such as {example}.</p>
            {field('value_low', 'At least', 'number')}
            {field('value_likely', 'Most likely', 'number')}
            {field('value_high', 'At most', 'number')}
            {select('value_kind', 'Kind of value', [
              ['cost_saving', 'Cost saving'],
              ['revenue', 'Revenue'],
              ['risk_reduction', 'Risk reduction'],
              ['other', 'Other'],
            ])}
          </fieldset>
        )}
        <fieldset className="grid-3">
          <legend>Cost, effort and risk</legend>
          {field('build_cost', 'One-off build cost', 'number')}
          {field('run_monthly', 'Run cost per month', 'number')}
          {field('effort', 'Effort (person-weeks)', 'number')}
          {field('probability', 'Chance of success (%)', 'number')}
          {select('eu_ai_act', 'EU AI Act risk class', [
            ['minimal', 'Minimal'],
            ['limited', 'Limited (transparency duties)'],
            ['high', 'High'],
            ['prohibited', 'Prohibited'],
          ])}
        </fieldset>
        <fieldset className="grid-3">
          <legend>Main KPI (optional)</legend>
          {field('kpi_name', 'Name', 'input', { placeholder: 'e.g. First-contact resolution' })}
          {field('kpi_unit', 'Unit', 'input', { placeholder: '%' })}
          {select('kpi_direction', 'Better when', [
            ['up', 'Higher'],
            ['down', 'Lower'],
          ])}
          {field('kpi_baseline', 'Today', 'number')}
          {field('kpi_target', 'Target', 'number')}
        </fieldset>
        {count > 0 && (
          <p className="error" role="alert">
            {count === 1 ? 'One field needs a look; it is marked above.' : `${count} fields need a look; each is marked above.`}
          </p>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" disabled={propose.isPending}>
          {propose.isPending ? 'Submitting…' : 'Submit proposal'}
        </button>
      </form>
    </>
  );
}
