// classWeight 'balanced' against scikit-learn 1.2.1 (tests/fixtures/class-weight/make.py): lr, ridge, svm (SGD)
// and dt on an imbalanced binary and three-class dataset; fitted with and without weights, so a weight that
// were ignored would fail the 'balanced' comparison.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Estimator } from '../../src/engine/core/estimator.js';
import { classWeightedSampleWeight } from '../../src/engine/core/class-weight.js';
import { matrix, type Matrix } from '../../src/engine/core/matrix.js';
import { probabilitiesOf } from '../../src/engine/core/estimator.js';
import { LINEAR_SPECS } from '../../src/engine/models/linear.js';
import { SVM_SPECS } from '../../src/engine/models/svm.js';
import { TREE_SPECS } from '../../src/engine/models/trees.js';
import { BOOSTING_SPECS } from '../../src/engine/models/boosting.js';

interface ModelRef {
  coef?: number[];
  intercept?: number[];
  proba?: number[][];
  predict?: number[];
}
interface DatasetRef {
  name: string;
  X: number[][];
  y: number[];
  nTrain: number;
  models: Record<'balanced' | 'none', Record<'lr' | 'ridge' | 'svm' | 'dt' | 'dt3', ModelRef>>;
}
const REF = JSON.parse(readFileSync(new URL('../fixtures/class-weight/reference.json', import.meta.url), 'utf8')) as { datasets: DatasetRef[] };

function rows(X: number[][]): Matrix {
  return matrix(X.length, (X[0] as number[]).length, Float64Array.from(X.flat()));
}
function spec(id: string, specs = [...LINEAR_SPECS, ...SVM_SPECS, ...TREE_SPECS, ...BOOSTING_SPECS]) {
  const s = specs.find((x) => x.id === id && x.task === 'classification');
  if (!s) throw new Error(id);
  return s;
}
function state(e: Estimator): { coef: number[]; intercept: number[] } {
  return e.toJSON().state as { coef: number[]; intercept: number[] };
}

describe.each(REF.datasets)('classWeight on $name', (d) => {
  const Xtr = rows(d.X.slice(0, d.nTrain));
  const ytr = Float64Array.from(d.y.slice(0, d.nTrain));
  const Xte = rows(d.X.slice(d.nTrain));

  it.each(['balanced', 'none'] as const)('lr (%s): coefficients and probabilities as scikit-learn', (cw) => {
    const ref = d.models[cw].lr;
    const lr = spec('lr').create({ classWeight: cw === 'balanced' ? 'balanced' : null, tol: 1e-10, maxIter: 10000 }).fit(Xtr, ytr);
    if (d.name === 'binary') {
      // (multinomial coefficients are stored in another parametrisation: compared through the probabilities)
      const s = state(lr);
      s.coef.forEach((v, i) => expect(v).toBeCloseTo(ref.coef![i] as number, 4));
      s.intercept.forEach((v, i) => expect(v).toBeCloseTo(ref.intercept![i] as number, 4));
    }
    // scikit-learn's lbfgs stops within ~1e-5 of the optimum ours reaches
    const proba = probabilitiesOf(lr, Xte)!.proba;
    ref.proba!.flat().forEach((p, i) => expect(Math.abs((proba.data[i] as number) - p)).toBeLessThan(5e-5));
  });

  it.each(['balanced', 'none'] as const)('ridge (%s): coefficients to 1e-9 and predictions as scikit-learn', (cw) => {
    const ref = d.models[cw].ridge;
    const r = spec('ridge').create({ classWeight: cw === 'balanced' ? 'balanced' : null }).fit(Xtr, ytr);
    const s = state(r);
    s.coef.forEach((v, i) => expect(Math.abs(v - (ref.coef![i] as number))).toBeLessThan(1e-9));
    s.intercept.forEach((v, i) => expect(Math.abs(v - (ref.intercept![i] as number))).toBeLessThan(1e-9));
    expect(Array.from(r.predict(Xte))).toEqual(ref.predict);
  });

  it.each(['balanced', 'none'] as const)('svm (SGD hinge, %s): coefficients as scikit-learn', (cw) => {
    const ref = d.models[cw].svm;
    const m = spec('svm').create({ classWeight: cw === 'balanced' ? 'balanced' : null, randomState: 123 }).fit(Xtr, ytr);
    const s = state(m);
    s.coef.forEach((v, i) => expect(v).toBeCloseTo(ref.coef![i] as number, 6));
    expect(Array.from(m.predict(Xte))).toEqual(ref.predict);
  });

  it.each(['balanced', 'none'] as const)('dt max_depth 3 (%s): predictions and leaf probabilities as scikit-learn to 1e-9', (cw) => {
    const ref = d.models[cw].dt3;
    const m = spec('dt').create({ classWeight: cw === 'balanced' ? 'balanced' : null, randomState: 123, maxDepth: 3 }).fit(Xtr, ytr);
    expect(Array.from(m.predict(Xte))).toEqual(ref.predict);
    const proba = probabilitiesOf(m, Xte)!.proba;
    ref.proba!.flat().forEach((p, i) => expect(Math.abs((proba.data[i] as number) - p)).toBeLessThan(1e-9));
  });

  it('dt full depth: exact without weights; balanced agrees on >= 90% of rows', () => {
    // Deep in a weighted tree, candidate splits tie exactly in value and the summation order decides
    // which one floating point prefers; scikit-learn's order is not ours, so a few deep leaves differ.
    const none = spec('dt').create({ randomState: 123 }).fit(Xtr, ytr);
    expect(Array.from(none.predict(Xte))).toEqual(d.models.none.dt.predict);
    const bal = spec('dt').create({ classWeight: 'balanced', randomState: 123 }).fit(Xtr, ytr).predict(Xte);
    const agree = d.models.balanced.dt.predict!.filter((v, i) => v === bal[i]).length;
    expect(agree / bal.length).toBeGreaterThanOrEqual(0.9);
  });

  it('the balanced weights differ from none (the fixture can tell them apart)', () => {
    expect(d.models.balanced.lr.coef).not.toEqual(d.models.none.lr.coef);
    expect(d.models.balanced.dt.proba).not.toEqual(d.models.none.dt.proba);
  });

  it.each(['lightgbm', 'gbc'])('%s with classWeight balanced equals the model fitted with the balanced sample weights', (id) => {
    const s = spec(id);
    const weighted = s.create({ classWeight: 'balanced' }).fit(Xtr, ytr);
    const byHand = s.create({}).fit(Xtr, ytr, { sampleWeight: classWeightedSampleWeight('balanced', ytr) });
    const plain = s.create({}).fit(Xtr, ytr);
    const p = (e: Estimator) => Array.from(probabilitiesOf(e, Xte)!.proba.data);
    expect(p(weighted)).toEqual(p(byHand));
    expect(p(weighted)).not.toEqual(p(plain));
  });
});

describe('classWeight values', () => {
  it('balanced = n / (k · count): 8 rows of 6 / 2 → 0.667 and 2', () => {
    const w = classWeightedSampleWeight('balanced', Float64Array.from([0, 0, 0, 0, 0, 0, 1, 1]))!;
    expect(w[0]).toBeCloseTo(8 / 12, 12);
    expect(w[7]).toBe(2);
  });

  it.each([
    ['lr', 'heavy'],
    ['ridge', 3],
    ['svm', { 0: -1 }],
    ['lightgbm', 'balanced_subsample'],
    ['gbc', [1, 2]],
  ])('%s refuses classWeight %j with field params.classWeight', (id, bad) => {
    let err: unknown;
    try {
      spec(id).create({ classWeight: bad }).fit(matrix(2, 1, Float64Array.of(0, 1)), Float64Array.of(0, 1));
    } catch (e) {
      err = e;
    }
    expect((err as { field?: string }).field).toBe('params.classWeight');
  });

  it('regressors take no classWeight (gbr, lightgbm regressor)', () => {
    for (const id of ['gbr', 'lightgbm']) {
      const s = BOOSTING_SPECS.find((x) => x.id === id && x.task === 'regression')!;
      expect('classWeight' in s.create({}).getParams()).toBe(false);
      expect(() => s.create({ classWeight: 'balanced' })).toThrow(/classWeight/);
    }
  });
});
