// The analysis's TreeSHAP summary within its work budget: the rows it explains (shapRowsExplained), a seeded
// sample for deep forests, every holdout row for small models; the same summary for the same session.
import { describe, expect, it } from 'vitest';
import type { PlanRequest } from '../../../src/engine/types.js';
import { loadBuiltinDataset } from '../../../src/engine/index.js';
import { MIN_SHAP_ROWS, SHAP_SUMMARY_BUDGET, shapCostPerRow, shapSummaryPlan } from '../../../src/engine/experiment/pipeline-analysis.js';
import { runPlan } from '../../../src/engine/experiment/run-plan.js';
import { loadPipeline } from '../../../src/engine/pipeline/pipeline.js';
import { validatePlanRequest } from '../../../src/engine/experiment/validate-plan.js';

const cancer = loadBuiltinDataset('breast_cancer');
const request = (modelId: string, sessionId = 123): PlanRequest =>
  validatePlanRequest({ task: 'classification', target: 'target', setup: { fold: 2, sessionId }, plan: 'create', modelId, params: { analysisRepeats: 1 } }, cancer.names());

describe('TreeSHAP summary budget', () => {
  it('et (100 unpruned trees) explains a sample that fits the budget; dt explains all 171 holdout rows', async () => {
    const et = await runPlan(cancer, request('et'), { emit: () => {} });
    const a = et.analyses[0]!;
    const model = loadPipeline(et.pipeline).shapModel()!;
    const rows = Math.max(MIN_SHAP_ROWS, Math.floor(SHAP_SUMMARY_BUDGET / shapCostPerRow(model)));
    expect(rows).toBeLessThan(171);
    expect(a.shapRowsExplained).toBe(rows);
    expect(shapSummaryPlan(model, 171).rows).toBe(rows);
    expect(a.shapSummary).toHaveLength(30);
    const again = await runPlan(cancer, request('et'), { emit: () => {} });
    expect(again.analyses[0]!.shapSummary).toEqual(a.shapSummary);
    const dt = await runPlan(cancer, request('dt'), { emit: () => {} });
    expect(dt.analyses[0]!.shapRowsExplained).toBe(171);
    const lr = await runPlan(cancer, request('lr'), { emit: () => {} });
    expect(lr.analyses[0]!.shapRowsExplained).toBeUndefined();
  });

  it('never fewer than MIN_SHAP_ROWS rows, never more than the holdout', () => {
    // 10 trees of 10⁶ nodes: 3·10⁷ work per row, above the whole budget
    const n = 1_000_000;
    const tree = { feature: new Int32Array(n).fill(-1), threshold: new Float64Array(n), left: new Int32Array(n), right: new Int32Array(n), missingLeft: new Uint8Array(n), value: new Float64Array(n), cover: new Float64Array(n), outputs: 1, outputOffset: 0 };
    const costly = { nFeatures: 1, nOutputs: 1, base: new Float64Array(1), trees: Array.from({ length: 10 }, () => tree) };
    expect(shapCostPerRow(costly)).toBeGreaterThan(SHAP_SUMMARY_BUDGET);
    expect(shapSummaryPlan(costly, 5000).rows).toBe(MIN_SHAP_ROWS);
    expect(shapSummaryPlan(costly, 10).rows).toBe(10);
    const cheap = { nFeatures: 1, nOutputs: 1, base: new Float64Array(1), trees: [] };
    expect(shapSummaryPlan(cheap, 5000).rows).toBe(1000);
  });
});
