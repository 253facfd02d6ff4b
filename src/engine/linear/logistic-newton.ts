import { cholesky, choleskySolve } from '../core/linalg.js';

/**
 * Damped Newton on an objective that can also fill its Hessian: Cholesky of H (plus a growing ridge when
 * H is singular, e.g. the multinomial's shared-intercept direction), then Armijo backtracking.
 */
export function newton(
  fgh: (x: Float64Array, g: Float64Array, H?: Float64Array) => number,
  x0: Float64Array,
  m: number,
  maxIter: number,
  tol: number,
  scale: Float64Array,
): { x: Float64Array; f: number; iterations: number; converged: boolean } {
  let x = Float64Array.from(x0);
  let g = new Float64Array(m);
  let gn = new Float64Array(m);
  const H = new Float64Array(m * m);
  let f = fgh(x, g, H);
  const gradOk = (grad: Float64Array): boolean => {
    let gmax = 0;
    for (let i = 0; i < m; i++) gmax = Math.max(gmax, Math.abs(grad[i] as number) * (scale[i] as number));
    return gmax <= tol;
  };
  for (let it = 0; it < maxIter; it++) {
    if (it > 0) f = fgh(x, g, H); // Hessian at the new point (only when another step is needed)
    if (gradOk(g)) return { x, f, iterations: it, converged: true };
    let dmax = 0;
    for (let i = 0; i < m; i++) dmax = Math.max(dmax, H[i * m + i] as number);
    let L: Float64Array | null = null;
    for (let ridge = 0; !L && ridge < 1; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
      const Hr = Float64Array.from(H);
      for (let i = 0; i < m; i++) Hr[i * m + i] = (Hr[i * m + i] as number) + ridge * dmax;
      L = cholesky(Hr, m);
    }
    if (!L) return { x, f, iterations: it, converged: false };
    const d = choleskySolve(L, m, Float64Array.from(g, (v) => -v));
    let slope = 0;
    for (let i = 0; i < m; i++) slope += (d[i] as number) * (g[i] as number);
    if (!(slope < 0)) return { x, f, iterations: it, converged: false };
    const xn = new Float64Array(m);
    let t = 1;
    let fn = Infinity;
    for (; t > 1e-12; t /= 2) {
      for (let i = 0; i < m; i++) xn[i] = (x[i] as number) + t * (d[i] as number);
      fn = fgh(xn, gn);
      if (fn <= f + 1e-4 * t * slope) break;
    }
    if (!(fn <= f + 1e-4 * t * slope)) return { x, f, iterations: it + 1, converged: false };
    const fOld = f;
    x = xn;
    f = fn;
    [g, gn] = [gn, g];
    if (gradOk(g)) return { x, f, iterations: it + 1, converged: true };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= 1e-16) return { x, f, iterations: it + 1, converged: true };
  }
  return { x, f, iterations: maxIter, converged: false };
}
