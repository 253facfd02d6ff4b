// The ModelSpec of an estimator with restore() (BaseEstimator subclasses and the kernel models): create checks hyper-parameter names, revive checks the stored
// type and params and restores the fitted state. Shared by the families whose estimators extend BaseEstimator.
import type { TaskType } from '../types.js';
import { EngineInputError } from '../errors.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import type { BaseEstimator } from '../linear/base.js';

type AnyModel = BaseEstimator<Params, Record<string, number | Float64Array | boolean | string>>;

export function estimatorSpec(
  id: string,
  name: string,
  task: TaskType,
  factory: (params: Params) => Estimator,
  searchSpace: Record<string, unknown[]>,
  turbo = true,
): ModelSpec {
  const known = new Set([...Object.keys(factory({}).params), 'randomState']);
  const type = factory({}).type;
  const checkKeys = (params: Params, code: 'BAD_PARAM' | 'BAD_PIPELINE'): void => {
    for (const key of Object.keys(params)) {
      if (!known.has(key)) {
        throw new EngineInputError(code, `${name} has no hyper-parameter "${key}" (known: ${[...known].join(', ')})`, code === 'BAD_PARAM' ? `params.${key}` : 'pipeline');
      }
    }
  };
  return {
    id,
    name,
    task,
    turbo,
    searchSpace,
    create(params: Params = {}): Estimator {
      checkKeys(params, 'BAD_PARAM');
      return factory(params);
    },
    revive(json: EstimatorJSON): Estimator {
      if (typeof json !== 'object' || json === null || json.type !== type) {
        throw new EngineInputError('BAD_PIPELINE', `expected a ${type} estimator`, 'pipeline');
      }
      if (typeof json.params !== 'object' || json.params === null || Array.isArray(json.params)) {
        throw new EngineInputError('BAD_PIPELINE', `${type} params are not an object`, 'pipeline');
      }
      checkKeys(json.params, 'BAD_PIPELINE');
      const est = factory(json.params) as unknown as AnyModel;
      return est.restore(json.state);
    },
  };
}

export const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
