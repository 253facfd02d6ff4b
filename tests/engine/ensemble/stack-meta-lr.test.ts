// The meta lr of a restacked StackingClassifier on breast_cancer against scikit-learn 1.2.1
// (tests/fixtures/ensemble/make-stack-meta-lr.py): member probabilities next to raw features of scale ~4000, the
// case where scikit-learn's own L-BFGS stops 3% above the optimum. The members (nb, knn, lda) are reproduced
// exactly, so the meta features must be scikit-learn's; the meta lr must reach the optimum of the same objective
// (newton-cholesky's), never stop above where scikit-learn's max_iter=1000 run stops.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../src/engine/core/matrix.js';
import { crossValPredict, cvFolds, hstack } from '../../../src/engine/ensemble/cross-val-predict.js';
import { StackingClassifier } from '../../../src/engine/ensemble/stacking.js';
import { loadSplit, maxAbsDiff, resolver } from './data.js';

interface LrFit {
  coef: number[];
  intercept: number;
  nIter: number;
  objective: number;
  decision: number[];
  predict: number[];
}
interface Fixture {
  members: string[];
  transform: number[][];
  maxIter1000: LrFit;
  converged: LrFit;
}

const fx = JSON.parse(readFileSync(new URL('../../fixtures/ensemble/sklearn-stack-meta-lr.json', import.meta.url), 'utf8')) as Fixture;
const clf = resolver('classification');
const s = loadSplit('breast_cancer');
const members = fx.members.map((modelId) => ({ modelId }));

/** scikit-learn 1.2's lbfgs objective at C = 1: sum of log losses + |w|²/2 (intercept not penalised). */
function objective(Z: Matrix, y: Float64Array, coef: ArrayLike<number>, intercept: number): number {
  let f = 0;
  for (let i = 0; i < Z.rows; i++) {
    let z = intercept;
    for (let j = 0; j < Z.cols; j++) z += (Z.data[i * Z.cols + j] as number) * (coef[j] as number);
    f += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] as number) * z;
  }
  for (let j = 0; j < Z.cols; j++) f += 0.5 * (coef[j] as number) ** 2;
  return f;
}

describe('restacked StackingClassifier: the meta lr on raw features (breast_cancer)', () => {
  const stack = new StackingClassifier({ estimators: members, cv: 5, passthrough: true }, clf).fit(s.X, s.y);
  const final = (stack.toJSON().state as { final: { estimator: { state: { coef: number[]; intercept: number[] } } } }).final.estimator.state;
  const coef = Float64Array.from(final.coef);
  const intercept = final.intercept[0] as number;
  const Zt = stack.transform(s.Xt);

  it("builds scikit-learn's meta features (out-of-fold P(class 1) per member, then the raw features)", () => {
    expect(Zt.cols).toBe(fx.transform[0]?.length);
    const want = fx.transform.flat();
    const scale = Math.max(...want.map(Math.abs));
    expect(maxAbsDiff(Zt.data, want) / scale).toBeLessThanOrEqual(1e-12);
  });

  it("reaches the optimum of scikit-learn's objective, below where scikit-learn's max_iter=1000 stops", () => {
    const folds = cvFolds(s.y, 5, true);
    const Z = hstack([...members.map((m) => crossValPredict(clf(m.modelId).create({}), 'predictProba', s.X, s.y, folds, 2)), s.X]);
    const ours = objective(Z, s.y, coef, intercept);
    expect(objective(Z, s.y, fx.converged.coef, fx.converged.intercept)).toBeCloseTo(fx.converged.objective, 8);
    expect(ours).toBeLessThan(fx.maxIter1000.objective - 1);
    expect(Math.abs(ours - fx.converged.objective) / fx.converged.objective).toBeLessThanOrEqual(1e-9);
  });

  it("equals the converged scikit-learn meta lr: coefficients, decision values and labels on the scored rows", () => {
    const norm = Math.max(...fx.converged.coef.map(Math.abs));
    expect(maxAbsDiff(coef, fx.converged.coef) / norm).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(intercept - fx.converged.intercept)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(fx.converged.intercept)));
    const decision = Array.from({ length: Zt.rows }, (_, i) => {
      let z = intercept;
      for (let j = 0; j < Zt.cols; j++) z += (Zt.data[i * Zt.cols + j] as number) * (coef[j] as number);
      return z;
    });
    expect(maxAbsDiff(decision, fx.converged.decision)).toBeLessThanOrEqual(1e-3);
    expect(Array.from(stack.predict(s.Xt))).toEqual(fx.converged.predict);
  });
});
