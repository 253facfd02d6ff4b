// The column-level setup steps of issue 10 against scikit-learn 1.2.1: KNNImputer and IterativeImputer
// (tests/fixtures/imputation/make-knn-iterative.py), TfidfVectorizer, KBinsDiscretizer(kmeans) and
// TransformedTargetRegressor (tests/fixtures/setup-cols/make-setup-cols.py), plus importance-based selection and
// the validation of every new setup option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../src/engine/core/matrix.js';
import type { EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { loadBuiltinDataset, runPlan as runPlanPooled } from '../../../src/engine/index.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { buildFold } from '../../../src/engine/experiment/fold-data.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { preprocessOptions, validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { encodedSources } from '../../../src/engine/experiment/pipeline-analysis.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import { LinearRegression } from '../../../src/engine/linear/least-squares.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { IterativeImputer } from '../../../src/engine/preprocessing/iterative-imputer.js';
import { binOf, kmeansBinEdges } from '../../../src/engine/preprocessing/kbins.js';
import { KnnImputer } from '../../../src/engine/preprocessing/knn-imputer.js';
import { DEFAULT_PREPROCESS, Preprocessor } from '../../../src/engine/preprocessing/preprocessor.js';
import { TargetTransform } from '../../../src/engine/preprocessing/target-transform.js';
import { TfidfVectorizer, tokenize } from '../../../src/engine/preprocessing/tfidf.js';

const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as T;

interface ImputationFixture {
  X: Array<Array<number | null>>;
  truth: number[][];
  fitRows: number;
  knn5: number[][];
  knn2: number[][];
  mean: number[][];
  iterative: { maxIter: number; nIter: number; result: number[][] };
}
interface ColsFixture {
  tfidf: { docs: string[]; unseen: string[]; fits: Array<{ bow: { vocabulary: string[]; train: number[][]; unseen: number[][] }; maxFeatures: number | null; vocabulary: string[]; idf: number[]; train: number[][]; unseen: number[][] }> };
  kbins: { X: number[][]; fitRows: number; edges: number[][]; result: number[][] };
  ttr: { trainIndex: number[]; testIndex: number[]; validationPositions: number[][]; methods: Record<'yeo-johnson' | 'yeo-johnson-standardized' | 'quantile', { foldR2: number[]; testPredictions: number[] }> };
}
const imp = read<ImputationFixture>('imputation/knn-iterative.json');
const fx = read<ColsFixture>('setup-cols/setup-cols.json');

const toMatrix = (rows: ReadonlyArray<ReadonlyArray<number | null>>): Matrix => ({
  rows: rows.length,
  cols: rows[0]?.length ?? 0,
  data: Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v)),
});
function worst(actual: ArrayLike<number>, expected: readonly number[][]): number {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  let w = 0;
  flat.forEach((e, i) => (w = Math.max(w, Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e)))));
  return w;
}
function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isEngineInputError(e)) return e.field;
    throw e;
  }
  return undefined;
}

describe('KNNImputer parity', () => {
  const X = toMatrix(imp.X);
  const fit = toMatrix(imp.X.slice(0, imp.fitRows));
  it('imputes as KNNImputer(n_neighbors=5 and 2) to 1e-9, unseen rows and the all-missing row (training means) included', () => {
    expect(worst(new KnnImputer(5).fit(fit).transform(X).data, imp.knn5)).toBeLessThan(1e-9);
    expect(worst(new KnnImputer(2).fit(fit).transform(X).data, imp.knn2)).toBeLessThan(1e-9);
    expect(worst(imp.knn5[7]!, [imp.mean[7]!])).toBeLessThan(1e-15);
  });
  it('survives a JSON round trip and refuses a malformed one', () => {
    const k = new KnnImputer(5).fit(fit);
    const back = KnnImputer.fromJSON(JSON.parse(JSON.stringify(k.toJSON())), 5, 'test');
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(k.transform(X).data));
    expect(() => KnnImputer.fromJSON({ ...k.toJSON(), cols: 4 }, 5, 'test')).toThrow(/malformed knn imputer/);
  });
});

describe('IterativeImputer', () => {
  const X = toMatrix(imp.X);
  const fit = toMatrix(imp.X.slice(0, imp.fitRows));
  it('matches IterativeImputer(BayesianRidge(), max_iter=5) to 1e-9, rounds included', () => {
    const it5 = new IterativeImputer(5, 'br').fit(fit);
    expect(it5.rounds).toBe(imp.iterative.nIter);
    expect(worst(it5.transform(X).data, imp.iterative.result)).toBeLessThan(1e-9);
  });

  it('beats mean imputation on the planted missing cells of correlated columns (br and lightgbm), deterministically', () => {
    const rmse = (filled: ArrayLike<number>): number => {
      let s = 0;
      let n = 0;
      imp.X.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v !== null || j === 4) return; // column 4 is independent noise
          s += ((filled[i * 5 + j] as number) - (imp.truth[i]?.[j] as number)) ** 2;
          n++;
        }),
      );
      return Math.sqrt(s / n);
    };
    const mean = rmse(imp.mean.flat());
    const br = rmse(new IterativeImputer(5, 'br').fit(fit).transform(X).data);
    const lgbm = new IterativeImputer(3, 'lightgbm', 7).fit(fit).transform(X).data;
    expect(br).toBeLessThan(0.6 * mean);
    expect(rmse(lgbm)).toBeLessThan(mean);
    expect(Array.from(new IterativeImputer(3, 'lightgbm', 7).fit(fit).transform(X).data)).toEqual(Array.from(lgbm));
  });

  it('in the preprocessor: predict (raw records) applies the fitted models, as transform and after JSON', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const record = Object.fromEntries(names.map((n, j) => [n, imp.X.map((r) => r[j] ?? null)]));
    const frame = frameFromColumns(record);
    const fitRows = Int32Array.from({ length: imp.fitRows }, (_, i) => i);
    const p = new Preprocessor({ ...DEFAULT_PREPROCESS, jointImputation: { method: 'iterative', iterations: 5, model: 'br', seed: 0 } }).fit(frame, names, fitRows);
    expect(worst(p.transform(frame).data, imp.iterative.result)).toBeLessThan(1e-9);
    expect(Array.from(p.transformRecord(record).data)).toEqual(Array.from(p.transform(frame).data));
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(back.transformRecord(record).data)).toEqual(Array.from(p.transform(frame).data));
    expect(p.summary().imputation).toEqual({ method: 'iterative', model: 'br', rounds: 5, columns: names });
    expect(p.summary().steps.every((s) => s.imputed === 'iterative')).toBe(true);
    const skip = new Preprocessor({ ...DEFAULT_PREPROCESS, jointImputation: { method: 'iterative', iterations: 5, model: 'br', seed: 0, skipComplete: true } }).fit(frame, names, fitRows);
    expect(skip.summary().imputation).toMatchObject({ rounds: 5 });
    const knn = new Preprocessor({ ...DEFAULT_PREPROCESS, jointImputation: { method: 'knn', neighbors: 5 } }).fit(frame, names, fitRows);
    expect(worst(knn.transformRecord(record).data, imp.knn5)).toBeLessThan(1e-9);
    expect(knn.runSummary().imputation).toEqual({ method: 'knn', neighbors: 5, columns: names });
  });
});

describe('categorical columns in iterative imputation (categoricalIterativeImputer)', () => {
  it('a classifier fills a categorical column that the numeric ones predict, better than its mode; predict and JSON agree', () => {
    const n = 240;
    const x = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 10);
    const level = x.map((v) => (v < 3 ? 'low' : v < 7 ? 'mid' : 'high'));
    const hidden = new Set(Array.from({ length: n }, (_, i) => i).filter((i) => i % 6 === 1));
    const record = { x, z: x.map((v, i) => v * 2 + (i % 3)), c: level.map((l, i) => (hidden.has(i) ? null : l)) };
    const frame = frameFromColumns(record);
    const fitRows = Int32Array.from({ length: 180 }, (_, i) => i);
    const options = { ...DEFAULT_PREPROCESS, maxEncodingOhe: 0, jointImputation: { method: 'iterative' as const, iterations: 3, model: 'br' as const, seed: 3, classifier: 'lightgbm' as const, skipComplete: true } };
    const p = new Preprocessor(options).fit(frame, ['x', 'z', 'c'], fitRows);
    expect(p.summary().imputation).toMatchObject({ method: 'iterative', classifier: 'lightgbm', categorical: ['c'], columns: ['x', 'z'] });
    const T = p.transform(frame);
    const codes = (name: string): number => (p.toJSON().columns.find((c) => c.name === 'c') as { encoder: { levels: string[] } }).encoder.levels.indexOf(name);
    const right = [...hidden].filter((i) => T.data[i * 3 + 2] === codes(level[i] as string)).length;
    const counts = new Map<string, number>();
    for (const i of fitRows) if (!hidden.has(i)) counts.set(level[i] as string, (counts.get(level[i] as string) ?? 0) + 1);
    const modeLevel = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const modeRight = [...hidden].filter((i) => level[i] === modeLevel).length;
    expect(right / hidden.size).toBeGreaterThan(0.9);
    expect(right).toBeGreaterThan(modeRight);
    expect(Array.from(p.transformRecord(record).data)).toEqual(Array.from(T.data));
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(back.transformRecord(record).data)).toEqual(Array.from(T.data));
    const plain = new Preprocessor({ ...options, jointImputation: { ...options.jointImputation, classifier: undefined } }).fit(frame, ['x', 'z', 'c'], fitRows);
    expect(plain.summary().imputation).toMatchObject({ columns: ['x', 'z'] });
    expect(plain.summary().imputation).not.toHaveProperty('categorical');
  });
});

describe('TfidfVectorizer parity', () => {
  it('tokenises as the default token_pattern (two word characters, any script, underscores, digits)', () => {
    expect(tokenize('Café crème, a x 42 dog_house naïve')).toEqual(['café', 'crème', '42', 'dog_house', 'naïve']);
  });
  it.each([0, 1])('max_features fit %i: vocabulary, idf and rows to 1e-9 (unseen documents too)', (k) => {
    const f = fx.tfidf.fits[k]!;
    const v = new TfidfVectorizer(f.maxFeatures).fit(fx.tfidf.docs);
    expect([...v.vocabulary]).toEqual(f.vocabulary);
    expect(worst(v.toJSON().idf, [f.idf])).toBeLessThan(1e-12);
    const rows = (docs: string[]): Float64Array => {
      const out = new Float64Array(docs.length * v.width);
      docs.forEach((d, i) => v.write(d, out, i * v.width));
      return out;
    };
    expect(worst(rows(fx.tfidf.docs), f.train)).toBeLessThan(1e-9);
    expect(worst(rows(fx.tfidf.unseen), f.unseen)).toBeLessThan(1e-9);
    const bow = new TfidfVectorizer(f.maxFeatures, 'bow').fit(fx.tfidf.docs);
    expect([...bow.vocabulary]).toEqual(f.bow.vocabulary);
    const counts = (docs: string[]): Float64Array => {
      const out = new Float64Array(docs.length * bow.width);
      docs.forEach((d, i) => bow.write(d, out, i * bow.width));
      return out;
    };
    expect(Array.from(counts([...fx.tfidf.docs, ...fx.tfidf.unseen]))).toEqual([...f.bow.train, ...f.bow.unseen].flat());
    expect(TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(bow.toJSON())), 'test').method).toBe('bow');
  });
  it('a text column becomes its TF-IDF columns in the preprocessor, whose importances aggregate back to it', () => {
    const frame = frameFromColumns({ note: [...fx.tfidf.docs.map((d) => (d === '' ? null : d))], x: fx.tfidf.docs.map((_, i) => i) });
    const p = new Preprocessor({ ...DEFAULT_PREPROCESS, featureTypes: { note: 'text' }, textMaxFeatures: 6 }).fit(frame, ['note', 'x']);
    expect(p.outputNames).toEqual([...fx.tfidf.fits[0]!.vocabulary.map((t) => `note_${t}`), 'x']);
    expect(worst(p.transform(frame).data.filter((_, i) => i % 7 !== 6), fx.tfidf.fits[0]!.train)).toBeLessThan(1e-9);
    const step = p.summary().steps.find((s) => s.column === 'note');
    expect(step?.treatment).toBe('tfidf');
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(back.transformRecord({ note: fx.tfidf.unseen, x: [1, 2, 3] }).data)).toEqual(Array.from(p.transformRecord({ note: fx.tfidf.unseen, x: [1, 2, 3] }).data));
  });
  it('importances of the TF-IDF columns are reported for the text column (encodedSources)', async () => {
    const n = 120;
    const words = ['great', 'awful', 'fine', 'meh'];
    const note = Array.from({ length: n }, (_, i) => `${words[i % 4]} product ${i % 3 === 0 ? 'again' : ''}`);
    const frame = frameFromColumns({ note, x: Array.from({ length: n }, (_, i) => (i * 7) % 11), y: note.map((t) => (t.startsWith('great') || t.startsWith('fine') ? 'good' : 'bad')) });
    const result = await runPlan(frame, { task: 'classification', target: 'y', plan: 'create', modelId: 'dt', setup: { fold: 3, textFeatures: ['note'] }, params: {} }, { emit: () => {} });
    const pipeline = loadPipeline(result.pipeline);
    const enc = encodedSources(pipeline);
    expect(enc.columns).toEqual(['note', 'x']);
    expect(enc.sources.filter((s) => s === 'note').length).toBe(pipeline.preprocessor.outputNames.length - 1);
    const native = result.analyses[0]?.featureImportance.filter((f) => f.method === 'native').map((f) => f.feature);
    expect(native).toEqual(['note', 'x']);
    expect(result.leaderboard?.rows[0]?.scores.find((s) => s.metric === 'Accuracy')?.mean).toBe(1);
  });
});

describe('KBinsDiscretizer(kmeans) parity', () => {
  it('bin edges to 1e-9 and the same bins on the training and the unseen rows (merged edges of a 3-valued column)', () => {
    const X = fx.kbins.X;
    for (let j = 0; j < 3; j++) {
      const col = Float64Array.from(X.slice(0, fx.kbins.fitRows), (r) => r[j] as number);
      const inner = kmeansBinEdges(col);
      const expected = fx.kbins.edges[j]!;
      expect(inner.length).toBe(expected.length - 2);
      expect(worst(inner, [expected.slice(1, -1)])).toBeLessThan(1e-9);
      expect(X.map((r) => binOf(r[j] as number, inner))).toEqual(fx.kbins.result.map((r) => r[j]));
    }
  });
  it('binNumericFeatures in the preprocessor replaces the column by its bin, lists it, survives JSON, refuses a categorical', () => {
    const frame = frameFromColumns({ a: fx.kbins.X.map((r) => r[0] as number), b: fx.kbins.X.map((r) => r[1] as number), c: fx.kbins.X.map((r, i) => (i % 2 ? 'u' : 'v')) });
    const rows = Int32Array.from({ length: fx.kbins.fitRows }, (_, i) => i);
    const p = new Preprocessor({ ...DEFAULT_PREPROCESS, transforms: { binColumns: ['b'] } }).fit(frame, ['a', 'b', 'c'], rows);
    const T = p.transform(frame);
    expect(Array.from({ length: T.rows }, (_, i) => T.data[i * 3 + 1])).toEqual(fx.kbins.result.map((r) => r[1]));
    expect(Array.from({ length: T.rows }, (_, i) => T.data[i * 3])).toEqual(fx.kbins.X.map((r) => r[0]));
    expect(p.summary().transforms).toEqual([{ step: 'bins', inputs: 3, outputs: 3, binned: [{ column: 'b', bins: 5 }] }]);
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(Array.from(back.transform(frame).data)).toEqual(Array.from(T.data));
    expect(fieldOf(() => new Preprocessor({ ...DEFAULT_PREPROCESS, transforms: { binColumns: ['c'] } }).fit(frame, ['a', 'b', 'c'], rows))).toBe('setupParams.binNumericFeatures');
  });
});

describe('transformTarget (TransformedTargetRegressor) on diabetes', () => {
  const diabetes = loadBuiltinDataset('diabetes');
  const names = diabetes.names().filter((n) => n !== 'target');
  const y = diabetes.require('target');
  const yAll = y.kind === 'numeric' ? y.values : new Float64Array(0);
  const design = (rows: readonly number[]): Matrix => {
    const M = { rows: rows.length, cols: names.length, data: new Float64Array(rows.length * names.length) };
    names.forEach((n, j) => {
      const c = diabetes.require(n);
      if (c.kind !== 'numeric') throw new Error('numeric expected');
      rows.forEach((r, i) => (M.data[i * names.length + j] = c.values[r] as number));
    });
    return M;
  };
  const r2 = (t: ArrayLike<number>, p: ArrayLike<number>): number => {
    let m = 0;
    for (let i = 0; i < t.length; i++) m += t[i] as number;
    m /= t.length;
    let ss = 0;
    let st = 0;
    for (let i = 0; i < t.length; i++) {
      ss += ((t[i] as number) - (p[i] as number)) ** 2;
      st += ((t[i] as number) - m) ** 2;
    }
    return 1 - ss / st;
  };
  const train = fx.ttr.trainIndex;
  const folds = fx.ttr.validationPositions.map((va): [number[], number[]] => {
    const v = new Set(va);
    return [train.map((_, i) => i).filter((i) => !v.has(i)), va];
  });

  it.each([
    ['yeo-johnson', 'yeo-johnson'],
    ['yeo-johnson', 'yeo-johnson-standardized'],
    ['quantile', 'quantile'],
  ] as const)('%s: LinearRegression on the mapped target, fold R2 as TransformedTargetRegressor (%s) to 1e-9', (method, reference) => {
    const ref = fx.ttr.methods[reference];
    folds.forEach(([tr, va], k) => {
      const ytr = Float64Array.from(tr, (i) => yAll[train[i] as number] as number);
      const t = TargetTransform.fit(method, ytr);
      const m = new LinearRegression().fit(design(tr.map((i) => train[i] as number)), t.transform(ytr));
      const p = t.inverse(m.predict(design(va.map((i) => train[i] as number))));
      expect(Math.abs(r2(va.map((i) => yAll[train[i] as number] as number), p) - (ref.foldR2[k] as number))).toBeLessThan(1e-9);
    });
  });

  function request(method: 'yeo-johnson' | 'quantile', extra: Record<string, unknown> = {}): PlanRequest {
    return {
      task: 'regression', target: 'target', plan: 'create', modelId: 'lr',
      setup: { trainIndex: train, testIndex: fx.ttr.testIndex, customFolds: folds, transformTarget: true, ...({ transform_target_method: method } as PlanRequest['setup']), ...extra },
      params: { analysis: false },
    };
  }
  async function run(req: PlanRequest, threads?: number): Promise<{ result: PlanResult; events: EngineEvent[] }> {
    const events: EngineEvent[] = [];
    const result = threads ? await runPlanPooled(diabetes, { ...req, threads }, { emit: (e) => events.push(e) }) : await runPlan(diabetes, req, { emit: (e) => events.push(e) });
    return { result, events };
  }

  it.each(['yeo-johnson', 'quantile'] as const)('%s through create: CV R2 per fold on the original scale, predictions back on it, pipeline round trip', async (method) => {
    const ref = fx.ttr.methods[method];
    const { result, events } = await run(request(method));
    const foldR2 = events.filter((e) => e.kind === 'model.fold.scored').map((e) => (e.payload?.metrics as Record<string, number>).R2 as number);
    expect(foldR2.length).toBe(10);
    // model.fold.scored rounds to 4 decimals.
    foldR2.forEach((v, k) => expect(Math.abs(v - (ref.foldR2[k] as number))).toBeLessThanOrEqual(5e-5));
    const pipeline = loadPipeline(JSON.parse(JSON.stringify(result.pipeline)));
    expect(pipeline.targetTransform?.method).toBe(method);
    const rows = Object.fromEntries(names.map((n) => {
      const c = diabetes.require(n);
      return [n, fx.ttr.testIndex.map((r) => (c.kind === 'numeric' ? (c.values[r] as number) : null))];
    }));
    const predicted = pipeline.predict(rows).predictions as number[];
    expect(worst(predicted, [ref.testPredictions])).toBeLessThan(1e-9);
    const holdoutR2 = r2(fx.ttr.testIndex.map((r) => yAll[r] as number), ref.testPredictions);
    expect(Math.abs((result.holdout?.R2 as number) - holdoutR2)).toBeLessThan(1e-9);
  });

  it('the worker pool scores folds on the original scale too (the transform travels with the fold)', async () => {
    const req: PlanRequest = { ...request('yeo-johnson'), plan: 'compare', modelId: undefined, params: { include: ['lr', 'ridge'], analysis: false } };
    const serial = await run(req);
    const pooled = await run(req, 2);
    const means = (r: PlanResult): number[] => (r.leaderboard?.rows ?? []).map((row) => row.scores.find((s) => s.metric === 'R2')?.mean as number);
    expect(means(pooled.result)).toEqual(means(serial.result));
    const lr = serial.result.leaderboard?.rows.find((row) => row.modelId === 'lr')?.scores.find((s) => s.metric === 'R2')?.mean as number;
    const refMean = fx.ttr.methods['yeo-johnson'].foldR2.reduce((a, b) => a + b, 0) / 10;
    expect(Math.abs(lr - refMean)).toBeLessThan(1e-4);
  });
});

describe('importance-based feature selection (featureSelectionMethod "classic")', () => {
  it('keeps the inputs a LightGBM splits on most, and says so in the summary', () => {
    const n = 300;
    let s = 11;
    const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cols = Object.fromEntries(['n1', 'a', 'n2', 'b', 'n3'].map((c) => [c, Array.from({ length: n }, rand)]));
    const yv = Array.from({ length: n }, (_, i) => 3 * (cols.a![i] as number) - 2 * (cols.b![i] as number) + 0.01 * rand());
    const frame = frameFromColumns({ ...cols, y: yv });
    const target = { y: Float64Array.from(yv), classes: 0 };
    const p = new Preprocessor({ ...DEFAULT_PREPROCESS, transforms: { nFeaturesToSelect: 2, selectionMethod: 'classic', selectionSeed: 1 } }).fit(frame, ['n1', 'a', 'n2', 'b', 'n3'], undefined, target);
    expect(p.outputNames).toEqual(['a', 'b']);
    expect(p.summary().transforms).toEqual([{ step: 'featureSelection', inputs: 5, outputs: 2, dropped: ['n1', 'n2', 'n3'], method: 'classic' }]);
    const o = preprocessOptions(validateSetupOptions({ feature_selection: true, feature_selection_method: 'classic', n_features_to_select: 2, session_id: 9 }, 'regression'));
    expect(o.transforms).toMatchObject({ nFeaturesToSelect: 2, selectionMethod: 'classic', selectionSeed: 9 });
  });
});

describe('setup validation of the column steps', () => {
  it('maps the PyCaret spellings and the defaults', () => {
    const s = validateSetupOptions({ imputation_type: 'iterative', iterative_imputation_iters: 3, numeric_iterative_imputer: 'lightgbm', text_max_features: 50, bin_numeric_features: ['x'] }, 'regression');
    expect([s.imputationType, s.iterativeImputationIters, s.numericIterativeImputer, s.textMaxFeatures, s.binNumericFeatures]).toEqual(['iterative', 3, 'lightgbm', 50, ['x']]);
    expect(preprocessOptions(s).jointImputation).toEqual({ method: 'iterative', iterations: 3, model: 'lightgbm', seed: 123, skipComplete: true });
    expect(preprocessOptions(validateSetupOptions({ imputation_type: 'iterative', categorical_iterative_imputer: 'lr' }, 'regression')).jointImputation).toMatchObject({ classifier: 'lr' });
    const d = validateSetupOptions({}, 'regression');
    expect([d.imputationType, d.iterativeImputationIters, d.numericIterativeImputer, d.textMaxFeatures, d.transformTarget, d.transformTargetMethod]).toEqual(['simple', 5, 'br', 100, false, 'yeo-johnson']);
    expect(preprocessOptions(validateSetupOptions({ numericImputation: 'knn' }, 'regression'))).toMatchObject({ numericImputation: 'mean', jointImputation: { method: 'knn', neighbors: 5 } });
    expect(validateSetupOptions({ textMaxFeatures: null }, 'regression').textMaxFeatures).toBeNull();
    expect(preprocessOptions(validateSetupOptions({ text_features_method: 'bow' }, 'regression')).textMethod).toBe('bow');
    expect(validateSetupOptions({ textFeaturesMethod: 'tfidf' }, 'regression').textFeaturesMethod).toBe('tf-idf');
  });
  it.each<[string, Record<string, unknown>, 'classification' | 'regression', string]>([
    ['unknown imputationType', { imputationType: 'fancy' }, 'regression', 'setupParams.imputationType'],
    ['0 iterations', { imputation_type: 'iterative', iterative_imputation_iters: 0 }, 'regression', 'setupParams.iterative_imputation_iters'],
    ['an unknown imputer model', { imputationType: 'iterative', numericIterativeImputer: 'svm' }, 'regression', 'setupParams.numericIterativeImputer'],
    ['a regressor as the categorical imputer', { imputationType: 'iterative', categoricalIterativeImputer: 'br' }, 'regression', 'setupParams.categoricalIterativeImputer'],
    ['knn with iterative', { imputationType: 'iterative', numericImputation: 'knn' }, 'regression', 'setupParams.numericImputation'],
    ['0 text features', { textMaxFeatures: 0 }, 'regression', 'setupParams.textMaxFeatures'],
    ['an unknown text method', { text_features_method: 'word2vec' }, 'regression', 'setupParams.text_features_method'],
    ['transformTarget on a classifier', { transform_target: true }, 'classification', 'setupParams.transform_target'],
    ['transformTarget not a boolean', { transformTarget: 'yes' }, 'regression', 'setupParams.transformTarget'],
    ['box-cox target', { transformTargetMethod: 'box-cox' }, 'regression', 'setupParams.transformTargetMethod'],
    ['binNumericFeatures not a list', { binNumericFeatures: 'x' }, 'regression', 'setupParams.binNumericFeatures'],
  ])('%s → BAD_PARAM with the field', (_name, setup, task, field) => {
    expect(fieldOf(() => validateSetupOptions(setup, task))).toBe(field);
  });
  it('a text column without words, and binning a column that is not numeric, fail at setup with the field', async () => {
    const frame = frameFromColumns({ t: Array.from({ length: 40 }, (_, i) => (i % 2 ? 'a' : 'b')), c: Array.from({ length: 40 }, (_, i) => `k${i % 3}`), x: Array.from({ length: 40 }, (_, i) => i), y: Array.from({ length: 40 }, (_, i) => i * 2) });
    const req = (setup: Record<string, unknown>): PlanRequest => ({ task: 'regression', target: 'y', plan: 'setup', setup: { fold: 3, ...setup }, params: {} });
    await expect(runPlan(frame, req({ textFeatures: ['t'] }), { emit: () => {} })).rejects.toSatisfy((e) => isEngineInputError(e) && e.field === 'setupParams.textFeatures');
    await expect(runPlan(frame, req({ binNumericFeatures: ['c'] }), { emit: () => {} })).rejects.toSatisfy((e) => isEngineInputError(e) && e.field === 'setupParams.binNumericFeatures');
  });
});

describe('the column steps through setup, CV and predict', () => {
  const n = 150;
  const a = Array.from({ length: n }, (_, i) => ((i * 29) % 97) / 10);
  const b = a.map((v, i) => v * 1.5 + ((i * 7) % 5) / 10);
  const record = {
    a: a.map((v, i) => (i % 9 === 4 ? null : v)),
    b: b.map((v, i) => (i % 11 === 3 ? null : v)),
    note: a.map((v, i) => (i % 13 === 0 ? null : v > 5 ? 'large sturdy box' : 'small light parcel')),
    y: a.map((v, i) => 10 + 3 * v + ((i * 13) % 7) / 7),
  };
  const frame = frameFromColumns(record);
  const setup: PlanRequest['setup'] = { fold: 3, numericImputation: 'knn', textFeatures: ['note'], binNumericFeatures: ['b'], transformTarget: true };

  it('fits the KNN imputer on each fold\'s train rows only (donors from that fold), and lists every step in preprocessor.fitted', () => {
    const events: EngineEvent[] = [];
    const exp = setupExperiment(frame, validatePlanRequest({ task: 'regression', target: 'y', plan: 'setup', setup, params: {} }, frame.names()), { logger: { emit: (e) => events.push(e) }, registry: MODEL_REGISTRY });
    const fitted = events.find((e) => e.kind === 'preprocessor.fitted')?.payload as Record<string, unknown>;
    expect(fitted.imputation).toEqual({ method: 'knn', neighbors: 5, columns: ['a', 'b'] });
    expect(fitted.text).toEqual(['note']);
    expect((fitted.transforms as Array<{ step: string }>).map((t) => t.step)).toEqual(['bins']);
    const fold = buildFold(exp, 0);
    expect(fold.target?.method).toBe('yeo-johnson');
    const [trPos, vaPos] = exp.folds[0]!;
    const rowsOf = (pos: Int32Array): number[] => Array.from(pos, (p) => exp.train[p] as number);
    const block = (rows: number[]): Matrix => toMatrix(rows.map((r) => [record.a[r] ?? null, record.b[r] ?? null]));
    const own = new KnnImputer(5).fit(block(rowsOf(trPos))).transform(block(rowsOf(vaPos)));
    const names = exp.trainPreprocessor.outputNames;
    const ja = names.indexOf('a');
    expect(Array.from({ length: fold.Xv.rows }, (_, i) => fold.Xv.data[i * fold.Xv.cols + ja])).toEqual(Array.from({ length: own.rows }, (_, i) => own.data[i * 2]));
  });

  it('runs create, reports the steps in Run.summary, and the stored pipeline predicts raw rows with gaps and text', async () => {
    const result = await runPlan(frame, { task: 'regression', target: 'y', plan: 'create', modelId: 'lr', setup, params: { analysis: false } }, { emit: () => {} });
    expect(result.summary.imputation).toMatchObject({ method: 'knn' });
    const pipeline = loadPipeline(JSON.parse(JSON.stringify(result.pipeline)));
    const rows = { a: [2.5, null], b: [null, 9.1], note: ['large box', null] };
    const p = pipeline.predict(rows).predictions as number[];
    expect(p.every((v) => Number.isFinite(v))).toBe(true);
    expect(p).toEqual(pipeline.predictMatrix(pipeline.preprocessor.transformRecord(rows)).predictions);
    expect(result.leaderboard?.rows[0]?.scores.find((s) => s.metric === 'R2')?.mean).toBeGreaterThan(0.9);
  });
});
