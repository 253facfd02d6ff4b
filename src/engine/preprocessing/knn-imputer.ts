import { matrix, type Matrix } from '../core/matrix.js';
import { EngineInputError } from '../errors.js';

export interface KnnImputerJSON {
  kind: 'knn';
  neighbors: number;
  cols: number;
  /** The training rows' values, row-major, null for missing. */
  fitX: Array<number | null>;
}

/**
 * scikit-learn's KNNImputer(n_neighbors, weights="uniform", metric="nan_euclidean") over the numeric columns:
 * a missing cell is the mean of that column over the n nearest training rows that have it, the distance
 * counting only the coordinates both rows have (scaled up by all/present). A row sharing no coordinate with any
 * donor gets the column's training mean; a column with no training value gets 0 (scikit-learn would drop it).
 * Distances are summed directly, not through scikit-learn's |x|² + |y|² − 2x·y, so only exact ties can differ.
 */
export class KnnImputer {
  private fitX: Float64Array | null = null;
  private p = 0;
  private means: Float64Array | null = null;

  constructor(readonly neighbors = 5) {}

  /** X: the training rows of the numeric columns, NaN where missing. */
  fit(X: Matrix): this {
    this.fitX = Float64Array.from(X.data);
    this.p = X.cols;
    this.means = columnMeans(this.fitX, X.rows, X.cols);
    return this;
  }

  private get state(): { fitX: Float64Array; means: Float64Array } {
    if (!this.fitX || !this.means) throw new Error('KnnImputer is not fitted');
    return { fitX: this.fitX, means: this.means };
  }

  /** X with every missing cell imputed (a new matrix). */
  transform(X: Matrix): Matrix {
    const { fitX, means } = this.state;
    const p = this.p;
    if (X.cols !== p) throw new RangeError(`KnnImputer: expected ${p} columns, got ${X.cols}`);
    const out = matrix(X.rows, p);
    out.data.set(X.data);
    const nFit = fitX.length / p;
    const dist = new Float64Array(nFit);
    const bestD = new Float64Array(this.neighbors);
    const bestR = new Int32Array(this.neighbors);
    const fillers = new Int32Array(this.neighbors);
    for (let i = 0; i < X.rows; i++) {
      const row = i * p;
      let anyMissing = false;
      for (let j = 0; j < p; j++) if (Number.isNaN(X.data[row + j] as number)) anyMissing = true;
      if (!anyMissing) continue;
      for (let r = 0; r < nFit; r++) {
        let sq = 0;
        let present = 0;
        for (let j = 0; j < p; j++) {
          const a = X.data[row + j] as number;
          const b = fitX[r * p + j] as number;
          if (Number.isNaN(a) || Number.isNaN(b)) continue;
          sq += (a - b) * (a - b);
          present++;
        }
        dist[r] = present === 0 ? NaN : Math.sqrt((sq * p) / present);
      }
      for (let j = 0; j < p; j++) {
        if (!Number.isNaN(X.data[row + j] as number)) continue;
        const mean = means[j] as number;
        if (Number.isNaN(mean)) {
          out.data[row + j] = 0;
          continue;
        }
        // The k nearest donors (ties: the earlier row), then donors at undefined distance in row order (argpartition
        // puts NaN last; with uniform weights they count like the others).
        let k = 0;
        let defined = false;
        let filler = 0;
        for (let r = 0; r < nFit; r++) {
          if (Number.isNaN(fitX[r * p + j] as number)) continue;
          const d = dist[r] as number;
          if (Number.isNaN(d)) {
            if (filler < this.neighbors) fillers[filler++] = r;
            continue;
          }
          defined = true;
          if (k === this.neighbors && d >= (bestD[k - 1] as number)) continue;
          let t = k === this.neighbors ? k - 1 : k++;
          while (t > 0 && (bestD[t - 1] as number) > d) {
            bestD[t] = bestD[t - 1] as number;
            bestR[t] = bestR[t - 1] as number;
            t--;
          }
          bestD[t] = d;
          bestR[t] = r;
        }
        if (!defined) {
          out.data[row + j] = mean;
          continue;
        }
        for (let f = 0; k < this.neighbors && f < filler; f++) bestR[k++] = fillers[f] as number;
        let sum = 0;
        for (let t = 0; t < k; t++) sum += fitX[(bestR[t] as number) * p + j] as number;
        out.data[row + j] = sum / k;
      }
    }
    return out;
  }

  toJSON(): KnnImputerJSON {
    const { fitX } = this.state;
    return { kind: 'knn', neighbors: this.neighbors, cols: this.p, fitX: Array.from(fitX, (v) => (Number.isNaN(v) ? null : v)) };
  }

  static fromJSON(json: unknown, cols: number, where: string): KnnImputer {
    const o = json as Partial<KnnImputerJSON> | null;
    const ok =
      !!o && o.kind === 'knn' && typeof o.neighbors === 'number' && Number.isInteger(o.neighbors) && o.neighbors >= 1 && o.cols === cols &&
      Array.isArray(o.fitX) && o.fitX.length % Math.max(1, cols) === 0 && o.fitX.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v)));
    if (!ok) throw new EngineInputError('BAD_PIPELINE', `malformed knn imputer (${where})`, 'pipeline');
    const imp = new KnnImputer(o.neighbors);
    const fitX = Float64Array.from(o.fitX as Array<number | null>, (v) => (v === null ? NaN : v));
    imp.fitX = fitX;
    imp.p = cols;
    imp.means = columnMeans(fitX, cols === 0 ? 0 : fitX.length / cols, cols);
    return imp;
  }
}

/** Mean of each column's non-missing values (NaN for a column with none). */
export function columnMeans(data: Float64Array, rows: number, cols: number): Float64Array {
  const sum = new Float64Array(cols);
  const count = new Float64Array(cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j] as number;
      if (Number.isNaN(v)) continue;
      sum[j]! += v;
      count[j]!++;
    }
  return Float64Array.from(sum, (s, j) => (count[j] === 0 ? NaN : s / (count[j] as number)));
}
