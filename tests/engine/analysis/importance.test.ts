import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrix, takeRows, takeValues, type Matrix } from '../../../src/engine/core/matrix.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import { GradientBoostingRegressor } from '../../../src/engine/boosting/gradient-boosting.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../../src/engine/tree/decision-tree.js';
import { RandomForestClassifier } from '../../../src/engine/ensemble/forest.js';
import { boostingGainImportance, forestImpurityImportance, linearImportance, toFeatureImportances, treeImpurityImportance } from '../../../src/engine/analysis/native-importance.js';
import { shapModelFor } from '../../../src/engine/analysis/shap-adapters.js';
import { shapSummary } from '../../../src/engine/analysis/shap-summary.js';
import { meanAbsShap, treeShap } from '../../../src/engine/analysis/tree-shap.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/analysis/tree-importances.json', import.meta.url), 'utf8')) as Record<'iris' | 'diabetes', { columns: string[]; importances: number[]; nodes: number }>;

function trainPart(name: 'iris' | 'diabetes'): { X: Matrix; y: Float64Array } {
  const split = JSON.parse(readFileSync(new URL(`../../fixtures/reference-splits-${name}.json`, import.meta.url), 'utf8')) as { train_idx: number[] };
  const frame = loadBuiltinDataset(name);
  const features = frame.columns.filter((c) => c.name !== 'target');
  const target = frame.require('target');
  if (target.kind !== 'numeric') throw new Error('numeric target expected');
  const X = matrix(frame.rows, features.length);
  features.forEach((c, j) => {
    if (c.kind !== 'numeric') throw new Error('numeric features expected');
    for (let i = 0; i < frame.rows; i++) X.data[i * features.length + j] = c.values[i] as number;
  });
  return { X: takeRows(X, split.train_idx), y: takeValues(target.values, split.train_idx) };
}

describe('impurity importance = scikit-learn feature_importances_ where the engine grows scikit-learn\'s tree', () => {
  it('dt classifier on the iris train part (random_state 123)', () => {
    const { X, y } = trainPart('iris');
    const dt = new DecisionTreeClassifier({ randomState: 123 }).fit(X, y);
    const tree = dt.fittedTrees()[0]!;
    expect(tree.nodeCount).toBe(fixture.iris.nodes);
    const imp = treeImpurityImportance(tree, X, y, 3, 4);
    imp.forEach((v, j) => expect(Math.abs(v - fixture.iris.importances[j]!)).toBeLessThan(1e-12));
  });
  it('dt regressor on the diabetes train part (random_state 123)', () => {
    const { X, y } = trainPart('diabetes');
    const dt = new DecisionTreeRegressor({ randomState: 123 }).fit(X, y);
    const tree = dt.fittedTrees()[0]!;
    expect(tree.nodeCount).toBe(fixture.diabetes.nodes);
    const imp = treeImpurityImportance(tree, X, y, null, 10);
    imp.forEach((v, j) => expect(Math.abs(v - fixture.diabetes.importances[j]!)).toBeLessThan(1e-10));
  });
  it('forest: mean of normalised tree importances, normalised', () => {
    const { X, y } = trainPart('iris');
    const rf = new RandomForestClassifier({ nEstimators: 5 }).fit(X, y);
    const imp = forestImpurityImportance(rf.fittedTrees().map((t) => treeImpurityImportance(t, X, y, 3, 4)), 4);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(forestImpurityImportance([Float64Array.of(1, 0), Float64Array.of(0.5, 0.5)], 2)).toEqual(Float64Array.of(0.75, 0.25));
  });
});

describe('linear, boosting gain, mapping to source columns', () => {
  it('|coef|, mean over classes for multiclass', () => {
    expect(Array.from(linearImportance(Float64Array.of(-2, 1, 4, -3), 2, 2))).toEqual([3, 2]);
    expect(() => linearImportance(Float64Array.of(1, 2, 3), 2, 2)).toThrow(RangeError);
  });
  it('one-hot columns are summed into their source; the toggle keeps encoded names', () => {
    const names = ['age', 'color_red', 'color_blue'];
    const source = ['age', 'color', 'color'];
    expect(toFeatureImportances([0.5, 0.2, 0.3], names, source)).toEqual([
      { feature: 'age', importance: 0.5, std: 0, method: 'native' },
      { feature: 'color', importance: 0.5, std: 0, method: 'native' },
    ]);
    expect(toFeatureImportances([0.5, 0.2, 0.3], names, source, true).map((f) => f.feature)).toEqual(names);
    expect(() => toFeatureImportances([1], names, source)).toThrow(RangeError);
  });
  it('boosting gain: a gbr on y = 10·x0 puts (almost) everything on x0', () => {
    const n = 200;
    const X = matrix(n, 3, Float64Array.from({ length: n * 3 }, (_, i) => ((i * 7919) % 101) / 10));
    const y = Float64Array.from({ length: n }, (_, i) => 10 * X.data[i * 3]!);
    const m = shapModelFor(new GradientBoostingRegressor({ nEstimators: 20 }).fit(X, y), X)!;
    const g = boostingGainImportance(m);
    expect(g.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(g[0]!).toBeGreaterThan(0.99);
  });
});

describe('SHAP summary', () => {
  it('mean |SHAP| per source column; one-hot columns summed per row before |·|', () => {
    const { X, y } = trainPart('iris');
    const rf = new RandomForestClassifier({ nEstimators: 5 }).fit(X, y);
    const model = shapModelFor(rf, X)!;
    const names = ['a', 'b', 'c', 'd'];
    const summary = shapSummary(model, X, names, null, 1);
    const direct = meanAbsShap(treeShap(model, X));
    summary.forEach((s, f) => expect(s.importance).toBeCloseTo((direct[f]! + direct[4 + f]! + direct[8 + f]!) / 3, 12));
    expect(summary[0]!.method).toBe('shap');
    const grouped = shapSummary(model, X, names, ['a', 'b', 'cd', 'cd'], 1);
    expect(grouped.map((g) => g.feature)).toEqual(['a', 'b', 'cd']);
    expect(grouped[2]!.importance).toBeLessThanOrEqual(summary[2]!.importance + summary[3]!.importance + 1e-12);
    // sampling: 50 of the 105 rows, deterministic
    expect(shapSummary(model, X, names, null, 1, 50)).toEqual(shapSummary(model, X, names, null, 1, 50));
    expect(() => shapSummary(model, X, ['a'], null, 1)).toThrow(RangeError);
  });
});

describe('sortImportances', () => {
  it('largest first, ties by name', async () => {
    const { sortImportances } = await import('../../../src/engine/analysis/sort-importances.js');
    const rows = [
      { feature: 'b', importance: 0.2, std: 0, method: 'native' },
      { feature: 'c', importance: 0.5, std: 0, method: 'native' },
      { feature: 'a', importance: 0.2, std: 0, method: 'native' },
    ];
    expect(sortImportances(rows).map((r) => r.feature)).toEqual(['c', 'a', 'b']);
  });
});
