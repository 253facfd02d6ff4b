import type { Matrix } from '../core/matrix.js';
import { fitTraining } from './train-rows.js';
import { TargetTransform, type TargetTransformJSON } from '../preprocessing/target-transform.js';
import type { Experiment } from './experiment.js';

/** One fold's preprocessed matrices (preprocessor fitted on the fold's train rows only). */
export interface FoldMatrices {
  readonly X: Matrix;
  readonly y: Float64Array;
  readonly Xv: Matrix;
  readonly yv: Float64Array;
  /** FitOptions.cache shared by every model fitted on X (e.g. feature bins). */
  readonly cache: Map<string, unknown>;
  /** transformTarget: y is the mapped target, yv the original; predictions are mapped back before scoring. */
  readonly target?: TargetTransformJSON;
}

/** Above this many bytes of fold matrices, folds are rebuilt per model instead of kept. */
const KEEP_LIMIT_BYTES = 512 * 1024 * 1024;

function share(v: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(v.length * 8));
  out.set(v);
  return out;
}
function shareMatrix(m: Matrix): Matrix {
  return { data: share(m.data), rows: m.rows, cols: m.cols };
}

export function targetsAt(y: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i] as number] as number;
  return out;
}

export function buildFold(exp: Experiment, k: number): FoldMatrices {
  const fold = exp.folds[k];
  if (!fold) throw new RangeError(`no fold ${k}`);
  const [trPos, vaPos] = fold;
  const tr = Int32Array.from(trPos, (p) => exp.train[p] as number);
  const va = Int32Array.from(vaPos, (p) => exp.train[p] as number);
  // Row steps (drop / outliers / SMOTE) change the training rows only; validation rows are scored as they are.
  const { X, y, pre } = fitTraining(exp, tr, exp.preprocess, exp.rowSteps);
  const t = fitTargetTransform(exp, y);
  return { X, y: t ? t.transform(y) : y, Xv: pre.transform(exp.frame, va), yv: targetsAt(exp.y, va), cache: new Map(), ...(t ? { target: t.toJSON() } : {}) };
}

/** transformTarget's transform fitted on the training rows' target y (null when the setup has none). */
export function fitTargetTransform(exp: Pick<Experiment, 'setup' | 'task'>, y: Float64Array): TargetTransform | null {
  return exp.task === 'regression' && exp.setup.transformTarget ? TargetTransform.fit(exp.setup.transformTargetMethod, y) : null;
}

/** The folds' matrices, built on first use and kept while they fit in memory (shared by every model of a compare). */
export class FoldData {
  private readonly kept: Array<FoldMatrices | undefined>;
  private readonly keep: boolean;

  /** shared: keep the matrices in SharedArrayBuffers, so worker threads can read the same memory. */
  constructor(
    private readonly exp: Experiment,
    readonly shared = false,
  ) {
    this.kept = new Array<FoldMatrices | undefined>(exp.folds.length);
    const width = exp.trainPreprocessor.outputNames.length;
    this.keep = exp.folds.length * exp.train.length * width * 8 <= KEEP_LIMIT_BYTES;
  }

  /** True when every fold's matrices fit in the memory budget (and so can be kept, or shared with workers). */
  get keepsAll(): boolean {
    return this.keep;
  }

  get count(): number {
    return this.exp.folds.length;
  }

  get(k: number): FoldMatrices {
    const have = this.kept[k];
    if (have) return have;
    const built = buildFold(this.exp, k);
    const f = this.shared ? { ...built, X: shareMatrix(built.X), y: share(built.y), Xv: shareMatrix(built.Xv), yv: share(built.yv) } : built;
    if (this.keep) this.kept[k] = f;
    return f;
  }
}
