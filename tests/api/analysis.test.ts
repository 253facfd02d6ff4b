// Model analysis end to end (issue 9): computed in the run after the holdout scoring, stored with the run,
// served typed over GraphQL; probabilityThreshold in runs and predict; predict(explain: true).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteExperimentDocument,
  PredictExplainedDocument,
  RunAnalysisBriefDocument,
  RunAnalysisFullDocument,
  RunHoldoutPredictionsDocument,
  RunImportanceMethodDocument,
  RunsDocument,
  RunWithEventsDocument,
  SubmitRunDocument,
  type AnalysisFieldsFragment,
  type SubmitRunInput,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { Run } from '../../src/entities/index.js';

let t: TestApp;
let owner: Owner;

beforeAll(async () => {
  t = await startTestApp({ env: { RUN_CONCURRENCY: '2' } });
  owner = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

type Holdout = Record<string, number>;

async function trained(input: Omit<SubmitRunInput, 'experimentId'>, experiment: { task?: 'CLASSIFICATION' | 'REGRESSION'; setupParams?: Record<string, unknown> } = {}): Promise<{ runId: string; summary: { best: string; holdout: Holdout; trainRows: number; testRows: number }; leaderboard: string[] }> {
  const experimentId = await newExperiment(t, owner, { task: experiment.task ?? 'CLASSIFICATION', setupParams: experiment.setupParams ?? { fold: 3 } });
  const queued = await submit(t, owner.user.token, { experimentId, ...input });
  const run = await waitFor(t, owner.user.token, queued.id, 300);
  expect(run.status, run.error ?? '').toBe('SUCCEEDED');
  return { runId: run.id, summary: run.summary as never, leaderboard: (run.leaderboard?.rows ?? []).map((r) => r.modelId) };
}

async function full(runId: string): Promise<{ analysis: AnalysisFieldsFragment; analyses: AnalysisFieldsFragment[] }> {
  const r = await t.gql(RunAnalysisFullDocument, { id: runId }, owner.user.token);
  expect(r.errors).toBeUndefined();
  const run = r.data!.run!;
  expect(run.analysis).not.toBeNull();
  return { analysis: run.analysis!, analyses: run.analyses };
}

function sortedDescending(values: number[]): boolean {
  return values.every((v, i) => i === 0 || (values[i - 1] as number) >= v);
}

/** First rows of a built-in dataset as row records without the target. */
function builtinRows(name: string, n: number): Array<Record<string, number>> {
  const lines = readFileSync(new URL(`../../data/${name}.csv`, import.meta.url), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  return lines.slice(1, 1 + n).map((l) => {
    const cells = l.split(',').map(Number);
    const row: Record<string, number> = {};
    header.forEach((h, j) => h !== 'target' && (row[h] = cells[j] as number));
    return row;
  });
}

describe('COMPARE on BREAST_CANCER', () => {
  let runId: string;
  let summary: Awaited<ReturnType<typeof trained>>['summary'];
  let leaderboard: string[];
  beforeAll(async () => {
    ({ runId, summary, leaderboard } = await trained({ plan: 'COMPARE', data: { builtin: 'BREAST_CANCER' }, params: { include: ['lr', 'dt', 'rf', 'lightgbm'], nSelect: 2 } }));
  }, 300_000);

  it("run { analysis { rocCurves { area } confusionMatrix { counts } featureImportance { feature importance } } }: the ROC area is the run's holdout AUC", async () => {
    const r = await t.gql(RunAnalysisBriefDocument, { id: runId }, owner.user.token);
    expect(r.errors).toBeUndefined();
    const a = r.data!.run!.analysis!;
    expect(a.rocCurves).toHaveLength(1);
    expect(a.rocCurves[0]!.area).toBe(summary.holdout['AUC']);
    const counts = a.confusionMatrix!.counts;
    expect(counts.flat().reduce((s, c) => s + c, 0)).toBe(summary.testRows);
    expect(((counts[0]![0]! + counts[1]![1]!) / summary.testRows)).toBeCloseTo(summary.holdout['Accuracy']!, 14);
    expect(a.featureImportance).toHaveLength(30);
    expect(sortedDescending(a.featureImportance.map((f) => f.importance))).toBe(true);
  });

  it('has the typed extras, one analysis per selected model (best first), and the analysis events', async () => {
    const { analysis, analyses } = await full(runId);
    expect(analyses.map((x) => x.modelId)).toEqual(leaderboard.slice(0, 2));
    expect(analysis.modelId).toBe(summary.best);
    expect(analysis.holdout.find((h) => h.metric === 'AUC')!.mean).toBe(summary.holdout['AUC']);
    expect(analysis.classReport.map((c) => c.support).reduce((s, c) => s + c, 0)).toBe(summary.testRows);
    expect(analysis.calibrationCurves).toHaveLength(1);
    expect(analysis.thresholdCurve.length).toBeGreaterThan(90);
    expect(analysis.optimizedThreshold!.metric).toBe('F1');
    expect(analysis.optimizedThreshold!.value).toBe(Math.max(...analysis.thresholdCurve.map((p) => p.f1)));
    expect(analysis.probabilityThreshold).toBe(0.5);
    expect(analysis.ks[0]!.statistic).toBeGreaterThan(0.8);
    expect(analysis.gainCurve[0]!.points.at(-1)).toMatchObject({ x: 1, y: 1 });
    expect(analysis.featureImportance.every((f) => f.method === 'permutation')).toBe(true);
    for (const a of analyses) {
      const tree = a.modelId !== 'lr';
      expect(a.native.length, a.modelId).toBe(30);
      expect(a.shapSummary === null, a.modelId).toBe(!tree);
    }
    const events = await t.gql(RunWithEventsDocument, { id: runId, limit: 1000 }, owner.user.token);
    const kinds = events.data!.run!.events.filter((e) => e.kind.startsWith('analysis.'));
    expect(kinds.map((e) => e.kind)).toEqual(['analysis.started', 'analysis.finished', 'analysis.started', 'analysis.finished']);
    for (const e of kinds.filter((k) => k.kind === 'analysis.finished')) expect(typeof (e.payload as { seconds: unknown }).seconds).toBe('number');
  });

  it('holdoutPredictions pages through the holdout and reproduces the holdout accuracy', async () => {
    const page = async (after: number | null, limit: number) => {
      const r = await t.gql(RunHoldoutPredictionsDocument, { id: runId, after, limit }, owner.user.token);
      expect(r.errors).toBeUndefined();
      return r.data!.run!.holdoutPredictions;
    };
    const first = await page(null, 100);
    const rest = await page(99, 100);
    expect(first.map((p) => p.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(rest).toHaveLength(summary.testRows - 100);
    const all = [...first, ...rest];
    expect(new Set(all.map((p) => p.row)).size).toBe(summary.testRows);
    const correct = all.filter((p) => p.actual === p.predicted).length;
    expect(correct / summary.testRows).toBeCloseTo(summary.holdout['Accuracy']!, 14);
    for (const p of all) expect(p.probabilities!.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(await page(summary.testRows - 1, 10)).toEqual([]);
  });

  it('the analysis lives in the Run row and goes with it', async () => {
    const experimentId = await newExperiment(t, owner);
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'dt', data: { builtin: 'BREAST_CANCER' } });
    await waitFor(t, owner.user.token, queued.id, 300);
    const stored = await t.services.orm.em.fork().findOne(Run, { id: queued.id }, { fields: ['id', 'analysis'] });
    expect((stored?.analysis as { analyses: unknown[] } | null)?.analyses).toHaveLength(1);
    const d = await t.gql(DeleteExperimentDocument, { id: experimentId }, owner.user.token);
    expect(d.errors).toBeUndefined();
    expect(await t.services.orm.em.fork().count(Run, { id: queued.id })).toBe(0);
    const r = await t.gql(RunAnalysisBriefDocument, { id: queued.id }, owner.user.token);
    expect(errorCode(r)).toBe('NOT_FOUND');
  });

  it('bad analysis arguments are BAD_USER_INPUT with their field', async () => {
    const m = await t.gql(RunImportanceMethodDocument, { id: runId, method: 'gain' }, owner.user.token);
    expect(errorCode(m)).toBe('BAD_USER_INPUT');
    expect(m.errors![0]!.extensions!.field).toBe('method');
    const native = await t.gql(RunImportanceMethodDocument, { id: runId, method: 'native' }, owner.user.token);
    expect(native.data!.run!.analysis!.featureImportance).toHaveLength(30);
    const p = await t.gql(RunHoldoutPredictionsDocument, { id: runId, limit: 0 }, owner.user.token);
    expect(errorCode(p)).toBe('BAD_USER_INPUT');
    expect(p.errors![0]!.extensions!.field).toBe('limit');
  });
});

describe('regression analysis on DIABETES', () => {
  it('the residuals reproduce the holdout R2; a linear model has Cook\'s distance per train row', async () => {
    const { runId, summary } = await trained({ plan: 'CREATE', modelId: 'lr', data: { builtin: 'DIABETES' } }, { task: 'REGRESSION' });
    const { analysis } = await full(runId);
    expect(analysis.residuals).toHaveLength(summary.testRows);
    const actual = analysis.residuals.map((p) => p.actual);
    const mean = actual.reduce((s, v) => s + v, 0) / actual.length;
    const ssRes = analysis.residuals.reduce((s, p) => s + (p.actual - p.predicted) ** 2, 0);
    const ssTot = actual.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(1 - ssRes / ssTot).toBeCloseTo(summary.holdout['R2']!, 12);
    expect(analysis.predictionError!.r2).toBeCloseTo(summary.holdout['R2']!, 14);
    expect(analysis.cooksDistance).toHaveLength(summary.trainRows);
    expect(analysis.residualHistogram.reduce((s, b) => s + b.count, 0)).toBe(summary.testRows);
    expect(analysis.rocCurves).toEqual([]);
    expect(analysis.confusionMatrix).toBeNull();
    expect(analysis.featureImportance).toHaveLength(10);
    expect(analysis.native).toHaveLength(10);
    expect(analysis.shapSummary).toBeNull();
  }, 300_000);
});

describe('determinism, thresholds, learning curve, explanations', () => {
  it('the analysis is the same for a fixed sessionId (seconds aside)', async () => {
    const input = { plan: 'CREATE' as const, modelId: 'rf', data: { builtin: 'BREAST_CANCER' as const } };
    const setupParams = { fold: 3, sessionId: 7 };
    const [a, b] = await Promise.all([trained(input, { setupParams }), trained(input, { setupParams })]);
    const strip = (x: AnalysisFieldsFragment) => ({ ...x, seconds: 0 });
    const [fa, fb] = await Promise.all([full(a!.runId), full(b!.runId)]);
    expect(strip(fa.analysis)).toEqual(strip(fb.analysis));
    expect(fa.analysis.shapSummary).toHaveLength(30);
  }, 300_000);

  it('probabilityThreshold decides the holdout predictions and scores, and predict uses it', async () => {
    const { runId, summary } = await trained({ plan: 'CREATE', modelId: 'rf', data: { builtin: 'BREAST_CANCER' }, params: { probabilityThreshold: 0.9 } });
    const { analysis } = await full(runId);
    expect(analysis.probabilityThreshold).toBe(0.9);
    const r = await t.gql(RunHoldoutPredictionsDocument, { id: runId, limit: 1000 }, owner.user.token);
    const rows = r.data!.run!.holdoutPredictions;
    for (const p of rows) expect(p.predicted).toBe(p.probabilities![1]! >= 0.9 ? 1 : 0);
    expect(rows.filter((p) => p.actual === p.predicted).length / rows.length).toBeCloseTo(summary.holdout['Accuracy']!, 14);
    const X = builtinRows('breast_cancer', 20);
    const withRun = await t.gql(PredictExplainedDocument, { runId, rows: X }, owner.user.token);
    expect(withRun.errors).toBeUndefined();
    const pr = withRun.data!.predict;
    expect(pr.probabilityThreshold).toBe(0.9);
    pr.predictions.forEach((v, i) => expect(v).toBe(pr.probabilities![i]![1]! >= 0.9 ? 1 : 0));
    const lower = await t.gql(PredictExplainedDocument, { runId, rows: X, probabilityThreshold: 0.05 }, owner.user.token);
    lower.data!.predict.predictions.forEach((v, i) => expect(v).toBe(lower.data!.predict.probabilities![i]![1]! >= 0.05 ? 1 : 0));
  }, 300_000);

  it('explain: TreeSHAP contributions add up to the predicted probabilities; a linear model is refused', async () => {
    const tree = await trained({ plan: 'CREATE', modelId: 'rf', data: { builtin: 'IRIS' } });
    const rows = builtinRows('iris', 6);
    const r = await t.gql(PredictExplainedDocument, { runId: tree.runId, rows, explain: true }, owner.user.token);
    expect(r.errors).toBeUndefined();
    const e = r.data!.predict.explanation!;
    expect(e.outputKind).toBe('probability');
    expect(e.outputs).toEqual(r.data!.predict.classes);
    expect(e.features).toHaveLength(4);
    const values = e.values as number[][][];
    expect(values).toHaveLength(6);
    values.forEach((row, i) =>
      row.forEach((contributions, o) => expect(e.expectedValue[o]! + contributions.reduce((s, v) => s + v, 0)).toBeCloseTo(r.data!.predict.probabilities![i]![o]!, 9)),
    );
    const linear = await trained({ plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
    const refused = await t.gql(PredictExplainedDocument, { runId: linear.runId, rows, explain: true }, owner.user.token);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions!.field).toBe('explain');
    const multiclass = await t.gql(PredictExplainedDocument, { runId: linear.runId, rows, probabilityThreshold: 0.5 }, owner.user.token);
    expect(errorCode(multiclass)).toBe('BAD_USER_INPUT');
    expect(multiclass.errors![0]!.extensions!.field).toBe('probabilityThreshold');
    const outOfRange = await t.gql(PredictExplainedDocument, { runId: linear.runId, rows, probabilityThreshold: 1 }, owner.user.token);
    expect(outOfRange.errors![0]!.extensions!.field).toBe('probabilityThreshold');
  }, 300_000);

  it('learningCurve: true adds CV scores at 5 train sizes', async () => {
    const { runId } = await trained({ plan: 'CREATE', modelId: 'dt', data: { builtin: 'BREAST_CANCER' }, params: { learningCurve: true } });
    const { analysis } = await full(runId);
    const curve = analysis.learningCurve!;
    expect(curve.metric).toBe('ACCURACY');
    expect(curve.points).toHaveLength(5);
    const sizes = curve.points.map((p) => p.trainSize);
    expect([...sizes].sort((x, y) => x - y)).toEqual(sizes);
    expect(curve.points.at(-1)!.trainScore).toBe(1); // an unpruned tree fits its train rows
  }, 300_000);
});

describe('bad analysis params at submit', () => {
  const cases: Array<[string, 'CLASSIFICATION' | 'REGRESSION', 'BREAST_CANCER' | 'IRIS' | 'DIABETES', Record<string, unknown>, string]> = [
    ['threshold ≥ 1', 'CLASSIFICATION', 'BREAST_CANCER', { probabilityThreshold: 1 }, 'params.probabilityThreshold'],
    ['threshold ≤ 0', 'CLASSIFICATION', 'BREAST_CANCER', { probabilityThreshold: 0 }, 'params.probabilityThreshold'],
    ['threshold not a number', 'CLASSIFICATION', 'BREAST_CANCER', { probabilityThreshold: '0.5' }, 'params.probabilityThreshold'],
    ['threshold on a multiclass target', 'CLASSIFICATION', 'IRIS', { probabilityThreshold: 0.4 }, 'params.probabilityThreshold'],
    ['threshold on regression', 'REGRESSION', 'DIABETES', { probabilityThreshold: 0.4 }, 'params.probabilityThreshold'],
    ['analysisRepeats 0', 'CLASSIFICATION', 'IRIS', { analysisRepeats: 0 }, 'params.analysisRepeats'],
    ['learningCurve not a boolean', 'CLASSIFICATION', 'IRIS', { learningCurve: 'yes' }, 'params.learningCurve'],
  ];
  it.each(cases)('%s → BAD_USER_INPUT (field %s), nothing stored', async (_name, task, builtin, params, field) => {
    const experimentId = await newExperiment(t, owner, { task });
    const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'CREATE', modelId: 'dt', data: { builtin }, params } }, owner.user.token);
    expect(errorCode(r), JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe(field);
    const runs = await t.gql(RunsDocument, { experimentId }, owner.user.token);
    expect(runs.data!.runs).toEqual([]);
  });
});
