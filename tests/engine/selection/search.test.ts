import { describe, expect, it } from 'vitest';
import type { Params } from '../../../src/engine/core/estimator.js';
import { Rng } from '../../../src/engine/core/random.js';
import { isEngineInputError } from '../../../src/engine/errors.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { categorical, checkSpace, gridToSpace, intUniform, logUniform, randomCandidates, sampleValue, uniform, type SearchSpace } from '../../../src/engine/selection/search/distributions.js';
import { pycaretSearchSpace } from '../../../src/engine/selection/search/pycaret-spaces.js';
import { searchTrials, type SearchLibrary, type Trial } from '../../../src/engine/selection/search/search.js';
import { loadSplit } from '../ensemble/data.js';

const code = async (f: () => unknown): Promise<string | null> => {
  try {
    await f();
  } catch (e) {
    return isEngineInputError(e) ? e.code : 'OTHER';
  }
  return null;
};

describe('distributions', () => {
  it('draw inside their bounds, ints include both ends, and a seed repeats the draws', () => {
    const rng = new Rng(3);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const u = sampleValue(uniform(-2, 5), rng) as number;
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(5);
      const l = sampleValue(logUniform(1e-6, 1), rng) as number;
      expect(l).toBeGreaterThanOrEqual(1e-6);
      expect(l).toBeLessThanOrEqual(1);
      ints.add(sampleValue(intUniform(2, 6), rng) as number);
    }
    expect([...ints].sort()).toEqual([2, 3, 4, 5, 6]);
    const space: SearchSpace = { a: uniform(0, 1), b: categorical(['x', 'y']), c: intUniform(1, 9) };
    expect(randomCandidates(space, 5, 11)).toEqual(randomCandidates(space, 5, 11));
    expect(randomCandidates(space, 5, 11)).not.toEqual(randomCandidates(space, 5, 12));
  });

  it('log-uniform spreads over decades (median near the geometric mean)', () => {
    const rng = new Rng(5);
    const v = Array.from({ length: 4001 }, () => Math.log10(sampleValue(logUniform(1e-6, 1), rng) as number)).sort((a, b) => a - b);
    expect(v[2000]).toBeGreaterThan(-3.3);
    expect(v[2000]).toBeLessThan(-2.7);
  });

  it('rejects inverted, non-positive-log, fractional-int and empty distributions', () => {
    expect(() => checkSpace({ a: uniform(2, 1) })).toThrow(expect.objectContaining({ code: 'BAD_PARAM', field: 'params.searchSpace.a' }));
    expect(() => checkSpace({ a: logUniform(0, 1) })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => checkSpace({ a: intUniform(1.5, 3) })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(() => checkSpace({ a: categorical([]) })).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
    expect(gridToSpace({ a: [1, 2], b: [] })).toEqual({ a: categorical([1, 2]) });
  });
});

// A synthetic objective with its optimum at a = 1e-3, b = 0.7, c = 'best', n = 40; fold f adds a fixed offset.
const SPACE: SearchSpace = { a: logUniform(1e-6, 1), b: uniform(0, 1), c: categorical(['bad', 'ok', 'best', 'worse']), n: intUniform(1, 100) };
const quality = (p: Params): number =>
  -((Math.log10(p.a as number) + 3) ** 2) / 9 - 4 * ((p.b as number) - 0.7) ** 2 - ({ bad: 0.6, ok: 0.3, best: 0, worse: 0.9 }[p.c as string] ?? 1) - (((p.n as number) - 40) / 60) ** 2;
const evaluate = (p: Params, folds: readonly number[]): number[] => folds.map((f) => quality(p) + 0.01 * Math.sin(f + 1));
const run = (library: SearchLibrary, seed: number, nIter = 40) => searchTrials({ space: SPACE, library, nIter, seed, nFolds: 5, evaluate });

describe('searchTrials', () => {
  it('TPE finds better optima than random search over 10 seeds (mean best score, and on most seeds)', async () => {
    let tpeWins = 0;
    let tpeSum = 0;
    let randomSum = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const t = (await run('tpe', seed)).best?.score as number;
      const r = (await run('random', seed)).best?.score as number;
      tpeSum += t;
      randomSum += r;
      if (t > r) tpeWins++;
    }
    expect(tpeSum / 10).toBeGreaterThan(randomSum / 10);
    expect(tpeWins).toBeGreaterThanOrEqual(7);
  });

  it('is deterministic per seed and reports every trial', async () => {
    const seen: Trial[] = [];
    const a = await searchTrials({ space: SPACE, library: 'tpe', nIter: 15, seed: 4, nFolds: 3, evaluate, onTrial: (t) => seen.push(t) });
    const b = await run('tpe', 4, 15);
    expect(a.trials.map((t) => t.params)).toEqual((await searchTrials({ space: SPACE, library: 'tpe', nIter: 15, seed: 4, nFolds: 3, evaluate })).trials.map((t) => t.params));
    expect(b.trials).toHaveLength(15);
    expect(seen).toHaveLength(15);
    expect(a.trials.every((t) => t.status === 'complete' && t.foldScores.length === 3)).toBe(true);
    expect(a.best?.score).toBe(Math.max(...a.trials.map((t) => t.score as number)));
  });

  it('successive halving keeps the best candidate and scores fewer folds than a full search', async () => {
    let foldsScored = 0;
    const res = await searchTrials({
      space: SPACE,
      library: 'halving',
      nIter: 27,
      seed: 9,
      nFolds: 9,
      halving: { eta: 3, minFolds: 1 },
      evaluate: (p, folds) => {
        foldsScored += folds.length;
        return evaluate(p, folds);
      },
    });
    const trueBest = res.trials.reduce((b, t) => (quality(t.params) > quality(b.params) ? t : b));
    expect(res.best?.index).toBe(trueBest.index);
    expect(res.best?.foldScores).toHaveLength(9);
    // 27 x 1 + 9 x 2 + 3 x 6 folds.
    expect(foldsScored).toBe(27 + 18 + 18);
    expect(res.trials.filter((t) => t.status === 'complete')).toHaveLength(3);
    expect(res.trials.filter((t) => t.status === 'halved')).toHaveLength(24);
  });

  it('early stopping stops a trial whose first folds are far below the best, and only those', async () => {
    const grid: SearchSpace = { q: categorical([1, 0.5, 0.98]) };
    const folds: number[] = [];
    const res = await searchTrials({
      space: grid,
      library: 'random',
      nIter: 12,
      seed: 2,
      nFolds: 10,
      earlyStopping: { minFolds: 2, margin: 0.05 },
      evaluate: (p, f) => {
        folds.push(...f);
        return f.map(() => p.q as number);
      },
    });
    for (const t of res.trials) {
      if (t.params.q === 0.5 && res.trials.some((u) => u.index < t.index && u.status === 'complete')) {
        expect(t.status).toBe('stopped');
        expect(t.foldScores).toHaveLength(2);
      } else expect(t.status).toBe('complete');
    }
    expect(res.trials.some((t) => t.status === 'stopped')).toBe(true);
    expect(res.best?.params.q).toBe(1);
  });

  it('records a failing trial and goes on; cancels between folds', async () => {
    let n = 0;
    const res = await searchTrials({
      space: SPACE,
      library: 'random',
      nIter: 4,
      seed: 1,
      nFolds: 2,
      // Calls 1-2 are trial 0's folds; call 3 (trial 1's first fold) fails.
      evaluate: (p, f) => {
        if (++n === 3) throw new Error('boom');
        return evaluate(p, f);
      },
    });
    expect(res.trials.map((t) => t.status)).toEqual(['complete', 'failed', 'complete', 'complete']);
    expect(res.trials[1]?.error).toBe('boom');
    expect(res.trials[1]?.score).toBeNull();
    let calls = 0;
    const cancelled = await searchTrials({ space: SPACE, library: 'tpe', nIter: 10, seed: 1, nFolds: 3, evaluate, shouldStop: () => ++calls > 4 });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.trials).toHaveLength(1);
  });

  it('rejects bad options as BAD_PARAM', async () => {
    expect(await code(() => searchTrials({ space: SPACE, library: 'grid' as SearchLibrary, nIter: 3, seed: 1, nFolds: 2, evaluate }))).toBe('BAD_PARAM');
    expect(await code(() => searchTrials({ space: SPACE, library: 'tpe', nIter: 0, seed: 1, nFolds: 2, evaluate }))).toBe('BAD_PARAM');
    expect(await code(() => searchTrials({ space: {}, library: 'tpe', nIter: 3, seed: 1, nFolds: 2, evaluate }))).toBe('BAD_PARAM');
    expect(await code(() => searchTrials({ space: SPACE, library: 'halving', nIter: 3, seed: 1, nFolds: 2, evaluate, halving: { eta: 1 } }))).toBe('BAD_PARAM');
  });
});

describe("PyCaret's default spaces", () => {
  const data = { classification: loadSplit('iris'), regression: loadSplit('diabetes') };

  it.each((['classification', 'regression'] as const).flatMap((task) => MODEL_REGISTRY.specs(task).map((s) => [`${task} ${s.id}`, s] as const)))(
    '%s: every parameter is the model\'s own, and sampled values fit',
    (_, spec) => {
      const d = data[spec.task];
      const space = pycaretSearchSpace(spec, d.X.cols);
      const own = new Set(Object.keys(spec.create({}).params));
      for (const name of Object.keys(space)) expect(own.has(name), name).toBe(true);
      checkSpace(space);
      for (const params of randomCandidates(space, 2, 7)) {
        const est = spec.create({ ...params, randomState: 1 }).fit(d.X, d.y);
        expect(est.predict(d.Xt).every(Number.isFinite)).toBe(true);
      }
    },
  );

  it('uses the distributions of PyCaret, e.g. rf and lightgbm', () => {
    const rf = pycaretSearchSpace(MODEL_REGISTRY.get('classification', 'rf'), 4);
    expect(rf.nEstimators).toEqual(intUniform(10, 300));
    expect(rf.minImpurityDecrease).toEqual(logUniform(1e-9, 0.5));
    expect(rf.criterion).toEqual(categorical(['gini', 'entropy']));
    expect(pycaretSearchSpace(MODEL_REGISTRY.get('regression', 'omp'), 10).nNonzeroCoefs).toEqual(intUniform(1, 10));
    expect(pycaretSearchSpace(MODEL_REGISTRY.get('classification', 'lightgbm'), 4).learningRate).toEqual(logUniform(1e-6, 0.5));
  });
});
