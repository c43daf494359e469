import { describe, expect, it } from 'vitest';
import { kpiDue } from './inbox.js';

describe('kpiDue', () => {
  it('is due once the latest value is a cadence old (7, 31, 92 days), and at once without a value', () => {
    // 2026-01-31 + 31 days = 2026-03-03; + 7 days = 2026-02-07; 2025-12-01 + 92 days = 2026-03-03.
    expect(kpiDue('monthly', '2026-01-31', '2026-03-02')).toEqual({ due: false, since: '2026-03-03' });
    expect(kpiDue('monthly', '2026-01-31', '2026-03-03')).toEqual({ due: true, since: '2026-03-03' });
    expect(kpiDue('weekly', '2026-01-31', '2026-02-07')).toEqual({ due: true, since: '2026-02-07' });
    expect(kpiDue('weekly', '2026-01-31', '2026-02-06')).toEqual({ due: false, since: '2026-02-07' });
    expect(kpiDue('quarterly', '2025-12-01', '2026-03-03')).toEqual({ due: true, since: '2026-03-03' });
    expect(kpiDue('quarterly', '2025-12-01', '2026-03-02').due).toBe(false);
    expect(kpiDue('monthly', undefined, '2026-03-02')).toEqual({ due: true, since: null });
  });
});
