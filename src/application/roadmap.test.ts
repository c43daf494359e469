// The pure parts of the roadmap actions: quarter spans as people write them, and scenario
// bodies checked with every problem at once (unknown use cases included).
import { describe, expect, it } from 'vitest';
import { ActionError } from './errors.js';
import { checkScenario, quarterSpan, type PortfolioSnapshot } from './roadmap.js';

describe('quarterSpan', () => {
  it('writes one quarter, a span within a year and one across years', () => {
    expect(quarterSpan([])).toBe('');
    expect(quarterSpan(['2027-Q3'])).toBe('2027-Q3');
    expect(quarterSpan(['2027-Q1', '2027-Q2'])).toBe('2027-Q1–Q2');
    expect(quarterSpan(['2027-Q4', '2028-Q1', '2028-Q2'])).toBe('2027-Q4–2028-Q2');
  });
});

describe('checkScenario', () => {
  const snapshot = {
    workspace: { useCases: [{ id: 'churn' }, { id: 'pricing' }] },
    evaluation: { unvalued: [{ useCaseId: 'broken', problems: [] }] },
  } as unknown as PortfolioSnapshot;

  it('accepts a scenario naming known use cases, an unvalued one included, and fills the defaults', () => {
    expect(checkScenario({ name: ' Lean 2027 ', budget_per_quarter: [1, 2], must_not: ['broken'] }, snapshot)).toEqual({ name: 'Lean 2027', budget_per_quarter: [1, 2], must_do: [], must_not: ['broken'] });
  });

  it('names every problem at once', () => {
    const problems = (body: unknown) => {
      try {
        checkScenario(body, snapshot);
      } catch (e) {
        expect(e).toBeInstanceOf(ActionError);
        return (e as ActionError).problems.map((p) => p.field);
      }
      throw new Error('accepted');
    };
    expect(problems({ name: '', budget_per_quarter: -1, quarters: 0, colour: 'red' }).sort()).toEqual(['', 'budget_per_quarter', 'name', 'quarters'].sort());
    expect(problems({ name: 'x', must_do: ['churn', 'ghost'], must_not: ['phantom'] })).toEqual(['must_do.1', 'must_not.0']);
    expect(problems({ name: 'x', must_do: ['churn', 'churn'], must_not: ['churn'] }).sort()).toEqual(['must_do.1', 'must_not.0']);
    expect(problems({ name: 'x', budget_per_quarter: [1, 2], quarters: 3 })).toEqual(['budget_per_quarter']);
  });
});
