// One entry point to rebuild any meta-estimator of this folder from its toJSON() output.
import type { Estimator, EstimatorJSON } from '../core/estimator.js';
import { AdaBoostMetaClassifier, AdaBoostMetaRegressor } from './adaboost.js';
import { BaggingClassifier, BaggingRegressor } from './bagging.js';
import { CalibratedClassifierCV } from './calibration.js';
import { badState, type MemberResolver } from './members.js';
import { StackingClassifier, StackingRegressor } from './stacking.js';
import { VotingClassifier, VotingRegressor } from './voting.js';

const REVIVERS: Record<string, (json: EstimatorJSON, resolve: MemberResolver) => Estimator> = {
  [VotingClassifier.TYPE]: (j, r) => VotingClassifier.fromJSON(j, r),
  [VotingRegressor.TYPE]: (j, r) => VotingRegressor.fromJSON(j, r),
  [StackingClassifier.TYPE]: (j, r) => StackingClassifier.fromJSON(j, r),
  [StackingRegressor.TYPE]: (j, r) => StackingRegressor.fromJSON(j, r),
  [BaggingClassifier.TYPE]: (j, r) => BaggingClassifier.fromJSON(j, r),
  [BaggingRegressor.TYPE]: (j, r) => BaggingRegressor.fromJSON(j, r),
  [AdaBoostMetaClassifier.TYPE]: (j, r) => AdaBoostMetaClassifier.fromJSON(j, r),
  [AdaBoostMetaRegressor.TYPE]: (j, r) => AdaBoostMetaRegressor.fromJSON(j, r),
  [CalibratedClassifierCV.TYPE]: (j, r) => CalibratedClassifierCV.fromJSON(j, r),
};

export const META_ESTIMATOR_TYPES: readonly string[] = Object.keys(REVIVERS);

export function isMetaEstimatorJSON(json: EstimatorJSON): boolean {
  return typeof json?.type === 'string' && json.type in REVIVERS;
}

/**
 * Rebuilds a fitted meta-estimator; `resolve` maps each stored member's model id to its factory (pass
 * `(id) => registry.get(task, id)`), so members — meta-estimators included, if a resolver returns one — revive
 * through their own spec. Anything malformed is EngineInputError('BAD_PIPELINE').
 */
export function reviveMetaEstimator(json: EstimatorJSON, resolve: MemberResolver): Estimator {
  const revive = typeof json?.type === 'string' ? REVIVERS[json.type] : undefined;
  if (!revive) throw badState(`unknown meta-estimator type ${JSON.stringify(json?.type)}`);
  return revive(json, resolve);
}
