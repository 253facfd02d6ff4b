// The estimator contract (scikit-learn's), checked over EVERY registered model of both tasks: it covers each
// family's models as they are registered.
import { describe, expect, it } from 'vitest';
import type { TaskType } from '../../src/engine/types.js';
import { isClassifier, type Estimator, type ModelSpec, type Params } from '../../src/engine/core/estimator.js';
import { matrix, type Matrix } from '../../src/engine/core/matrix.js';
import { Rng } from '../../src/engine/core/random.js';
import { MODEL_REGISTRY } from '../../src/engine/models/registry.js';

function dataset(task: TaskType, rows: number, cols: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = matrix(rows, cols);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = rng.normal() + (task === 'classification' && j < 2 ? 2 * c : 0);
      X.data[i * cols + j] = v;
      s += (j + 1) * v;
    }
    y[i] = task === 'classification' ? c : 10 + s + 0.5 * rng.normal();
  }
  return { X, y };
}

/**
 * Models that take missing values natively, as LightGBM and scikit-learn's HistGradientBoosting do (they
 * learn a direction for NaN at each split): for them NaN in X must give finite predictions, not an error.
 */
const NAN_NATIVE = new Set(['lightgbm']);

const seeded = (spec: ModelSpec, seed: number): Params => ('randomState' in spec.create({}).getParams() ? { randomState: seed } : {});
const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

function outputs(e: Estimator, X: Matrix): { pred: Float64Array; proba: Float64Array | null } {
  const proba = isClassifier(e) && e.predictProba ? e.predictProba(X).data : null;
  return { pred: e.predict(X), proba };
}

describe.each(['classification', 'regression'] as const)('estimator contract (%s)', (task) => {
  const specs = MODEL_REGISTRY.specs(task);
  const train = dataset(task, 90, 4, 1);
  const other = dataset(task, 60, 4, 2);
  const test = dataset(task, 25, 4, 3);

  it('has models registered', () => {
    expect(specs.length).toBeGreaterThan(0);
  });

  describe.each(specs.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
    it('fills defaults in the constructor, copies params, and knows its search space', () => {
      const a = spec.create({});
      expect(a.getParams()).toEqual(spec.create().getParams());
      const defaults = a.getParams();
      expect(Object.keys(defaults).length).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(defaults)) expect(v, `default of ${k}`).not.toBeUndefined();
      expect(spec.create(defaults).getParams()).toEqual(defaults);
      const p = a.getParams();
      p.__mutated = 1;
      expect(a.getParams()).not.toHaveProperty('__mutated');
      for (const k of Object.keys(spec.searchSpace)) expect(a.getParams(), `search-space param ${k}`).toHaveProperty(k);
      expect(a.isFitted()).toBe(false);
    });

    it('refuses to predict before fit (NotFittedError)', () => {
      expect(() => spec.create(seeded(spec, 1)).predict(test.X)).toThrowError(expect.objectContaining({ name: 'NotFittedError' }));
    });

    it('fit returns this, leaves params unchanged, and ignores an earlier fit', () => {
      const e = spec.create(seeded(spec, 5));
      const before = JSON.stringify(e.getParams());
      expect(e.fit(other.X, other.y)).toBe(e);
      expect(e.fit(train.X, train.y)).toBe(e);
      expect(JSON.stringify(e.getParams())).toBe(before);
      expect(e.isFitted()).toBe(true);
      const fresh = spec.create(seeded(spec, 5)).fit(train.X, train.y);
      expect(same(e.predict(test.X), fresh.predict(test.X))).toBe(true);
    });

    it('is deterministic for a given randomState', () => {
      const a = outputs(spec.create(seeded(spec, 7)).fit(train.X, train.y), test.X);
      const b = outputs(spec.create(seeded(spec, 7)).fit(train.X, train.y), test.X);
      expect(same(a.pred, b.pred)).toBe(true);
      if (a.proba && b.proba) expect(same(a.proba, b.proba)).toBe(true);
    });

    it('round-trips through JSON with identical predictions', () => {
      const e = spec.create(seeded(spec, 3)).fit(train.X, train.y);
      const json = JSON.parse(JSON.stringify(e.toJSON()));
      const back = spec.revive(json);
      expect(back.isFitted()).toBe(true);
      expect(back.type).toBe(e.type);
      const a = outputs(e, test.X);
      const b = outputs(back, test.X);
      expect(same(a.pred, b.pred)).toBe(true);
      if (a.proba) expect(b.proba && same(a.proba, b.proba)).toBe(true);
    });

    it('clone gives an unfitted copy with the same params (and overrides)', () => {
      const e = spec.create(seeded(spec, 3)).fit(train.X, train.y);
      const c = e.clone();
      expect(c.isFitted()).toBe(false);
      expect(c.getParams()).toEqual(e.getParams());
    });

    it('refuses NaN in X (unless it handles missing values natively) and a wrong column count', () => {
      const bad = matrix(train.X.rows, train.X.cols, train.X.data.slice());
      bad.data[5] = NaN;
      if (NAN_NATIVE.has(spec.id)) expect(spec.create(seeded(spec, 1)).fit(bad, train.y).predict(bad).every(Number.isFinite)).toBe(true);
      else expect(() => spec.create(seeded(spec, 1)).fit(bad, train.y)).toThrow();
      const e = spec.create(seeded(spec, 1)).fit(train.X, train.y);
      expect(() => e.predict(matrix(2, 3))).toThrow();
      expect(() => spec.create(seeded(spec, 1)).fit(train.X, train.y.subarray(0, 10))).toThrow();
    });

    if (task === 'classification') {
      it('reports sorted classes and probabilities that sum to 1', () => {
        const e = spec.create(seeded(spec, 1)).fit(train.X, train.y);
        if (!isClassifier(e)) throw new Error('a classification model must be a Classifier');
        expect(Array.from(e.classes ?? [])).toEqual([0, 1, 2]);
        const pred = e.predict(test.X);
        expect(pred.every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
        if (e.predictProba) {
          const P = e.predictProba(test.X);
          expect([P.rows, P.cols]).toEqual([test.X.rows, 3]);
          for (let i = 0; i < P.rows; i++) {
            const row = P.data.subarray(i * 3, i * 3 + 3);
            expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
          }
        }
      });

      it('labelsFromProba, where the model has it, gives exactly the labels predict gives', () => {
        const e = spec.create(seeded(spec, 1)).fit(train.X, train.y);
        if (!isClassifier(e) || !e.labelsFromProba || !e.predictProba) return;
        const labels = e.labelsFromProba(e.predictProba(test.X));
        expect(labels).not.toBeNull();
        expect(same(labels as Float64Array, e.predict(test.X))).toBe(true);
      });
    }
  });
});
