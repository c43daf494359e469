// The production-readiness rubric (the ML Test Score of Breck et al., 2017): 28 tests in four
// sections, each answered as not done / done by hand / automated, with an optional note. Only
// changed answers are sent; the score is the weakest section's sum.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { answerRubric, fetchRubric, gateKey, rubricKey, type RubricAnswer, type RubricSheet } from '../api-gates';

type FormValues = Record<string, { score: string; note: string }>;

const SCORE_TEXT: Record<string, string> = { '0': 'Not done', '0.5': 'Done by hand, written down', '1': 'Automated' };

function defaults(sheet: RubricSheet): FormValues {
  const out: FormValues = {};
  for (const s of sheet.sections) for (const i of s.items) out[i.id] = { score: i.answer ? String(i.answer.score) : '', note: i.answer?.note ?? '' };
  return out;
}

export function RubricPanel({ id, canAnswer }: { id: string; canAnswer: boolean }) {
  const qc = useQueryClient();
  const sheet = useQuery({ queryKey: rubricKey(id), queryFn: () => fetchRubric(id) });
  const { register, handleSubmit, reset, formState } = useForm<FormValues>();
  useEffect(() => {
    if (sheet.data) reset(defaults(sheet.data));
  }, [sheet.data, reset]);
  const save = useMutation({
    mutationFn: (answers: RubricAnswer[]) => answerRubric(id, answers),
    onSuccess: (next) => {
      qc.setQueryData(rubricKey(id), next);
      void qc.invalidateQueries({ queryKey: gateKey(id) });
    },
  });
  if (sheet.error) return <section className="panel"><h2>Production readiness</h2><p className="error">{sheet.error.message}</p></section>;
  if (!sheet.data) return <section className="panel"><h2>Production readiness</h2><p className="muted">Loading…</p></section>;
  const s = sheet.data;

  const submit = (values: FormValues) => {
    const before = defaults(s);
    const changed = Object.entries(values).filter(([item, v]) => v.score !== '' && (v.score !== before[item]?.score || v.note !== before[item]?.note));
    if (changed.length === 0) return;
    save.mutate(changed.map(([item, v]) => ({ item, score: Number(v.score), note: v.note.trim() || null })));
  };

  return (
    <section className="panel" aria-labelledby="rubric">
      <h2 id="rubric">Production readiness</h2>
      <p>
        Score <strong>{s.score}</strong> of 7 ({s.answered} of {s.total_items} tests answered): {s.interpretation}
      </p>
      <p className="small muted">
        The ML Test Score (Breck et al., 2017): 28 tests in four sections. Each test counts 0 when not done, ½ when done by hand with the results written down and shared, 1 when automated and run
        repeatedly. The score is the lowest of the four section sums, because every section matters.
      </p>
      <details>
        <summary>{canAnswer ? 'Answer the tests' : 'See the tests'}</summary>
        <form onSubmit={handleSubmit(submit)} className="rubric-form">
          {s.sections.map((section) => (
            <fieldset key={section.id} disabled={!canAnswer}>
              <legend>
                {section.title}: {section.sum} of 7
              </legend>
              {section.items.map((item, n) => (
                <div key={item.id} className="rubric-item">
                  <p className="rubric-text">
                    {n + 1}. {item.text}
                  </p>
                  <p className="small muted rubric-help">{item.help}</p>
                  <div role="radiogroup" aria-label={item.text} className="rubric-scores">
                    {s.scores.map((choice) => (
                      <label key={choice.value} title={choice.label}>
                        <input type="radio" value={String(choice.value)} {...register(`${item.id}.score`)} /> {SCORE_TEXT[String(choice.value)]}
                      </label>
                    ))}
                  </div>
                  <label className="small">
                    How it is done (optional)
                    <input type="text" maxLength={2000} {...register(`${item.id}.note`)} />
                  </label>
                </div>
              ))}
            </fieldset>
          ))}
          {canAnswer && (
            <button type="submit" disabled={save.isPending || !formState.isDirty}>
              Save answers
            </button>
          )}
          {save.isSuccess && !formState.isDirty && <p role="status" className="notice">Answers saved; the score is now {save.data.score} of 7.</p>}
          {save.error && <p className="error" role="alert">{save.error.message}</p>}
        </form>
      </details>
    </section>
  );
}
