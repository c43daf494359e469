import { describe, expect, it } from 'vitest';
import { ActionError, ConflictError, EXIT_CODE, ForbiddenError, HTTP_STATUS, InvalidError, NotFoundError, UnavailableError } from './errors.js';

describe('action errors', () => {
  it('carry their kind, code, field and every problem', () => {
    const e = new InvalidError('2 problems', 'value', [
      { field: 'value.low', message: 'must not be negative' },
      { field: 'chance', message: 'a percentage from 0 to 100' },
    ]);
    expect(e).toBeInstanceOf(ActionError);
    expect([e.kind, e.code, e.field, e.problems.length]).toEqual(['invalid', 'invalid', 'value', 2]);
    expect(new ConflictError('archived', 'archived').code).toBe('archived');
  });

  it('map to one HTTP status and one exit code per kind', () => {
    const errors = [new InvalidError('x'), new ForbiddenError('x'), new NotFoundError('x'), new ConflictError('x'), new UnavailableError('x')];
    expect(errors.map((e) => HTTP_STATUS[e.kind])).toEqual([400, 403, 404, 409, 503]);
    expect(errors.map((e) => EXIT_CODE[e.kind])).toEqual([2, 2, 2, 1, 2]);
  });
});
