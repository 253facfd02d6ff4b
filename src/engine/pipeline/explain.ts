import type { Explanation } from '../types.js';
import type { Estimator } from '../core/estimator.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';
import { shapModelFor } from '../analysis/shap-adapters.js';
import { treeShap, type ShapModel } from '../analysis/tree-shap.js';

/**
 * TreeSHAP needs each node's cover (the train rows reaching it), which the fitted trees do not keep: the
 * pipeline stores them per tree, counted once on the rows it was fitted on (explainCoversOf), and rebuilds
 * the ShapModel from them (shapModelWithCovers) to explain new rows.
 */
export function explainCoversOf(est: Estimator, trainX: Matrix): { model: ShapModel; covers: number[][] } | null {
  const model = shapModelFor(est, trainX);
  return model ? { model, covers: model.trees.map((t) => Array.from(t.cover)) } : null;
}

export function shapModelWithCovers(est: Estimator, nFeatures: number, covers: readonly (readonly number[])[]): ShapModel | null {
  const bare = shapModelFor(est, matrix(0, nFeatures));
  if (!bare) return null;
  if (covers.length !== bare.trees.length || bare.trees.some((t, i) => covers[i]?.length !== t.cover.length))
    throw new EngineInputError('BAD_PIPELINE', 'the stored TreeSHAP covers do not match the trees', 'pipeline');
  return { ...bare, trees: bare.trees.map((t, i) => ({ ...t, cover: Float64Array.from(covers[i] as number[]) })) };
}

function outputKind(type: string, regression: boolean): string {
  if (regression) return 'value';
  if (type.startsWith('ada')) return 'decision';
  if (type === 'gbc' || type.startsWith('lightgbm')) return 'margin';
  return 'probability';
}

/** Per-row TreeSHAP values: expected value + Σ values = the raw output (outputKind) of each output, per row. */
export function explainMatrix(o: { model: ShapModel | null; estimator: Estimator; modelName: string; features: readonly string[]; classes: readonly (number | string)[] | null; target: string }, X: Matrix): Explanation {
  if (!o.model) throw new EngineInputError('BAD_INPUT', `${o.modelName} has no TreeSHAP explanation (tree models only: dt, rf, et, gbc, gbr, lightgbm, ada classifier)`, 'explain');
  const s = treeShap(o.model, X);
  const classes = o.classes;
  const outputs: Array<number | string> = !classes ? [o.target] : s.nOutputs === classes.length ? [...classes] : [classes[classes.length - 1] as number | string];
  const values: number[][][] = [];
  for (let r = 0; r < s.rows; r++) {
    const row: number[][] = [];
    for (let k = 0; k < s.nOutputs; k++) {
      const base = (r * s.nOutputs + k) * s.nFeatures;
      row.push(Array.from(s.values.subarray(base, base + s.nFeatures)));
    }
    values.push(row);
  }
  return { features: [...o.features], outputs, outputKind: outputKind(o.estimator.type, !classes), expectedValue: Array.from(s.expectedValue), values };
}
