// TUNE's searches in the engine: TPE with 30 trials beats the untuned lightgbm and rf (issue 11's bar), per-trial
// events, halving and early stopping, customGrid distributions and chooseBetter.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, PlanRequest, PlanResult } from '../../../src/engine/types.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { loadBuiltinDataset } from '../../../src/engine/frame/builtin.js';
import type { Frame } from '../../../src/engine/frame/frame.js';

const cancer = loadBuiltinDataset('breast_cancer');
const diabetes = loadBuiltinDataset('diabetes');

async function tune(frame: Frame, task: PlanRequest['task'], modelId: string, params: PlanRequest['params'], fold = 5): Promise<{ result: PlanResult; events: EngineEvent[] }> {
  const events: EngineEvent[] = [];
  const result = await runPlan(frame, { task, target: 'target', setup: { fold }, plan: 'tune', modelId, params }, { emit: (e) => events.push(e) });
  return { result, events };
}

const tuned = (events: EngineEvent[]) => events.find((e) => e.kind === 'model.tuned')?.payload as { baselineScore: number; bestCandidateScore: number; improved: boolean; score: number };

describe('TUNE library tpe, 30 trials, beats the untuned default (5-fold CV)', () => {
  it.each([
    ['breast_cancer', 'classification', 'lightgbm', 'Accuracy'],
    ['breast_cancer', 'classification', 'rf', 'Accuracy'],
    ['diabetes', 'regression', 'lightgbm', 'R2'],
    ['diabetes', 'regression', 'rf', 'R2'],
  ] as const)('%s %s %s', { timeout: 300_000 }, async (data, task, modelId, optimize) => {
    const { result, events } = await tune(data === 'diabetes' ? diabetes : cancer, task, modelId, { library: 'tpe', nIter: 30, optimize });
    const trials = events.filter((e) => e.kind === 'model.tune.trial');
    expect(trials).toHaveLength(30);
    expect(trials.every((e) => typeof e.payload?.score === 'number' && typeof e.payload?.params === 'object')).toBe(true);
    const t = tuned(events);
    expect(t.bestCandidateScore).toBeGreaterThan(t.baselineScore);
    expect(t.improved).toBe(true);
    expect(result.summary.score).toBe(t.bestCandidateScore);
    expect(result.pipeline).not.toBeNull();
  });
});

describe('TUNE search options', () => {
  it('halving scores few trials on every fold; early stopping stops far-below trials', async () => {
    const h = await tune(cancer, 'classification', 'dt', { library: 'halving', nIter: 9 });
    const statuses = h.events.filter((e) => e.kind === 'model.tune.trial').map((e) => e.payload?.status);
    expect(statuses.filter((s) => s === 'halved').length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 'complete').length).toBeLessThan(9);
    const es = await tune(cancer, 'classification', 'knn', { library: 'random', nIter: 20, earlyStopping: true, customGrid: { nNeighbors: [1, 2, 5, 9, 15, 25, 60, 120, 200] } });
    const trials = es.events.filter((e) => e.kind === 'model.tune.trial');
    expect(trials.length).toBe(9);
    for (const t of trials.filter((e) => e.payload?.status === 'stopped')) expect(t.payload?.folds).toBeLessThan(5);
  });

  it('customGrid distributions are sampled within their bounds; chooseBetter false returns a worse candidate', async () => {
    const { events } = await tune(cancer, 'classification', 'dt', { library: 'random', nIter: 6, customGrid: { maxDepth: { kind: 'intUniform', low: 1, high: 2 } } });
    const depths = events.filter((e) => e.kind === 'model.tune.trial').map((e) => (e.payload?.params as { maxDepth: number }).maxDepth);
    expect(depths).toHaveLength(6);
    expect(depths.every((d) => d === 1 || d === 2)).toBe(true);
    // lr's default C = 1 beats C = 1e-4 on breast_cancer: with chooseBetter off the worse tuned model is returned
    const off = await tune(cancer, 'classification', 'lr', { nIter: 1, customGrid: { C: [0.0001] }, chooseBetter: false });
    const t = tuned(off.events);
    expect(t.bestCandidateScore).toBeLessThan(t.baselineScore);
    expect(t.score).toBe(t.bestCandidateScore);
    expect((off.result.summary.bestParams as { C: number }).C).toBe(0.0001);
    const on = await tune(cancer, 'classification', 'lr', { nIter: 1, customGrid: { C: [0.0001] } });
    expect(tuned(on.events).score).toBe(tuned(on.events).baselineScore);
  });
});
