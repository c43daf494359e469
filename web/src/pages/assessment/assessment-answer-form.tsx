// The questionnaire as a form, the same for a logged-in person and for someone who came through
// an invitation link: first whether they answer as leadership or staff, then every item with its
// five levels described in plain words. An item may be left out ("I don't know"); the answers go
// to the server in one request, which stores all of them or none.
import { useState, type FormEvent } from 'react';
import type { Questionnaire, RespondentGroup, ResponseInput } from '../../api-assessment';

export function AnswerForm({ questionnaire, onSubmit }: { questionnaire: Questionnaire; onSubmit: (r: ResponseInput) => Promise<void> }) {
  const [group, setGroup] = useState<RespondentGroup>();
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const total = questionnaire.pillars.reduce((s, p) => s + p.items.length, 0);
  const answered = Object.keys(levels).length;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!group) {
      setError('Say first whether you answer as leadership or as staff.');
      document.getElementById('group')?.focus();
      return;
    }
    if (answered === 0) {
      setError('Answer at least one question.');
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      await onSubmit({ group, answers: Object.entries(levels).map(([item, level]) => ({ item, level })) });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="answer-form" onSubmit={submit} noValidate>
      <fieldset id="group" tabIndex={-1} className="statement">
        <legend>You answer as</legend>
        <div className="levels two">
          {(
            [
              ['leadership', 'Leadership', 'executives and senior managers'],
              ['staff', 'Staff', 'everyone else'],
            ] as const
          ).map(([value, name, who]) => (
            <label key={value} className={group === value ? 'level chosen' : 'level'}>
              <input type="radio" name="group" value={value} checked={group === value} onChange={() => setGroup(value)} />
              <span>
                <strong>{name}</strong> <span className="muted">({who})</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {questionnaire.pillars.map((p) => (
        <section key={p.id} className="pillar" aria-labelledby={`p-${p.id}`}>
          <h2 id={`p-${p.id}`}>{p.name}</h2>
          <p className="muted small">{p.description}</p>
          {p.items.map((item) => (
            <fieldset key={item.id} className="statement">
              <legend>{item.text}</legend>
              <div className="levels">
                {item.levels.map((text, i) => (
                  <label key={i} className={levels[item.id] === i + 1 ? 'level chosen' : 'level'}>
                    <input type="radio" name={item.id} value={i + 1} checked={levels[item.id] === i + 1} onChange={() => setLevels({ ...levels, [item.id]: i + 1 })} />
                    <span>
                      <strong>{i + 1}.</strong> {text}
                    </span>
                  </label>
                ))}
              </div>
              {levels[item.id] !== undefined && (
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    const { [item.id]: _, ...rest } = levels;
                    setLevels(rest);
                  }}
                >
                  Clear: I don&apos;t know
                </button>
              )}
            </fieldset>
          ))}
        </section>
      ))}
      <div className="submit-bar">
        <p className="small" aria-live="polite">
          {answered} of {total} answered{answered < total ? '; questions you leave out count as "don\'t know"' : ''}.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {sending ? 'Sending…' : 'Send my answers'}
        </button>
      </div>
    </form>
  );
}
