// The one set of typed errors every action of the application layer raises. The CLI maps
// them to exit codes (src/cli/run-cli.ts) and the server to HTTP statuses (src/server/errors.ts);
// an action never knows which of the two called it.
//
//   kind          HTTP  exit code
//   invalid        400  2 (usage)   the request's content: names the field, lists every problem
//   forbidden      403  2           the actor may not do this (role, ownership, not the author)
//   not_found      404  2           the thing named does not exist (with a "did you mean")
//   conflict       409  1 (failed)  the state forbids it now (archived, already decided, stale)
//   unavailable    503  2           a program the action needs is not installed here (e.g. Chromium for a PDF)

export type ActionErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

export interface ActionProblem {
  /** Dotted path into the request (`value.annual_value.low`); empty for the whole request. */
  field: string;
  message: string;
}

export class ActionError extends Error {
  constructor(
    readonly kind: ActionErrorKind,
    /** Stable and machine-readable: `invalid`, `archived`, `not_role_holder`, `duplicate`... */
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every problem found, all at once (validation), when there are any. */
    readonly problems: readonly ActionProblem[] = [],
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

export class InvalidError extends ActionError {
  constructor(message: string, field?: string, problems: readonly ActionProblem[] = [], code = 'invalid') {
    super('invalid', code, message, field, problems);
  }
}

export class ForbiddenError extends ActionError {
  constructor(message: string, code = 'forbidden', field?: string) {
    super('forbidden', code, message, field);
  }
}

export class NotFoundError extends ActionError {
  constructor(message: string, code = 'not_found') {
    super('not_found', code, message);
  }
}

export class ConflictError extends ActionError {
  constructor(message: string, code = 'conflict', field?: string) {
    super('conflict', code, message, field);
  }
}

/** The message names what to install; retrying will not help until someone installs it. */
export class UnavailableError extends ActionError {
  constructor(message: string, code = 'unavailable') {
    super('unavailable', code, message);
  }
}

export const HTTP_STATUS: Record<ActionErrorKind, 400 | 403 | 404 | 409 | 503> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503 };

/** The CLI's exit code (see EXIT in src/cli/output.ts): a state conflict is a failed outcome, the rest are usage errors. */
export const EXIT_CODE: Record<ActionErrorKind, 1 | 2> = { invalid: 2, forbidden: 2, not_found: 2, conflict: 1, unavailable: 2 };
