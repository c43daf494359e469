// The assessment's typed refusals: the API turns the code into a status, the CLI into an exit
// code; the message names what was wrong and where (`field`: a dotted path into the input).
export type AssessmentErrorCode = 'invalid' | 'not_found' | 'closed' | 'conflict' | 'questionnaire_invalid';

export class AssessmentError extends Error {
  constructor(
    readonly code: AssessmentErrorCode,
    message: string,
    readonly field?: string,
    /** Every problem found, when there are several (a response's bad answers, a questionnaire file's problems). */
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'AssessmentError';
  }
}
