// A problem with what the user gave the bench (options, prompt file, template), named
// precisely; the CLI prints it as a usage error (exit 2) before any request is sent.
export class BenchInputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'BenchInputError';
  }
}
