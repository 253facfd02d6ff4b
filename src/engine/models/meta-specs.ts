// The ModelSpecs of the meta-estimators the BLEND, STACK, ENSEMBLE and CALIBRATE plans return (PyCaret's
// blend_models, stack_models, ensemble_model, calibrate_model). They are never listed by models() nor compared:
// the registry resolves them for pipelines (load, finalize) and for fold tasks. Members are built through
// `resolve`, the registry's own base models.
import type { TaskType } from '../types.js';
import type { Estimator, EstimatorJSON, ModelSpec, Params } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
import { AdaBoostMetaClassifier, AdaBoostMetaRegressor } from '../ensemble/adaboost.js';
import { BaggingClassifier, BaggingRegressor } from '../ensemble/bagging.js';
import { CalibratedClassifierCV } from '../ensemble/calibration.js';
import type { MemberResolver } from '../ensemble/members.js';
import { StackingClassifier, StackingRegressor } from '../ensemble/stacking.js';
import { VotingClassifier, VotingRegressor } from '../ensemble/voting.js';

/** The ids of the meta models (a plan's verb decides which one it fits). */
export const META_MODEL_IDS = ['voting', 'stacking', 'bagging', 'boosting', 'calibrated'] as const;
export type MetaModelId = (typeof META_MODEL_IDS)[number];

interface MetaFamily {
  name: string;
  type: string;
  create(params: Params, resolve: MemberResolver): Estimator;
  revive(json: EstimatorJSON, resolve: MemberResolver): Estimator;
}

const FAMILIES: Record<TaskType, Partial<Record<MetaModelId, MetaFamily>>> = {
  classification: {
    voting: { name: 'Voting Classifier', type: VotingClassifier.TYPE, create: (p, r) => new VotingClassifier(p, r), revive: (j, r) => VotingClassifier.fromJSON(j, r) },
    stacking: { name: 'Stacking Classifier', type: StackingClassifier.TYPE, create: (p, r) => new StackingClassifier(p, r), revive: (j, r) => StackingClassifier.fromJSON(j, r) },
    bagging: { name: 'Bagging Classifier', type: BaggingClassifier.TYPE, create: (p, r) => new BaggingClassifier(p, r), revive: (j, r) => BaggingClassifier.fromJSON(j, r) },
    boosting: { name: 'AdaBoost Ensemble Classifier', type: AdaBoostMetaClassifier.TYPE, create: (p, r) => new AdaBoostMetaClassifier(p, r), revive: (j, r) => AdaBoostMetaClassifier.fromJSON(j, r) },
    calibrated: { name: 'Calibrated Classifier CV', type: CalibratedClassifierCV.TYPE, create: (p, r) => new CalibratedClassifierCV(p, r), revive: (j, r) => CalibratedClassifierCV.fromJSON(j, r) },
  },
  regression: {
    voting: { name: 'Voting Regressor', type: VotingRegressor.TYPE, create: (p, r) => new VotingRegressor(p, r), revive: (j, r) => VotingRegressor.fromJSON(j, r) },
    stacking: { name: 'Stacking Regressor', type: StackingRegressor.TYPE, create: (p, r) => new StackingRegressor(p, r), revive: (j, r) => StackingRegressor.fromJSON(j, r) },
    bagging: { name: 'Bagging Regressor', type: BaggingRegressor.TYPE, create: (p, r) => new BaggingRegressor(p, r), revive: (j, r) => BaggingRegressor.fromJSON(j, r) },
    boosting: { name: 'AdaBoost Ensemble Regressor', type: AdaBoostMetaRegressor.TYPE, create: (p, r) => new AdaBoostMetaRegressor(p, r), revive: (j, r) => AdaBoostMetaRegressor.fromJSON(j, r) },
  },
};

/** The meta ModelSpecs of a task, members resolved by `resolve`. */
export function metaSpecs(task: TaskType, resolve: MemberResolver): ModelSpec[] {
  const out: ModelSpec[] = [];
  for (const id of META_MODEL_IDS) {
    const family = FAMILIES[task][id];
    if (!family) continue;
    out.push({
      id,
      name: family.name,
      task,
      turbo: false,
      estimatorType: family.type,
      searchSpace: {},
      create(params: Params = {}): Estimator {
        return family.create(params, resolve);
      },
      revive(json: EstimatorJSON): Estimator {
        if (typeof json !== 'object' || json === null || json.type !== family.type) throw new EngineInputError('BAD_PIPELINE', `expected a ${family.type} estimator`, 'pipeline');
        return family.revive(json, resolve);
      },
    });
  }
  return out;
}
