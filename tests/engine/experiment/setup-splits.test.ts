import { describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../../src/engine/types.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import type { Frame } from '../../../src/engine/frame/frame.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { groupKFold } from '../../../src/engine/selection/group-kfold.js';
import { timeSeriesSplit } from '../../../src/engine/selection/time-series-split.js';
import { trainTestSplit } from '../../../src/engine/selection/train-test-split.js';
import { inputError } from '../../helpers/engine-errors.js';

const n = 60;
const frame = frameFromColumns({
  x: Array.from({ length: n }, (_, i) => i),
  shop: Array.from({ length: n }, (_, i) => `s${i % 7}`),
  region: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'north' : 'south')),
  y: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'a' : 'b')),
});
const setup = (f: Frame, s: PlanRequest['setup'], task: PlanRequest['task'] = 'classification') => {
  const req = validatePlanRequest({ task, target: 'y', setup: s, plan: 'setup', params: {} }, f.names(), MODEL_REGISTRY);
  return setupExperiment(f, req, { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
};
const plain = (folds: ReadonlyArray<readonly [Int32Array, Int32Array]>) => folds.map(([a, b]) => [Array.from(a), Array.from(b)]);

describe('setup splits and fold strategies', () => {
  it('timeseries: no shuffle, first 70 % train, TimeSeriesSplit folds on the train part', () => {
    const exp = setup(frame, { foldStrategy: 'timeseries', fold: 4 });
    expect(Array.from(exp.train)).toEqual(Array.from({ length: 42 }, (_, i) => i));
    expect(Array.from(exp.test)).toEqual(Array.from({ length: 18 }, (_, i) => 42 + i));
    expect(plain(exp.folds)).toEqual(plain(timeSeriesSplit(42, 4)));
    // expanding window: every validation block comes after all of its training rows
    for (const [tr, va] of exp.folds) expect(Math.max(...tr)).toBeLessThan(Math.min(...va));
  });

  it('groupkfold: the groups of foldGroups never straddle a fold', () => {
    const exp = setup(frame, { foldStrategy: 'groupkfold', foldGroups: 'shop', fold: 3 });
    const shopOf = (p: number): string => `s${(exp.train[p] as number) % 7}`;
    for (const [tr, va] of exp.folds) {
      const trainShops = new Set(Array.from(tr, shopOf));
      for (const p of va) expect(trainShops.has(shopOf(p))).toBe(false);
    }
    const ids = Int32Array.from(exp.train, (r) => r % 7);
    expect(plain(exp.folds)).toEqual(plain(groupKFold(ids, 3)));
  });

  it('dataSplitShuffle false keeps the row order (stratification ignored, as PyCaret)', () => {
    const exp = setup(frame, { dataSplitShuffle: false, trainSize: 0.5 });
    expect(Array.from(exp.train)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('dataSplitStratify as a column list stratifies by the joined values', () => {
    const exp = setup(frame, { dataSplitStratify: ['region', 'y'], sessionId: 3 });
    // labels: "north a", "north b", "south a", "south b" coded in that (code-unit) order
    const label = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 2) + (i % 4 === 0 ? 0 : 1));
    const expected = trainTestSplit(n, { trainSize: 0.7, seed: 3, stratify: label });
    expect(Array.from(exp.train)).toEqual(Array.from(expected.train));
  });

  it('refuses inconsistent split options with the field at fault', () => {
    const cases: Array<[PlanRequest['setup'], string]> = [
      [{ foldStrategy: 'groupkfold' }, 'setupParams.foldGroups'],
      [{ foldGroups: 'shop' }, 'setupParams.foldGroups'],
      [{ foldStrategy: 'groupkfold', foldGroups: 'nope' }, 'setupParams.foldGroups'],
      [{ foldStrategy: 'groupkfold', foldGroups: 'region', fold: 3 }, 'setupParams.foldGroups'],
      [{ foldStrategy: 'timeseries', dataSplitShuffle: true }, 'setupParams.dataSplitShuffle'],
      [{ foldStrategy: 'timeseries', foldShuffle: true }, 'setupParams.foldShuffle'],
      [{ dataSplitStratify: ['nope'] }, 'setupParams.dataSplitStratify'],
      [{ dataSplitStratify: [] }, 'setupParams.dataSplitStratify'],
      [{ dataSplitStratify: ['x'] }, 'setupParams.dataSplitStratify'],
    ];
    for (const [s, field] of cases) {
      const e = inputError(() => setup(frame, s));
      expect(e.field, JSON.stringify(s)).toBe(field);
    }
  });
});
