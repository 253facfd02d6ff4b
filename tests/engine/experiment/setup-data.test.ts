import { describe, expect, it } from 'vitest';
import type { ColumnRecord, EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { validateSetupOptions } from '../../../src/engine/experiment/setup-options.js';
import { finalizePipeline } from '../../../src/engine/experiment/finalize.js';
import { predictHoldout } from '../../../src/engine/experiment/predict.js';
import { frameFromColumns } from '../../../src/engine/frame/inline.js';
import type { Frame } from '../../../src/engine/frame/frame.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { buildFold } from '../../../src/engine/experiment/fold-data.js';
import { setupExperiment } from '../../../src/engine/experiment/setup.js';
import { MODEL_REGISTRY } from '../../../src/engine/models/registry.js';
import { inputError, inputErrorAsync } from '../../helpers/engine-errors.js';

async function run(frame: Frame, req: PlanRequest): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const result = await runPlan(frame, req, { emit: (e) => events.push(e) });
  return { result, events };
}
const payloadOf = (events: EngineEvent[], kind: string): Record<string, unknown> => events.find((e) => e.kind === kind)?.payload ?? {};
const accuracy = (r: PlanResult): number => r.leaderboard?.rows[0]?.scores.find((s) => s.metric === 'Accuracy')?.mean ?? NaN;

// 240 daily rows (one distinct date per row) whose class is "summer" (June-August) or not; x is noise.
function seasonal(): ColumnRecord {
  const when: string[] = [];
  const y: string[] = [];
  const x: number[] = [];
  const start = Date.UTC(2019, 0, 1);
  for (let i = 0; i < 240; i++) {
    const d = new Date(start + i * 3 * 86_400_000);
    when.push(d.toISOString().slice(0, 10));
    const m = d.getUTCMonth() + 1;
    y.push(m >= 6 && m <= 8 ? 'summer' : 'other');
    x.push((i * 7919) % 101);
  }
  return { when, x, season: y };
}
const classify = (setup: PlanRequest['setup'], plan: PlanRequest['plan'] = 'setup', modelId?: string): PlanRequest => ({
  task: 'classification',
  target: 'season',
  setup,
  plan,
  modelId,
  params: {},
});

describe('setup with dates and declared types', () => {
  it('infers the date column and reports each step with its outputs', async () => {
    const { events } = await run(frameFromColumns(seasonal()), classify({}));
    const fitted = payloadOf(events, 'preprocessor.fitted');
    expect(fitted.inferredTypes).toEqual({ when: 'date', x: 'numeric' });
    expect(fitted.dates).toEqual(['when']);
    expect(fitted.outputNames).toEqual(['when_year', 'when_month', 'when_day', 'when_weekday', 'x']);
    expect((fitted.steps as Array<{ column: string; treatment: string }>).map((s) => [s.column, s.treatment])).toEqual([
      ['when', 'date'],
      ['x', 'numeric'],
    ]);
  });

  it('date features let a tree learn the season that a per-row categorical cannot, and predict takes raw date strings', async () => {
    const frame = frameFromColumns(seasonal());
    const withDates = await run(frame, classify({}, 'create', 'dt'));
    const asCategory = await run(frame, classify({ categoricalFeatures: ['when'] }, 'create', 'dt'));
    expect(accuracy(withDates.result)).toBeGreaterThan(0.95);
    // one level per row: every validation level is unseen, imputed as the mode -> no better than the majority share (~0.75)
    expect(accuracy(asCategory.result)).toBeLessThan(0.8);
    const pipeline = loadPipeline(withDates.result.pipeline);
    expect(pipeline.predict({ when: ['2025-07-15', 'Jan 20 2025', '11/02/2024'], x: [3, 50, null] }).predictions).toEqual(['summer', 'other', 'other']);
  });

  it('refuses bad type overrides with the field at fault', async () => {
    const frame = frameFromColumns({ ...seasonal(), size: Array.from({ length: 240 }, (_, i) => ['S', 'M', 'L'][i % 3] as string) });
    const cases: Array<[PlanRequest['setup'], string]> = [
      [{ dateFeatures: ['x'] }, 'setupParams.dateFeatures'],
      [{ numericFeatures: ['size'] }, 'setupParams.numericFeatures'],
      [{ categoricalFeatures: ['nope'] }, 'setupParams.categoricalFeatures'],
      [{ textFeatures: ['season'] }, 'setupParams.textFeatures'],
      [{ ordinalFeatures: { size: ['S', 'M'] } }, 'setupParams.ordinalFeatures'],
      [{ ignoreFeatures: ['x'], numericFeatures: ['x'] }, 'setupParams.numericFeatures'],
    ];
    for (const [setup, field] of cases) {
      const e = await inputErrorAsync(() => run(frame, classify(setup)));
      expect([e.code, e.field], JSON.stringify(setup)).toEqual(['BAD_PARAM', field]);
    }
    const ok = await run(frame, classify({ ordinalFeatures: { size: ['S', 'M', 'L'] } }));
    expect(payloadOf(ok.events, 'preprocessor.fitted').ordered).toEqual(['size']);
  });
});

describe('validateSetupOptions: type lists and dropMissingTarget', () => {
  it('accepts the lists and refuses malformed or conflicting ones', () => {
    const s = validateSetupOptions({ numericFeatures: ['a', 'a'], ordinalFeatures: { b: ['lo', 2] }, keepFeatures: ['c'], dropMissingTarget: true }, 'classification');
    expect([s.numericFeatures, s.ordinalFeatures, s.keepFeatures, s.dropMissingTarget, s.dateFeatures]).toEqual([['a'], { b: ['lo', '2'] }, ['c'], true, []]);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ numericFeatures: 'a' }, 'setupParams.numericFeatures'],
      [{ dateFeatures: [1] }, 'setupParams.dateFeatures'],
      [{ ordinalFeatures: ['a'] }, 'setupParams.ordinalFeatures'],
      [{ ordinalFeatures: { a: [] } }, 'setupParams.ordinalFeatures'],
      [{ ordinalFeatures: { a: ['x', 'x'] } }, 'setupParams.ordinalFeatures'],
      [{ numericFeatures: ['a'], categoricalFeatures: ['a'] }, 'setupParams.categoricalFeatures'],
      [{ dateFeatures: ['a'], ordinalFeatures: { a: ['x'] } }, 'setupParams.ordinalFeatures'],
      [{ ignoreFeatures: ['a'], keepFeatures: ['a'] }, 'setupParams.keepFeatures'],
      [{ dropMissingTarget: 'yes' }, 'setupParams.dropMissingTarget'],
    ];
    for (const [raw, field] of cases) {
      const e = inputError(() => validateSetupOptions(raw, 'classification'));
      expect([e.code, e.field], JSON.stringify(raw)).toEqual(['BAD_PARAM', field]);
    }
  });
});

describe('missing targets', () => {
  const data = (): ColumnRecord => {
    const d = seasonal();
    const season = [...(d.season as string[])] as Array<string | null>;
    for (let i = 0; i < season.length; i += 12) season[i] = null;
    return { ...d, season };
  };

  it('are refused without dropMissingTarget, with the count', async () => {
    const e = await inputErrorAsync(() => run(frameFromColumns(data()), classify({})));
    expect([e.code, e.field]).toEqual(['BAD_INPUT', 'target']);
    expect(e.message).toContain('20 missing value(s)');
  });

  it('are dropped with dropMissingTarget: reported in data.split and the summary, holdout rows map back to the caller rows', async () => {
    const frame = frameFromColumns(data());
    const req = classify({ dropMissingTarget: true }, 'create', 'dt');
    const { result, events } = await run(frame, req);
    const split = payloadOf(events, 'data.split');
    expect([split.droppedMissingTarget, Number(split.trainRows) + Number(split.testRows)]).toEqual([20, 220]);
    expect(events.find((e) => e.kind === 'data.split')?.message).toContain('20 row(s) with a missing target dropped');
    expect([result.summary.droppedMissingTarget, result.summary.rows]).toEqual([20, 220]);
    const holdout = predictHoldout(frame, req, result.pipeline!);
    expect(holdout.rows.length).toBe(Number(split.testRows));
    expect(holdout.rows.every((r) => r % 12 !== 0)).toBe(true);
    const seasons = data().season as Array<string | null>;
    const hits = holdout.rows.filter((r, i) => seasons[r] === holdout.prediction.predictions[i]).length;
    expect(hits / holdout.rows.length).toBeCloseTo(holdout.metrics.Accuracy ?? NaN, 12);
    const final = loadPipeline(finalizePipeline(frame, req, result.pipeline!));
    expect(final.preprocessor.outputNames).toEqual(['when_year', 'when_month', 'when_day', 'when_weekday', 'x']);
    expect(final.predict({ when: ['2030-07-01'], x: [1] }).predictions).toEqual(['summer']);
  });

  it('with dropMissingTarget, explicit row lists are refused when rows would be dropped', async () => {
    const e = await inputErrorAsync(() => run(frameFromColumns(data()), classify({ dropMissingTarget: true, testIndex: [1, 2, 3] })));
    expect([e.code, e.field]).toEqual(['BAD_PARAM', 'setupParams.testIndex']);
  });
});

describe("validateSetupOptions: PyCaret's snake_case names", () => {
  it('maps every setup parameter from its snake_case form', () => {
    const snake = validateSetupOptions(
      { session_id: 7, train_size: 0.8, fold: 5, fold_strategy: 'kfold', fold_shuffle: true, data_split_stratify: false, normalize: true, normalize_method: 'minmax', numeric_imputation: 'median', categorical_imputation: 'mode', max_encoding_ohe: 9, ignore_features: ['a'], numeric_features: ['b'], categorical_features: ['c'], ordinal_features: { d: ['x', 'y'] }, date_features: ['e'], text_features: ['f'], keep_features: ['g'], drop_missing_target: true },
      'classification',
    );
    const camel = validateSetupOptions(
      { sessionId: 7, trainSize: 0.8, fold: 5, foldStrategy: 'kfold', foldShuffle: true, dataSplitStratify: false, normalize: true, normalizeMethod: 'minmax', numericImputation: 'median', categoricalImputation: 'mode', maxEncodingOhe: 9, ignoreFeatures: ['a'], numericFeatures: ['b'], categoricalFeatures: ['c'], ordinalFeatures: { d: ['x', 'y'] }, dateFeatures: ['e'], textFeatures: ['f'], keepFeatures: ['g'], dropMissingTarget: true },
      'classification',
    );
    expect(snake).toEqual(camel);
    expect(validateSetupOptions({ train_index: [0, 1], test_index: [2] }, 'regression')).toMatchObject({ trainIndex: [0, 1], testIndex: [2] });
  });

  it('reports errors under the name as written, refuses a name given twice, lists the known names for an unknown one', () => {
    const bad = inputError(() => validateSetupOptions({ max_encoding_ohe: -1 }, 'classification'));
    expect([bad.code, bad.field]).toEqual(['BAD_PARAM', 'setupParams.max_encoding_ohe']);
    expect(bad.message).toContain('max_encoding_ohe must be an integer');
    const twice = inputError(() => validateSetupOptions({ session_id: 1, sessionId: 2 }, 'classification'));
    expect([twice.code, twice.field]).toEqual(['BAD_PARAM', 'setupParams.sessionId']);
    const unknown = inputError(() => validateSetupOptions({ n_jobs: 2 }, 'classification'));
    expect([unknown.code, unknown.field]).toEqual(['BAD_PARAM', 'setupParams.n_jobs']);
    expect(unknown.message).toContain('sessionId, trainSize, fold');
    expect(unknown.message).toContain('dropMissingTarget');
  });
});

describe('target encoding inside the folds', () => {
  // 300 rows, labels from a fixed LCG (no signal), an ID unique per row, one noise feature.
  function idData(): ColumnRecord {
    let state = 12345;
    const next = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const id: string[] = [];
    const x: number[] = [];
    const label: number[] = [];
    for (let i = 0; i < 300; i++) {
      id.push(`user-${String(i).padStart(4, '0')}`);
      x.push(Math.round(next() * 1000));
      label.push(next() < 0.5 ? 1 : 0);
    }
    return { id, x, label };
  }
  const req = (plan: PlanRequest['plan'], modelId?: string): PlanRequest => ({ task: 'classification', target: 'label', setup: {}, plan, modelId, params: {} });

  it('an ID-like column is target-encoded per fold: validation rows only see the prior, so CV stays at chance', async () => {
    const frame = frameFromColumns(idData());
    const exp = setupExperiment(frame, req('setup'), { logger: { emit: () => {} }, registry: MODEL_REGISTRY });
    expect(exp.trainPreprocessor.summary().targetEncoded).toEqual(['id']);
    for (let k = 0; k < exp.folds.length; k++) {
      const fold = buildFold(exp, k);
      const idColumn = new Set(Array.from({ length: fold.Xv.rows }, (_, i) => fold.Xv.data[i * fold.Xv.cols]));
      expect(idColumn.size).toBe(1); // every validation ID is unseen in the fold's train rows -> the fold's prior
      const trainPrior = fold.y.reduce((a, b) => a + b, 0) / fold.y.length;
      expect([...idColumn][0]).toBeCloseTo(trainPrior, 12);
    }
    const { result } = await run(frame, req('create', 'dt'));
    const acc = accuracy(result);
    // chance level: the majority share is about 0.5; a leaking encoder fitted on all rows would give ~1
    expect(acc).toBeLessThan(0.6);
    expect(acc).toBeGreaterThan(0.35);
  });
});
