// A new roadmap scenario: a name, the budget per quarter, how many quarters, and use cases
// forced in or out. Blank fields keep the workspace's own settings.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { ApiError } from '../api';
import { createScenario, fundingKeys, type ScenarioInput } from '../api-funding';

interface FormValues {
  name: string;
  budget: string;
  quarters: string;
  mustDo: string[];
  mustNot: string[];
}

export function ScenarioForm({ useCases, onSaved }: { useCases: { id: string; title: string }[]; onSaved: () => void }) {
  const client = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<FormValues>({ defaultValues: { name: '', budget: '', quarters: '', mustDo: [], mustNot: [] } });
  const save = useMutation({
    mutationFn: createScenario,
    onSuccess: async () => {
      reset();
      await client.invalidateQueries({ queryKey: fundingKeys.scenarios });
      onSaved();
    },
    onError: (e: Error) => {
      const problems = e instanceof ApiError ? (e.body.problems ?? e.body.issues ?? []) : [];
      for (const p of problems) {
        const field = p.field.startsWith('budget') ? 'budget' : p.field.startsWith('quarters') ? 'quarters' : p.field.startsWith('must_do') ? 'mustDo' : p.field.startsWith('must_not') ? 'mustNot' : 'name';
        setError(field, { message: p.message });
      }
      if (problems.length === 0) setError('root', { message: e.message });
    },
  });
  const submit = (v: FormValues) => {
    const body: ScenarioInput = { name: v.name, must_do: v.mustDo, must_not: v.mustNot };
    if (v.budget.trim() !== '') body.budget_per_quarter = Number(v.budget.replace(/[\s,]/g, ''));
    if (v.quarters.trim() !== '') body.quarters = Number(v.quarters);
    save.mutate(body);
  };
  const e = formState.errors;
  return (
    <form className="scenario-form" onSubmit={handleSubmit(submit)} aria-label="New scenario" noValidate>
      <label>
        Name
        <input {...register('name', { required: 'give the scenario a name' })} aria-invalid={e.name ? true : undefined} placeholder="e.g. Lean 2027" />
        {e.name && <span className="error small">{e.name.message}</span>}
      </label>
      <label>
        Budget per quarter
        <input {...register('budget', { validate: (s) => s.trim() === '' || (Number.isFinite(Number(s.replace(/[\s,]/g, ''))) && Number(s.replace(/[\s,]/g, '')) >= 0) || 'an amount of 0 or more' })} inputMode="numeric" placeholder="as in traction.yaml" aria-invalid={e.budget ? true : undefined} />
        {e.budget && <span className="error small">{e.budget.message}</span>}
      </label>
      <label>
        Quarters
        <input {...register('quarters', { validate: (s) => s.trim() === '' || (Number.isInteger(Number(s)) && Number(s) >= 1 && Number(s) <= 40) || 'a whole number from 1 to 40' })} inputMode="numeric" placeholder="as in traction.yaml" aria-invalid={e.quarters ? true : undefined} />
        {e.quarters && <span className="error small">{e.quarters.message}</span>}
      </label>
      <fieldset>
        <legend>Always fund</legend>
        {useCases.map((u) => (
          <label key={u.id} className="check">
            <input type="checkbox" value={u.id} {...register('mustDo')} /> {u.title}
          </label>
        ))}
        {e.mustDo && <span className="error small">{e.mustDo.message}</span>}
      </fieldset>
      <fieldset>
        <legend>Never fund</legend>
        {useCases.map((u) => (
          <label key={u.id} className="check">
            <input type="checkbox" value={u.id} {...register('mustNot')} /> {u.title}
          </label>
        ))}
        {e.mustNot && <span className="error small">{e.mustNot.message}</span>}
      </fieldset>
      {e.root && (
        <p className="error" role="alert">
          {e.root.message}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save scenario'}
      </button>
    </form>
  );
}
