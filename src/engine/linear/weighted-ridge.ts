// Ridge with sample weights, as scikit-learn's _preprocess_data + _rescale_data: centre X and every target on
// their weighted means, scale each row by sqrt(w), solve the ridge without intercept, then
// intercept = ȳ_w − x̄_w · coef.
import type { Matrix } from '../core/matrix.js';
import { ridgeMulti } from './least-squares.js';

export function weightedRidge(X: Matrix, Y: Float64Array[], alpha: number, fitIntercept: boolean, w: Float64Array): { coef: Float64Array; intercept: Float64Array } {
  const { rows: n, cols: p } = X;
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i] as number;
  const xOff = new Float64Array(p);
  if (fitIntercept && total > 0)
    for (let i = 0; i < n; i++) {
      const wi = (w[i] as number) / total;
      for (let j = 0; j < p; j++) xOff[j] = (xOff[j] as number) + wi * (X.data[i * p + j] as number);
    }
  const root = Float64Array.from(w, (v) => Math.sqrt(v));
  const Xs = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Xs[i * p + j] = ((X.data[i * p + j] as number) - (xOff[j] as number)) * (root[i] as number);
  const yOff: number[] = [];
  const Ys = Y.map((y) => {
    let m = 0;
    if (fitIntercept && total > 0) for (let i = 0; i < n; i++) m += ((w[i] as number) * (y[i] as number)) / total;
    yOff.push(m);
    return Float64Array.from(y, (v, i) => (v - m) * (root[i] as number));
  });
  const r = ridgeMulti({ data: Xs, rows: n, cols: p }, Ys, alpha, false);
  const intercept = new Float64Array(Y.length);
  if (fitIntercept)
    for (let t = 0; t < Y.length; t++) {
      let b = yOff[t] as number;
      for (let j = 0; j < p; j++) b -= (xOff[j] as number) * (r.coef[t * p + j] as number);
      intercept[t] = b;
    }
  return { coef: r.coef, intercept };
}
