import type { EngineErrorCode } from './types.js';

/**
 * Bad input to the engine (data, parameters, a pipeline file). The server maps it to a GraphQL
 * BAD_USER_INPUT error; `field` names what is at fault (a column, a parameter path such as "params.fold").
 */
export class EngineInputError extends Error {
  override readonly name = 'EngineInputError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isEngineInputError(e: unknown): e is EngineInputError {
  return e instanceof Error && e.name === 'EngineInputError' && 'code' in e;
}
