import type { Estimator } from '../core/estimator.js';
import { takeRows, takeValues, type Matrix } from '../core/matrix.js';
import { kFold } from '../selection/kfold.js';
import { stratifiedKFold } from '../selection/stratified-kfold.js';

/** What a member contributes to the meta features (scikit-learn's stack_method). */
export type StackMethod = 'predictProba' | 'decisionFunction' | 'predict';

/** The member's outputs as meta-feature columns; binary probabilities keep only the second column, as _stacking.py. */
export function metaColumns(e: Estimator, method: StackMethod, X: Matrix, nClasses: number): Matrix {
  if (method === 'predict') return { data: e.predict(X), rows: X.rows, cols: 1 };
  const M = method === 'predictProba' ? (e as unknown as { predictProba(X: Matrix): Matrix }).predictProba(X) : (e as unknown as { decisionFunction(X: Matrix): Matrix }).decisionFunction(X);
  if (method === 'predictProba' && nClasses === 2 && M.cols === 2) {
    const out = new Float64Array(M.rows);
    for (let i = 0; i < M.rows; i++) out[i] = M.data[i * 2 + 1] as number;
    return { data: out, rows: M.rows, cols: 1 };
  }
  return M;
}

/** Folds as scikit-learn's check_cv(k, y, classifier): StratifiedKFold for classifiers, KFold otherwise, no shuffle. */
export function cvFolds(y: Float64Array, k: number, classifier: boolean): Array<[Int32Array, Int32Array]> {
  return classifier ? stratifiedKFold(y, k) : kFold(y.length, k);
}

/** cross_val_predict: each row's meta columns from a clone fitted without that row's fold. */
export function crossValPredict(template: Estimator, method: StackMethod, X: Matrix, y: Float64Array, folds: Array<[Int32Array, Int32Array]>, nClasses: number): Matrix {
  let out: Float64Array | null = null;
  let cols = 0;
  for (const [train, test] of folds) {
    const est = template.clone().fit(takeRows(X, train), takeValues(y, train));
    const M = metaColumns(est, method, takeRows(X, test), nClasses);
    if (!out) {
      cols = M.cols;
      out = new Float64Array(X.rows * cols);
    }
    for (let r = 0; r < test.length; r++) out.set(M.data.subarray(r * cols, r * cols + cols), (test[r] as number) * cols);
  }
  return { data: out ?? new Float64Array(0), rows: X.rows, cols };
}

/** Column-wise concatenation of matrices with the same rows. */
export function hstack(parts: readonly Matrix[]): Matrix {
  const rows = parts[0]?.rows ?? 0;
  const cols = parts.reduce((s, m) => s + m.cols, 0);
  const out = new Float64Array(rows * cols);
  let at = 0;
  for (const m of parts) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < m.cols; j++) out[i * cols + at + j] = m.data[i * m.cols + j] as number;
    at += m.cols;
  }
  return { data: out, rows, cols };
}
