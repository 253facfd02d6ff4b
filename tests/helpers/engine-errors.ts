// The EngineInputError a call throws (any other error is rethrown; none fails the test).
import { isEngineInputError, type EngineInputError } from '../../src/engine/index.js';

export function inputError(f: () => unknown): EngineInputError {
  try {
    f();
  } catch (e) {
    if (isEngineInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineInputError');
}

export async function inputErrorAsync(f: () => Promise<unknown>): Promise<EngineInputError> {
  try {
    await f();
  } catch (e) {
    if (isEngineInputError(e)) return e;
    throw e;
  }
  throw new Error('expected an EngineInputError');
}
