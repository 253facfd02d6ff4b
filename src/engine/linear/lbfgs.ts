// Limited-memory BFGS with a strong-Wolfe line search, stopping as scipy's L-BFGS-B does
// (projected-gradient max-norm ≤ gtol, or relative decrease of f ≤ ftol, or maxIter iterations).
import { dot } from '../core/linalg.js';

/** Writes the gradient at x into g and returns f(x). May return Infinity outside the domain. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  /** scipy's default factr·eps = 2.22e-9 */
  ftol?: number;
  memory?: number;
  maxLineSearch?: number;
  /**
   * Per-variable factors applied to the gradient before the gtol test (when the problem was
   * reparametrised as w = x / D, the gradient in the original coordinates is D·g).
   */
  scale?: Float64Array;
  /**
   * Applies M⁻¹ in place for a symmetric positive-definite approximation M of the Hessian; the initial
   * inverse Hessian of each two-loop recursion becomes γ·M⁻¹ instead of γ·I.
   */
  precondition?: (v: Float64Array) => void;
  /** Called at the start of every iteration with the current point (e.g. to refresh the preconditioner). */
  onIteration?: (x: Float64Array, iteration: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
  /** why it stopped: gradient small enough, no more relative decrease, iteration cap, or failed line search */
  reason: 'gtol' | 'ftol' | 'maxIter' | 'lineSearch';
}

const C1 = 1e-3; // scipy's dcsrch ftol
const C2 = 0.9; // scipy's dcsrch gtol

export function lbfgs(fg: Objective, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = o.memory ?? 10;
  const ftol = o.ftol ?? 2.220446049250313e-9;
  const maxLs = o.maxLineSearch ?? 20;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alphaBuf = new Float64Array(m);
  const pbuf = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  if (maxAbs(g, o.scale) <= o.gtol) return { x, f, iterations: 0, converged: true, reason: 'gtol' };

  for (let iter = 0; iter < o.maxIter; iter++) {
    o.onIteration?.(x, iter);
    // d = -H g by the two-loop recursion
    for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = (rho[j] as number) * dot(S[j] as Float64Array, d);
      alphaBuf[j] = a;
      axpy(-a, Y[j] as Float64Array, d);
    }
    if (o.precondition) {
      o.precondition(d);
      if (k > 0) {
        const yl = Y[k - 1] as Float64Array;
        pbuf.set(yl);
        o.precondition(pbuf);
        const gamma = dot(S[k - 1] as Float64Array, yl) / dot(yl, pbuf);
        for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
      }
    } else if (k > 0) {
      const yl = Y[k - 1] as Float64Array;
      const gamma = dot(S[k - 1] as Float64Array, yl) / dot(yl, yl);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let j = 0; j < k; j++) {
      const b = (rho[j] as number) * dot(Y[j] as Float64Array, d);
      axpy((alphaBuf[j] as number) - b, S[j] as Float64Array, d);
    }
    let dg = dot(d, g);
    if (!(dg < 0)) {
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      if (o.precondition) o.precondition(d);
      dg = dot(d, g);
      if (!(dg < 0)) {
        for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
        dg = dot(d, g);
      }
    }
    const stp0 = S.length === 0 ? (o.precondition ? 1 : Math.min(1 / Math.sqrt(dot(d, d)), 1)) : 1;
    const ls = lineSearch(fg, x, f, g, d, dg, stp0, maxLs, xNew, gNew);
    if (!ls) return { x, f, iterations: iter, converged: false, reason: 'lineSearch' };
    const fOld = f;
    f = ls;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (xNew[i] as number) - (x[i] as number);
      yv[i] = (gNew[i] as number) - (g[i] as number);
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const sy = dot(s, yv);
    if (sy > 2.220446049250313e-16 * dot(yv, yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    if (maxAbs(g, o.scale) <= o.gtol) return { x, f, iterations: iter + 1, converged: true, reason: 'gtol' };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return { x, f, iterations: iter + 1, converged: true, reason: 'ftol' };
  }
  return { x, f, iterations: o.maxIter, converged: false, reason: 'maxIter' };
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}

function maxAbs(v: Float64Array, scale?: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number) * (scale ? (scale[i] as number) : 1));
  return m;
}

/**
 * Strong-Wolfe line search (Nocedal & Wright alg. 3.5/3.6, cubic interpolation in zoom). On success,
 * xNew/gNew hold the accepted point and its gradient and the function value is returned.
 */
function lineSearch(
  fg: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  dg0: number,
  stp0: number,
  maxLs: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | null {
  const n = x.length;
  const evalAt = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + a * (d[i] as number);
    const f = fg(xNew, gNew);
    return [f, Number.isFinite(f) ? dot(gNew, d) : NaN];
  };
  let aPrev = 0;
  let fPrev = f0;
  let dgPrev = dg0;
  let a = stp0;
  let evals = 0;
  while (evals < maxLs) {
    const [fa, dga] = evalAt(a);
    evals++;
    if (!Number.isFinite(fa) || fa > f0 + C1 * a * dg0 || (evals > 1 && fa >= fPrev)) {
      return zoom(aPrev, a, fPrev, fa, dgPrev, dga);
    }
    if (Math.abs(dga) <= -C2 * dg0) return fa;
    if (dga >= 0) return zoom(a, aPrev, fa, fPrev, dga, dgPrev);
    aPrev = a;
    fPrev = fa;
    dgPrev = dga;
    a *= 4;
  }
  return null;

  function zoom(lo: number, hi: number, flo: number, fhi: number, dglo: number, dghi: number): number | null {
    let lastA = NaN;
    let lastF = NaN;
    while (evals < maxLs + 20) {
      const width = hi - lo;
      let a = Number.isFinite(fhi) && Number.isFinite(dghi) ? cubicMin(lo, flo, dglo, hi, fhi, dghi) : NaN;
      const lower = Math.min(lo, hi) + 0.1 * Math.abs(width);
      const upper = Math.max(lo, hi) - 0.1 * Math.abs(width);
      if (!Number.isFinite(a) || a < lower || a > upper) a = lo + 0.5 * width;
      const [fa, dga] = evalAt(a);
      evals++;
      lastA = a;
      lastF = fa;
      if (!Number.isFinite(fa) || fa > f0 + C1 * a * dg0 || fa >= flo) {
        hi = a;
        fhi = fa;
        dghi = dga;
      } else {
        if (Math.abs(dga) <= -C2 * dg0) return fa;
        if (dga * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dghi = dglo;
        }
        lo = a;
        flo = fa;
        dglo = dga;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // No strong-Wolfe point found: accept the best decreasing point (lo) if it improved f.
    if (lo > 0 && flo < f0) {
      if (lastA !== lo || !(lastF === flo)) evalAt(lo);
      return flo;
    }
    return null;
  }
}

/** Minimiser of the cubic interpolating f and f' at a and b (NaN when it has none). */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * ((fa - fb) / (a - b));
  const disc = d1 * d1 - da * db;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
}
