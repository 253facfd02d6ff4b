// dt / rf / et: splits checkable by hand, sample weights, determinism, JSON round trip, bad input.
import { describe, expect, it } from 'vitest';
import type { Estimator, EstimatorJSON, ModelSpec } from '../../src/engine/core/estimator.js';
import { matrix, type Matrix } from '../../src/engine/core/matrix.js';
import { Rng } from '../../src/engine/core/random.js';
import { ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor } from '../../src/engine/ensemble/forest.js';
import { TREE_SPECS } from '../../src/engine/models/trees.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../src/engine/tree/decision-tree.js';
import { forestTreeSeeds } from '../../src/engine/tree/sklearn-random.js';
import type { ForestEstimator as TreeModel } from '../../src/engine/tree/forest-estimator.js';

const col = (...v: number[]): Matrix => matrix(v.length, 1, Float64Array.from(v));
const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const rootOf = (m: TreeModel): { feature: number; threshold: number } => {
  const t = m.fittedTrees()[0];
  if (!t) throw new Error('no tree');
  return { feature: t.feature[0] as number, threshold: t.threshold[0] as number };
};

function blobs(rows: number, seed: number, task: 'classification' | 'regression'): { X: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const X = matrix(rows, 5);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    for (let j = 0; j < 5; j++) X.data[i * 5 + j] = rng.normal() + (j < 2 ? 1.5 * c : 0);
    y[i] = task === 'classification' ? c : 3 * (X.data[i * 5] as number) - (X.data[i * 5 + 1] as number) + 0.3 * rng.normal();
  }
  return { X, y };
}

describe('decision tree: splits that must be found', () => {
  it('finds the separating threshold midway between the classes, with pure leaves', () => {
    const m = new DecisionTreeClassifier().fit(col(1, 2, 3, 4), f64(0, 0, 1, 1));
    expect(rootOf(m)).toEqual({ feature: 0, threshold: 2.5 });
    expect(m.treeSizes()).toEqual([3]);
    expect(Array.from(m.predictProba(col(0, 2.5, 2.6, 9)).data)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    expect(Array.from(m.predict(col(2.49, 2.51)))).toEqual([0, 1]);
  });

  it('splits on the only informative feature, and grows until every leaf is pure', () => {
    // feature 0 is noise, feature 1 separates; class labels need not be 0..k-1
    const X = matrix(6, 2, f64(5, 10, 1, 20, 4, 30, 2, 40, 6, 50, 3, 60));
    const y = f64(7, 7, 7, 9, 9, 9);
    const m = new DecisionTreeClassifier({ randomState: 3 }).fit(X, y);
    expect(rootOf(m)).toEqual({ feature: 1, threshold: 35 });
    expect(Array.from(m.classes ?? [])).toEqual([7, 9]);
    expect(Array.from(m.predict(X))).toEqual(Array.from(y));
    const xor = new DecisionTreeClassifier().fit(matrix(4, 2, f64(0, 0, 0, 1, 1, 0, 1, 1)), f64(0, 1, 1, 0));
    expect(Array.from(xor.predict(matrix(4, 2, f64(0, 0, 0, 1, 1, 0, 1, 1))))).toEqual([0, 1, 1, 0]);
  });

  it('sample weights move the split as the weighted Gini says', () => {
    // unweighted, 2.5 and 4.5 tie (weighted Gini 1.5 each) and the lower threshold wins; weight 5 on
    // the class-0 row at x=4 makes 4.5 the best split (1.75 against 3.75)
    const X = col(1, 2, 3, 4, 5, 6);
    const y = f64(0, 0, 1, 0, 1, 1);
    expect(rootOf(new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y)).threshold).toBe(2.5);
    const weighted = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y, { sampleWeight: f64(1, 1, 1, 5, 1, 1) });
    expect(rootOf(weighted).threshold).toBe(4.5);
    expect(Array.from(weighted.predictProba(col(0, 9)).data)).toEqual([7 / 8, 1 / 8, 0, 1]);
  });

  it('integer sample weights equal repeated rows; zero weights drop rows', () => {
    // one feature, so that no tie between features depends on the random draws (which differ: a node of
    // two equal rows draws features, a node of one row with weight 2 does not)
    const data = blobs(60, 4, 'classification');
    const y = data.y;
    const X = matrix(60, 1, Float64Array.from({ length: 60 }, (_, i) => data.X.data[i * 5] as number));
    const w = Float64Array.from({ length: 60 }, (_, i) => i % 4);
    const rows: number[] = [];
    w.forEach((k, i) => {
      for (let r = 0; r < k; r++) rows.push(i);
    });
    const Xr = matrix(rows.length, 1, Float64Array.from(rows, (i) => X.data[i] as number));
    const yr = Float64Array.from(rows, (i) => y[i] as number);
    const a = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y, { sampleWeight: w });
    const b = new DecisionTreeClassifier({ maxDepth: 3 }).fit(Xr, yr);
    const test = col(...Array.from({ length: 40 }, (_, i) => -2 + i * 0.15));
    expect(Array.from(a.predictProba(test).data)).toEqual(Array.from(b.predictProba(test).data));
  });

  it('regression leaves hold the mean of their rows', () => {
    const X = col(1, 2, 3, 4);
    const y = f64(1, 3, 10, 14);
    const stump = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X, y);
    expect(rootOf(stump).threshold).toBe(2.5);
    expect(Array.from(stump.predict(X))).toEqual([2, 2, 12, 12]);
    expect(Array.from(new DecisionTreeRegressor().fit(X, y).predict(X))).toEqual([1, 3, 10, 14]);
    const weighted = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X, y, { sampleWeight: f64(3, 1, 1, 1) });
    expect(weighted.predict(col(0))[0]).toBe(1.5); // (3*1 + 3) / 4
  });

  it('honours maxDepth, minSamplesLeaf and minSamplesSplit', () => {
    const { X, y } = blobs(200, 6, 'regression');
    const depthOf = (m: TreeModel): number => {
      const t = m.fittedTrees()[0];
      if (!t) return 0;
      const depth = (node: number): number => ((t.feature[node] as number) < 0 ? 0 : 1 + Math.max(depth(t.child[node] as number), depth((t.child[node] as number) + 1)));
      return depth(0);
    };
    expect(depthOf(new DecisionTreeRegressor({ maxDepth: 3 }).fit(X, y))).toBe(3);
    const leafy = new DecisionTreeRegressor({ minSamplesLeaf: 7 }).fit(X, y);
    const t = leafy.fittedTrees()[0];
    if (!t) throw new Error('no tree');
    // rows per leaf: route the training rows
    const counts = new Map<number, number>();
    for (let i = 0; i < X.rows; i++) {
      let node = 0;
      while ((t.feature[node] as number) >= 0) node = (X.data[i * 5 + (t.feature[node] as number)] as number) <= (t.threshold[node] as number) ? (t.child[node] as number) : (t.child[node] as number) + 1;
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(7);
    expect(new DecisionTreeRegressor({ minSamplesSplit: 1000 }).fit(X, y).treeSizes()).toEqual([1]);
  });
});

describe('forests', () => {
  const clf = blobs(150, 1, 'classification');
  const reg = blobs(150, 2, 'regression');
  const test = blobs(50, 3, 'classification').X;

  it('are deterministic by randomState and differ across seeds', () => {
    for (const make of [(s: number) => new RandomForestClassifier({ randomState: s, nEstimators: 15 }), (s: number) => new ExtraTreesClassifier({ randomState: s, nEstimators: 15 })]) {
      const a = make(1).fit(clf.X, clf.y).predictProba(test).data;
      const b = make(1).fit(clf.X, clf.y).predictProba(test).data;
      const c = make(2).fit(clf.X, clf.y).predictProba(test).data;
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    }
    for (const make of [(s: number) => new RandomForestRegressor({ randomState: s, nEstimators: 15 }), (s: number) => new ExtraTreesRegressor({ randomState: s, nEstimators: 15 })]) {
      expect(Array.from(make(4).fit(reg.X, reg.y).predict(test))).toEqual(Array.from(make(4).fit(reg.X, reg.y).predict(test)));
    }
  });

  it('average their trees: probabilities sum to 1, a one-tree forest without bootstrap is the tree of its seed', () => {
    const rf = new RandomForestClassifier({ randomState: 0, nEstimators: 25 }).fit(clf.X, clf.y);
    const P = rf.predictProba(test);
    for (let i = 0; i < P.rows; i++) expect(P.data[i * 3]! + P.data[i * 3 + 1]! + P.data[i * 3 + 2]!).toBeCloseTo(1, 12);
    expect(rf.treeSizes()).toHaveLength(25);
    const one = new RandomForestClassifier({ randomState: 0, nEstimators: 1, bootstrap: false, maxFeatures: null }).fit(clf.X, clf.y);
    // scikit-learn's seeding: the forest's first tree has random_state RandomState(0).randint(2^31 - 1)
    const tree = new DecisionTreeClassifier({ randomState: forestTreeSeeds(0, 1)[0] }).fit(clf.X, clf.y);
    expect(Array.from(one.predictProba(test).data)).toEqual(Array.from(tree.predictProba(test).data));
  });

  it('fit well above chance, sharing bins through the fit cache', () => {
    const cache = new Map<string, unknown>();
    const train = blobs(300, 7, 'classification');
    const holdout = blobs(200, 8, 'classification');
    for (const m of [new RandomForestClassifier({ randomState: 1 }), new ExtraTreesClassifier({ randomState: 1 }), new DecisionTreeClassifier({ randomState: 1 })]) {
      const pred = m.fit(train.X, train.y, { cache }).predict(holdout.X);
      const acc = pred.reduce((a, v, i) => a + (v === holdout.y[i] ? 1 : 0), 0) / pred.length;
      expect(acc).toBeGreaterThan(0.6); // chance: 1/3
    }
    expect([...cache.keys()]).toEqual(['tree.columnBins:255']);
  });
});

describe('JSON round trip through the specs', () => {
  it.each(TREE_SPECS.map((s) => [`${s.task} ${s.id}`, s] as const))('%s predicts identically after revive', (_name, spec: ModelSpec) => {
    const data = blobs(120, 11, spec.task);
    const test = blobs(40, 12, spec.task).X;
    const params = spec.id === 'dt' ? { randomState: 5 } : { randomState: 5, nEstimators: 12 };
    const fitted = spec.create(params).fit(data.X, data.y);
    const json = JSON.parse(JSON.stringify(fitted.toJSON())) as EstimatorJSON;
    const revived = spec.revive(json);
    expect(Array.from(revived.predict(test))).toEqual(Array.from(fitted.predict(test)));
    const proba = (e: Estimator): number[] => Array.from((e as DecisionTreeClassifier).predictProba?.(test).data ?? []);
    if (spec.task === 'classification') expect(proba(revived)).toEqual(proba(fitted));
    expect(revived.getParams()).toEqual(fitted.getParams());
  });

  it('rejects malformed state as BAD_PIPELINE', () => {
    const spec = TREE_SPECS.find((s) => s.id === 'dt' && s.task === 'classification') as ModelSpec;
    const good = JSON.parse(JSON.stringify(spec.create({}).fit(col(1, 2, 3, 4), f64(0, 0, 1, 1)).toJSON())) as EstimatorJSON;
    const state = good.state as { trees: Array<Record<string, unknown>>; classes: unknown; nFeatures: unknown };
    const broken: unknown[] = [
      { ...good, type: 'RandomForestClassifier' },
      { ...good, state: 'nope' },
      { ...good, state: { ...state, nFeatures: 0 } },
      { ...good, state: { ...state, classes: [1, 0] } },
      { ...good, state: { ...state, trees: [] } },
      { ...good, state: { ...state, trees: [{ ...state.trees[0], child: 'AAAA' }] } },
      { ...good, state: { ...state, trees: [{ ...state.trees[0], feature: Buffer.from(Int32Array.from([7, -1, -1]).buffer).toString('base64') }] } },
      { ...good, state: { ...state, trees: [{ ...state.trees[0], child: Buffer.from(Int32Array.from([0, 0, 1]).buffer).toString('base64') }] } },
      { ...good, state: { ...state, trees: [{ ...state.trees[0], values: '!!!!' }] } },
      { ...good, params: { maxDepth: -1 } },
    ];
    for (const b of broken) expect(() => spec.revive(b as EstimatorJSON)).toThrowError(expect.objectContaining({ code: 'BAD_PIPELINE' }));
  });
});

describe('bad input', () => {
  const X = col(1, 2, 3, 4);
  const y = f64(0, 0, 1, 1);

  it('rejects NaN or infinite X, mismatched y, and predict on the wrong width', () => {
    expect(() => new DecisionTreeClassifier().fit(col(1, NaN, 3, 4), y)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'X' }));
    expect(() => new RandomForestRegressor().fit(col(1, Infinity, 3, 4), y)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'X' }));
    expect(() => new DecisionTreeClassifier().fit(X, f64(0, 1))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'y' }));
    expect(() => new DecisionTreeRegressor().fit(X, f64(0, NaN, 1, 1))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'y' }));
    const m = new DecisionTreeClassifier().fit(X, y);
    expect(() => m.predict(matrix(1, 2, f64(1, 2)))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'X' }));
    expect(() => m.predict(col(NaN))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'X' }));
  });

  it('rejects bad sample weights', () => {
    expect(() => new DecisionTreeClassifier().fit(X, y, { sampleWeight: f64(1, 1) })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'sampleWeight' }));
    expect(() => new DecisionTreeClassifier().fit(X, y, { sampleWeight: f64(1, -1, 1, 1) })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'sampleWeight' }));
    expect(() => new DecisionTreeClassifier().fit(X, y, { sampleWeight: f64(0, 0, 0, 0) })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', field: 'sampleWeight' }));
  });

  it('rejects unknown and out-of-range hyper-parameters with their field', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new DecisionTreeClassifier({ maxDepht: 3 } as never), 'params.maxDepht'],
      [() => new DecisionTreeClassifier({ maxDepth: 0 }), 'params.maxDepth'],
      [() => new DecisionTreeClassifier({ criterion: 'squared_error' }), 'params.criterion'],
      [() => new DecisionTreeRegressor({ criterion: 'absolute_error' }), 'params.criterion'],
      [() => new RandomForestClassifier({ maxFeatures: 'half' as never }), 'params.maxFeatures'],
      [() => new RandomForestClassifier({ maxFeatures: 1.5 }), 'params.maxFeatures'],
      [() => new ExtraTreesRegressor({ nEstimators: 0 }), 'params.nEstimators'],
      [() => new RandomForestClassifier({ minSamplesSplit: 1.5 }), 'params.minSamplesSplit'],
      [() => new RandomForestClassifier({ minSamplesLeaf: 0 }), 'params.minSamplesLeaf'],
      [() => new DecisionTreeClassifier({ classWeight: 'balanced_subsample' }), 'params.classWeight'],
      [() => new RandomForestClassifier({ bootstrap: 'yes' as never }), 'params.bootstrap'],
      [() => new DecisionTreeRegressor({ minImpurityDecrease: -1 }), 'params.minImpurityDecrease'],
    ];
    for (const [make, field] of cases) expect(make, field).toThrowError(expect.objectContaining({ code: 'BAD_PARAM', field }));
  });

  it('refuses to predict before fit', () => {
    expect(() => new ExtraTreesClassifier().predict(X)).toThrowError(expect.objectContaining({ name: 'NotFittedError' }));
  });
});

describe('specs', () => {
  it('registers dt, rf and et for both tasks with PyCaret names, turbo, and a valid search space', () => {
    expect(TREE_SPECS.map((s) => `${s.task}:${s.id}:${s.name}:${s.turbo}`)).toEqual([
      'classification:dt:Decision Tree Classifier:true',
      'classification:rf:Random Forest Classifier:true',
      'classification:et:Extra Trees Classifier:true',
      'regression:dt:Decision Tree Regressor:true',
      'regression:rf:Random Forest Regressor:true',
      'regression:et:Extra Trees Regressor:true',
    ]);
    for (const spec of TREE_SPECS) {
      for (const [name, values] of Object.entries(spec.searchSpace)) {
        for (const v of values) expect(() => spec.create({ [name]: v }), `${spec.id} ${name}=${String(v)}`).not.toThrow();
      }
    }
  });

  it('fits and predicts with random draws from its own search space (what tune does)', () => {
    const rng = new Rng(21);
    for (const spec of TREE_SPECS) {
      const data = blobs(80, 22, spec.task);
      for (let draw = 0; draw < 12; draw++) {
        const params: Record<string, unknown> = { randomState: draw };
        for (const [name, values] of Object.entries(spec.searchSpace)) params[name] = values[rng.int(values.length)];
        if (typeof params.nEstimators === 'number') params.nEstimators = Math.min(params.nEstimators, 15);
        const pred = spec.create(params).fit(data.X, data.y).predict(data.X);
        expect(pred.every((v) => Number.isFinite(v)), `${spec.id} ${JSON.stringify(params)}`).toBe(true);
      }
    }
  });

  it('class weights and criteria from the search space fit', () => {
    const { X, y } = blobs(90, 13, 'classification');
    for (const classWeight of ['balanced', 'balanced_subsample', null] as const) {
      for (const bootstrap of [true, false]) {
        const m = new RandomForestClassifier({ classWeight, bootstrap, nEstimators: 5, criterion: 'entropy', randomState: 1 }).fit(X, y);
        expect(m.predict(X)).toHaveLength(90);
      }
    }
  });
});
