// Why the run lifecycle refused a request, in terms a caller can map to its own error vocabulary
// (the resolvers turn it into BAD_USER_INPUT). `field` names the input at fault.
export class RunInputError extends Error {
  override readonly name = 'RunInputError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
