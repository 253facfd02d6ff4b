// Voting, stacking, bagging and calibration against scikit-learn 1.2.1 (tests/fixtures/ensemble/make-ensemble-fixtures.py)
// on the reference split: fitted on the train rows, compared on every other row.
// Tolerance: every predicted label equal; probabilities within 1e-7 (voting, bagging, isotonic), 1e-4 (stacking's
// logistic meta model and the Platt fit are iterative optimisers: equal to the optimiser's tolerance), 1e-3 for a
// calibrated lr (its scores are L-BFGS results fed to a step-function calibrator); regression outputs within 1e-12
// relative (1e-8 for stacking). Members are models the engine reproduces exactly; see the fixture script for why dt is not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Estimator } from '../../../src/engine/core/estimator.js';
import { AdaBoostMetaClassifier, AdaBoostMetaRegressor } from '../../../src/engine/ensemble/adaboost.js';
import { BaggingClassifier, BaggingRegressor } from '../../../src/engine/ensemble/bagging.js';
import { CalibratedClassifierCV } from '../../../src/engine/ensemble/calibration.js';
import { StackingClassifier, StackingRegressor } from '../../../src/engine/ensemble/stacking.js';
import { VotingClassifier, VotingRegressor } from '../../../src/engine/ensemble/voting.js';
import { loadSplit, maxAbsDiff, resolver, type Split } from './data.js';

interface Case {
  dataset: string;
  kind: string;
  members?: string[];
  member?: string;
  voting?: 'soft' | 'hard';
  weights?: number[] | null;
  final?: string;
  passthrough?: boolean;
  nEstimators?: number;
  randomState?: number;
  method?: 'sigmoid' | 'isotonic';
  cv?: number;
  algorithm?: 'SAMME.R' | 'SAMME';
  learningRate?: number;
  loss?: 'linear' | 'square' | 'exponential';
  predict: number[];
  proba?: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ensemble/sklearn-ensemble.json', import.meta.url), 'utf8')) as { cases: Case[] };
const splits = new Map<string, Split>();
const split = (name: string): Split => {
  if (!splits.has(name)) splits.set(name, loadSplit(name));
  return splits.get(name) as Split;
};
const seeded = (id: string): { modelId: string; params: Record<string, unknown> } => ({ modelId: id, params: id === 'dt' ? { randomState: 123 } : {} });

function build(c: Case): Estimator {
  const clf = resolver('classification');
  const reg = resolver('regression');
  const members = (c.members ?? []).map(seeded);
  switch (c.kind) {
    case 'voting':
      return new VotingClassifier({ estimators: members, voting: c.voting, weights: c.weights ?? null }, clf);
    case 'votingRegressor':
      return new VotingRegressor({ estimators: members, weights: c.weights ?? null }, reg);
    case 'stacking':
      return new StackingClassifier({ estimators: members, finalEstimator: { modelId: c.final ?? 'lr' }, cv: 5, passthrough: c.passthrough }, clf);
    case 'stackingRegressor':
      return new StackingRegressor({ estimators: members, finalEstimator: { modelId: c.final ?? 'lr' }, cv: 5, passthrough: c.passthrough }, reg);
    case 'bagging':
      return new BaggingClassifier({ estimator: { modelId: c.member as string }, nEstimators: c.nEstimators, randomState: c.randomState }, clf);
    case 'baggingRegressor':
      return new BaggingRegressor({ estimator: { modelId: c.member as string }, nEstimators: c.nEstimators, randomState: c.randomState }, reg);
    case 'calibration':
      return new CalibratedClassifierCV({ estimator: seeded(c.member as string), method: c.method, cv: c.cv }, clf);
    case 'boosting':
      return new AdaBoostMetaClassifier({ estimator: { modelId: c.member as string }, algorithm: c.algorithm, learningRate: c.learningRate, nEstimators: c.nEstimators, randomState: c.randomState }, clf);
    case 'boostingRegressor':
      return new AdaBoostMetaRegressor({ estimator: { modelId: c.member as string }, loss: c.loss, nEstimators: c.nEstimators, randomState: c.randomState }, reg);
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
}

const label = (c: Case): string => `${c.dataset} ${c.kind} ${c.members?.join('+') ?? c.member} ${c.voting ?? c.method ?? c.algorithm ?? c.loss ?? ''}${c.weights ? ' w' + c.weights.join(',') : ''}${c.passthrough ? ' passthrough' : ''}`;

describe('ensemble parity with scikit-learn 1.2.1', () => {
  it.each(fixture.cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const s = split(c.dataset);
    const model = build(c).fit(s.X, s.y);
    const pred = model.predict(s.Xt);
    const regression = c.kind.endsWith('Regressor');
    if (regression) {
      const scale = Math.max(...c.predict.map(Math.abs));
      expect(maxAbsDiff(pred, c.predict) / scale, 'relative regression output difference').toBeLessThanOrEqual(c.kind === 'stackingRegressor' ? 1e-8 : 1e-12);
    } else {
      const mismatches = c.predict.filter((v, i) => v !== pred[i]).length;
      expect(mismatches, 'rows predicted differently').toBe(0);
    }
    if (c.proba) {
      const P = (model as unknown as { predictProba(X: unknown): { data: Float64Array } }).predictProba(s.Xt);
      const tol = c.member === 'lr' ? 1e-3 : c.kind === 'stacking' || c.method === 'sigmoid' ? 1e-4 : 1e-7;
      expect(maxAbsDiff(P.data, c.proba.flat()), 'probability difference').toBeLessThanOrEqual(tol);
    }
  });
});
