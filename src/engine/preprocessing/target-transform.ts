// transformTarget (PyCaret's transform_target, scikit-learn's TransformedTargetRegressor): the regression target is
// mapped by a transformer fitted on the training rows' target, the models learn the mapped target and their
// predictions are mapped back, so every metric and prediction is on the original scale.
import type { Estimator, EstimatorJSON } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { PowerTransformer } from './power-transformer.js';
import { QuantileTransformer } from './quantile-transformer.js';

export type TargetTransformMethod = 'yeo-johnson' | 'quantile';

export interface TargetTransformJSON {
  method: TargetTransformMethod;
  transformer: unknown;
}

const column = (v: Float64Array): Matrix => ({ rows: v.length, cols: 1, data: Float64Array.from(v) });

/**
 * As PyCaret's _target_transformation: yeo-johnson = PowerTransformer(standardize=False), quantile =
 * QuantileTransformer(output_distribution="normal").
 */
export class TargetTransform {
  private constructor(
    readonly method: TargetTransformMethod,
    private readonly transformer: PowerTransformer | QuantileTransformer,
  ) {}

  static fit(method: TargetTransformMethod, y: Float64Array): TargetTransform {
    const t = method === 'yeo-johnson' ? new PowerTransformer(false).fit(column(y)) : new QuantileTransformer().fit(column(y));
    return new TargetTransform(method, t);
  }

  transform(y: Float64Array): Float64Array {
    return this.transformer.transform(column(y)).data;
  }

  inverse(p: Float64Array): Float64Array {
    return this.transformer.inverseTransform(column(p)).data;
  }

  toJSON(): TargetTransformJSON {
    return { method: this.method, transformer: this.transformer.toJSON() };
  }

  static fromJSON(json: unknown): TargetTransform {
    const o = json as Partial<TargetTransformJSON> | null;
    if (!o || (o.method !== 'yeo-johnson' && o.method !== 'quantile')) throw new EngineInputError('BAD_PIPELINE', 'malformed target transform', 'pipeline');
    const t = o.method === 'yeo-johnson' ? PowerTransformer.fromJSON(o.transformer, 1, 'target transform') : QuantileTransformer.fromJSON(o.transformer, 1, 'target transform');
    return new TargetTransform(o.method, t);
  }
}

/** The estimator's predictions mapped back to the original scale (what the metrics score); everything else delegated. */
export class InverseTargetEstimator implements Estimator {
  constructor(
    readonly inner: Estimator,
    private readonly target: TargetTransform,
  ) {}

  get type(): string {
    return this.inner.type;
  }

  get params(): Readonly<Estimator['params']> {
    return this.inner.params;
  }

  fit(): this {
    throw new Error('InverseTargetEstimator scores a fitted estimator; it is not fitted itself');
  }

  predict(X: Matrix): Float64Array {
    return this.target.inverse(this.inner.predict(X));
  }

  isFitted(): boolean {
    return this.inner.isFitted();
  }

  getParams(): Estimator['params'] {
    return this.inner.getParams();
  }

  clone(): Estimator {
    return this.inner.clone();
  }

  toJSON(): EstimatorJSON {
    return this.inner.toJSON();
  }
}

/** est itself without a target transform, else est with its predictions mapped back. */
export function onOriginalScale(est: Estimator, target: TargetTransform | null | undefined): Estimator {
  return target ? new InverseTargetEstimator(est, target) : est;
}
