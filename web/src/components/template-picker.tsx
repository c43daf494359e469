// "Start from a template": the library grouped by business area, and, once one is picked,
// its value streams with every number and what it rests on (a source with its year, or an
// assumption), so the proposer sees where the estimate comes from before submitting.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { CATEGORY_LABEL, type Basis, type Quantity, type TemplateDetail, type TemplateSummary } from '../api-templates';

const RISK_LABEL: Record<string, string> = { minimal: 'minimal risk', limited: 'limited risk', high: 'high risk', prohibited: 'prohibited' };

export function TemplatePicker({ value, onPick }: { value: string; onPick: (id: string) => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[]>();
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    api<{ templates: TemplateSummary[] }>('/api/templates')
      .then((r) => setTemplates(r.templates))
      .catch((e: Error) => setFailed(e.message));
  }, []);
  const groups = Object.entries(CATEGORY_LABEL).map(([category, label]) => ({ label, items: (templates ?? []).filter((t) => t.category === category) }));
  const picked = templates?.find((t) => t.id === value);
  return (
    <fieldset>
      <legend>Start from a template (optional)</legend>
      <label>
        Common use case
        <select name="template" value={value} onChange={(e) => onPick(e.target.value)} disabled={!templates}>
          <option value="">No template: start from a blank form</option>
          {groups
            .filter((g) => g.items.length > 0)
            .map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.items.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
        <small className="muted">
          {failed ? `The templates could not be loaded: ${failed}` : 'Fills in the form with a typical case, its value, costs, main KPI and risk class. Change anything that differs for you.'}
        </small>
      </label>
      {picked && (
        <p className="template-summary">
          {picked.summary} <span className="muted">({RISK_LABEL[picked.eu_ai_act]} under the EU AI Act)</span>
        </p>
      )}
    </fieldset>
  );
}

const human = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');
const n = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 4 });
const range = (q: Quantity) => (typeof q === 'number' ? n(q) : `${n(q.low)} to ${n(q.high)}, most likely ${n(q.likely)}`);
const basisText = (b: Basis | undefined) => (!b ? '' : 'assumption' in b ? `Assumption: ${b.assumption}` : `Source: ${b.source} (${b.year}). ${b.note}`);

/** In place of the single monthly estimate: the template's value streams, read-only, each number with its basis. */
export function TemplateValue({ detail }: { detail: TemplateDetail }) {
  const t = detail.template;
  return (
    <fieldset className="template-value">
      <legend>Value per month, from the template</legend>
      <p className="muted">
        The estimate is worked out from these figures for a typical mid-sized company. The AI team replaces them with yours when refining the business case.
      </p>
      {t.use_case.value_streams.map((v) => (
        <section key={v.id}>
          <h2>{v.name}</h2>
          <dl>
            {Object.entries(v.inputs).map(([name, q]) => (
              <div key={name}>
                <dt>
                  {human(name)}: {range(q)}
                </dt>
                <dd className="muted">{basisText(t.basis[`value_streams.${v.id}.inputs.${name}`])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="muted">
        Risk class: {t.risk_basis} Gate policy: {detail.gate_policy.name}.
      </p>
    </fieldset>
  );
}
