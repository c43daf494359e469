// An error in the portfolio's input, located by use case (or traction.yaml) and field path,
// so the CLI and the server can point at file:line without this module reading files.
export class PortfolioError extends Error {
  constructor(
    message: string,
    /** The use case the problem is in; undefined when it is in traction.yaml. */
    readonly useCaseId: string | undefined,
    /** Field path inside that file, e.g. ['value_streams', 0, 'formula']. */
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'PortfolioError';
  }
}
