// Dense linear algebra for the linear models: small p×p solves on top of one pass over X.
// Conventions: matrices are row-major Float64Array (see matrix.ts) unless a name says "colMajor".
import type { Matrix } from './matrix.js';

const EPS = 2.220446049250313e-16;

/** Column means of X. */
export function columnMeans(X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  const m = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) m[j] = (m[j] as number) + (data[o + j] as number);
  }
  if (rows > 0) for (let j = 0; j < cols; j++) m[j] = (m[j] as number) / rows;
  return m;
}

export function mean(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  return v.length > 0 ? s / v.length : 0;
}

export function dot(a: Float64Array, b: Float64Array, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** X - 1·offsetᵀ as a new row-major matrix. */
export function centerColumns(X: Matrix, offset: Float64Array): Matrix {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = (data[o + j] as number) - (offset[j] as number);
  }
  return { data: out, rows, cols };
}

/** Column-major copy (column j is out[j*rows .. (j+1)*rows)), optionally centred by `offset`. */
export function toColMajor(X: Matrix, offset?: Float64Array): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = (data[o + j] as number) - (offset ? (offset[j] as number) : 0);
  }
  return out;
}

/**
 * (X - 1·offsetᵀ)ᵀ (X - 1·offsetᵀ) as a full symmetric p×p row-major matrix, one row-wise pass over X
 * (rank-1 updates of the upper triangle).
 */
export function gram(X: Matrix, offset?: Float64Array): Float64Array {
  const { rows, cols: p, data } = X;
  const G = new Float64Array(p * p);
  const r = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) r[j] = (data[o + j] as number) - (offset ? (offset[j] as number) : 0);
    for (let a = 0; a < p; a++) {
      const ra = r[a] as number;
      if (ra === 0) continue;
      const ga = a * p;
      for (let b = a; b < p; b++) G[ga + b] = (G[ga + b] as number) + ra * (r[b] as number);
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) G[a * p + b] = G[b * p + a] as number;
  return G;
}

/** (X - 1·xOffsetᵀ)ᵀ (y - yOffset). */
export function xtY(X: Matrix, y: Float64Array, xOffset?: Float64Array, yOffset = 0): Float64Array {
  const { rows, cols: p, data } = X;
  const out = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    const o = i * p;
    const yi = (y[i] as number) - yOffset;
    if (yi === 0) continue;
    for (let j = 0; j < p; j++) out[j] = (out[j] as number) + ((data[o + j] as number) - (xOffset ? (xOffset[j] as number) : 0)) * yi;
  }
  return out;
}

/** X·w + b into a new vector. */
export function matVec(X: Matrix, w: Float64Array, b = 0): Float64Array {
  const { rows, cols: p, data } = X;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * p;
    let s = 0;
    for (let j = 0; j < p; j++) s += (data[o + j] as number) * (w[j] as number);
    out[i] = s + b;
  }
  return out;
}

/**
 * X·Wᵀ + b for W of shape k×p (row-major): rows × k scores.
 */
export function matMulT(X: Matrix, W: Float64Array, k: number, b?: Float64Array): Float64Array {
  const { rows, cols: p, data } = X;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const o = i * p;
    for (let c = 0; c < k; c++) {
      const wo = c * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += (data[o + j] as number) * (W[wo + j] as number);
      out[i * k + c] = s + (b ? (b[c] as number) : 0);
    }
  }
  return out;
}

/** Lower Cholesky factor of a symmetric positive-definite n×n matrix, or null if it is not. */
export function cholesky(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (L[j * n + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/**
 * Row m of a Cholesky factor being grown (LARS / OMP add one variable at a time): solves L[:m,:m]·w = L[m,:m]
 * in place by forward substitution (row-major, row stride `ld`) and returns ‖w‖², from which the new
 * diagonal entry follows.
 */
export function solveCholeskyRow(L: Float64Array, ld: number, m: number): number {
  const row = m * ld;
  for (let i = 0; i < m; i++) {
    let s = L[row + i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * ld + k] as number) * (L[row + k] as number);
    L[row + i] = s / (L[i * ld + i] as number);
  }
  let v = 0;
  for (let k = 0; k < m; k++) v += (L[row + k] as number) ** 2;
  return v;
}

/** Swaps rows a and b, then columns a and b, of an n×n row-major matrix (a symmetric permutation). */
export function swapRowsCols(A: Float64Array, n: number, a: number, b: number): void {
  if (a === b) return;
  for (let k = 0; k < n; k++) {
    const t = A[a * n + k] as number;
    A[a * n + k] = A[b * n + k] as number;
    A[b * n + k] = t;
  }
  for (let k = 0; k < n; k++) {
    const t = A[k * n + a] as number;
    A[k * n + a] = A[k * n + b] as number;
    A[k * n + b] = t;
  }
}

/**
 * Solves L Lᵀ x = b[0..n) given the lower Cholesky factor, or the leading n×n block of a larger one stored
 * row-major with row stride `ld` (LAPACK potrs; LARS and OMP grow their factor in place).
 */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array, ld = n): Float64Array {
  const x = Float64Array.from(b.subarray(0, n));
  for (let i = 0; i < n; i++) {
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * ld + k] as number) * (x[k] as number);
    x[i] = s / (L[i * ld + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < n; k++) s -= (L[k * ld + i] as number) * (x[k] as number);
    x[i] = s / (L[i * ld + i] as number);
  }
  return x;
}

/** Householder QR of a column-major m×n matrix (m ≥ n), in place: R in the upper triangle, reflectors below. */
export interface QR {
  m: number;
  n: number;
  /** column-major m×n: R on and above the diagonal, Householder vectors (v0 = 1 implicit) below */
  a: Float64Array;
  tau: Float64Array;
}

export function householderQR(colMajor: Float64Array, m: number, n: number): QR {
  const a = colMajor;
  const tau = new Float64Array(n);
  for (let k = 0; k < Math.min(m, n); k++) {
    const ck = k * m;
    let norm2 = 0;
    for (let i = k + 1; i < m; i++) norm2 += (a[ck + i] as number) ** 2;
    const x0 = a[ck + k] as number;
    if (norm2 === 0) {
      tau[k] = 0;
      continue;
    }
    const norm = Math.hypot(x0, Math.sqrt(norm2));
    const beta = x0 >= 0 ? -norm : norm;
    const scale = 1 / (x0 - beta);
    for (let i = k + 1; i < m; i++) a[ck + i] = (a[ck + i] as number) * scale;
    const t = (beta - x0) / beta;
    tau[k] = t;
    a[ck + k] = beta;
    let j = k + 1;
    // two columns at a time: their dot products are independent chains (each summed as one column alone)
    for (; j + 1 < n; j += 2) {
      const cj = j * m;
      const cj1 = cj + m;
      let s = a[cj + k] as number;
      let s1 = a[cj1 + k] as number;
      for (let i = k + 1; i < m; i++) {
        const v = a[ck + i] as number;
        s += v * (a[cj + i] as number);
        s1 += v * (a[cj1 + i] as number);
      }
      s *= t;
      s1 *= t;
      a[cj + k] = (a[cj + k] as number) - s;
      a[cj1 + k] = (a[cj1 + k] as number) - s1;
      for (let i = k + 1; i < m; i++) {
        const v = a[ck + i] as number;
        a[cj + i] = (a[cj + i] as number) - s * v;
        a[cj1 + i] = (a[cj1 + i] as number) - s1 * v;
      }
    }
    for (; j < n; j++) {
      const cj = j * m;
      let s = a[cj + k] as number;
      for (let i = k + 1; i < m; i++) s += (a[ck + i] as number) * (a[cj + i] as number);
      s *= t;
      a[cj + k] = (a[cj + k] as number) - s;
      for (let i = k + 1; i < m; i++) a[cj + i] = (a[cj + i] as number) - s * (a[ck + i] as number);
    }
  }
  return { m, n, a, tau };
}

/** Qᵀ·b in place (b of length m). */
export function applyQt(qr: QR, b: Float64Array): void {
  const { m, n, a, tau } = qr;
  for (let k = 0; k < Math.min(m, n); k++) {
    const t = tau[k] as number;
    if (t === 0) continue;
    const ck = k * m;
    let s = b[k] as number;
    for (let i = k + 1; i < m; i++) s += (a[ck + i] as number) * (b[i] as number);
    s *= t;
    b[k] = (b[k] as number) - s;
    for (let i = k + 1; i < m; i++) b[i] = (b[i] as number) - s * (a[ck + i] as number);
  }
}

/** Q·b in place (b of length m). */
export function applyQ(qr: QR, b: Float64Array): void {
  const { m, n, a, tau } = qr;
  for (let k = Math.min(m, n) - 1; k >= 0; k--) {
    const t = tau[k] as number;
    if (t === 0) continue;
    const ck = k * m;
    let s = b[k] as number;
    for (let i = k + 1; i < m; i++) s += (a[ck + i] as number) * (b[i] as number);
    s *= t;
    b[k] = (b[k] as number) - s;
    for (let i = k + 1; i < m; i++) b[i] = (b[i] as number) - s * (a[ck + i] as number);
  }
}

/** The n×n upper-triangular R of a QR, column-major. */
export function qrR(qr: QR): Float64Array {
  const { m, n, a } = qr;
  const R = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= Math.min(j, m - 1); i++) R[j * n + i] = a[j * m + i] as number;
  return R;
}

export interface SVD {
  /** singular values, descending, length r = min(m, n) */
  s: Float64Array;
  /** right singular vectors as rows: r × n row-major (Vᵀ) */
  vt: Float64Array;
  /** left singular vectors, m × r row-major (only when requested) */
  u: Float64Array | null;
  r: number;
}

/**
 * One-sided (Hestenes) Jacobi SVD of a column-major m×n matrix with m ≥ n, in place.
 * Returns singular values (unsorted), V (n×n column-major: column j is the j-th right vector)
 * and the rotated columns (G = U·S).
 */
function jacobiOneSided(g: Float64Array, m: number, n: number): { s: Float64Array; v: Float64Array } {
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const tol = EPS * m;
  const norm2 = new Float64Array(n);
  const spec = new Float64Array(4);
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    // squared column norms, recomputed each sweep and updated through the rotations in between
    for (let j = 0; j < n; j++) {
      let a = 0;
      for (let i = 0; i < m; i++) a += (g[j * m + i] as number) ** 2;
      norm2[j] = a;
    }
    for (let p = 0; p < n - 1; p++) {
      const cp = p * m;
      // gamma of the pair (p, q) when the rotation of (p, q - 1) already summed it (see below)
      let next = NaN;
      // gammas of (p, specFrom .. specFrom + 3), summed together while column p is unchanged (valid until
      // the next rotation): four independent chains where pairs are mostly skipped (late sweeps)
      let specFrom = -1;
      for (let q = p + 1; q < n; q++) {
        const cq = q * m;
        const alpha = norm2[p] as number;
        const beta = norm2[q] as number;
        let gamma = next;
        next = NaN;
        if (gamma !== gamma) {
          if (specFrom >= 0 && q < specFrom + 4) gamma = spec[q - specFrom] as number;
          else if (q + 3 < n) {
            let s0 = 0;
            let s1 = 0;
            let s2 = 0;
            let s3 = 0;
            for (let i = 0; i < m; i++) {
              const x = g[cp + i] as number;
              s0 += x * (g[cq + i] as number);
              s1 += x * (g[cq + m + i] as number);
              s2 += x * (g[cq + 2 * m + i] as number);
              s3 += x * (g[cq + 3 * m + i] as number);
            }
            spec[0] = s0;
            spec[1] = s1;
            spec[2] = s2;
            spec[3] = s3;
            specFrom = q;
            gamma = s0;
          } else {
            gamma = 0;
            for (let i = 0; i < m; i++) gamma += (g[cp + i] as number) * (g[cq + i] as number);
          }
        }
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        specFrom = -1;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        let na = 0;
        let nb = 0;
        if (q + 1 < n) {
          // The next pair's gamma = (new column p) · (column q + 1), summed in the same order as its own
          // loop would, alongside the rotation: three independent chains instead of two passes.
          const cn = cq + m;
          let gn = 0;
          for (let i = 0; i < m; i++) {
            const gp = g[cp + i] as number;
            const gq = g[cq + i] as number;
            const u = c * gp - s * gq;
            const v = s * gp + c * gq;
            g[cp + i] = u;
            g[cq + i] = v;
            na += u * u;
            nb += v * v;
            gn += u * (g[cn + i] as number);
          }
          next = gn;
        } else {
          for (let i = 0; i < m; i++) {
            const gp = g[cp + i] as number;
            const gq = g[cq + i] as number;
            const u = c * gp - s * gq;
            const v = s * gp + c * gq;
            g[cp + i] = u;
            g[cq + i] = v;
            na += u * u;
            nb += v * v;
          }
        }
        norm2[p] = na;
        norm2[q] = nb;
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const a = v[vp + i] as number;
          const b = v[vq + i] as number;
          v[vp + i] = c * a - s * b;
          v[vq + i] = s * a + c * b;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let nrm = 0;
    for (let i = 0; i < m; i++) nrm += (g[j * m + i] as number) ** 2;
    s[j] = Math.sqrt(nrm);
  }
  return { s, v };
}

/**
 * Thin SVD A = U·diag(s)·Vᵀ of a row-major matrix, singular values descending (LAPACK's order).
 * Tall matrices are first reduced by Householder QR, then R is diagonalised by one-sided Jacobi,
 * which keeps small singular values accurate (what QDA / LDA / BayesianRidge need).
 */
export function svd(A: Matrix, wantU = false): SVD {
  const { rows: m, cols: n } = A;
  if (m < n) {
    // SVD of Aᵀ, then swap the roles of U and V.
    const At: Matrix = { data: transposeData(A.data, m, n), rows: n, cols: m };
    const t = svd(At, true);
    // Aᵀ = Ut S Vtᵀ  =>  A = Vt' S Utᵀ : U_A = (Vt)ᵀ (m×r), Vᵀ_A = Utᵀ (r×n)
    const r = t.r;
    const uA = new Float64Array(m * r);
    for (let k = 0; k < r; k++) for (let i = 0; i < m; i++) uA[i * r + k] = t.vt[k * m + i] as number;
    const vtA = new Float64Array(r * n);
    const ut = t.u as Float64Array;
    for (let k = 0; k < r; k++) for (let j = 0; j < n; j++) vtA[k * n + j] = ut[j * r + k] as number;
    return { s: t.s, vt: vtA, u: wantU ? uA : null, r };
  }
  const col = toColMajor(A);
  let qr: QR | null = null;
  let g: Float64Array;
  let gm: number;
  if (m > n) {
    qr = householderQR(col, m, n);
    g = qrR(qr);
    gm = n;
  } else {
    g = col;
    gm = m;
  }
  const { s, v } = jacobiOneSided(g, gm, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (s[b] as number) - (s[a] as number) || a - b);
  const sOut = new Float64Array(n);
  const vt = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const j = order[k] as number;
    sOut[k] = s[j] as number;
    for (let i = 0; i < n; i++) vt[k * n + i] = v[j * n + i] as number;
  }
  let u: Float64Array | null = null;
  if (wantU) {
    u = new Float64Array(m * n);
    const colBuf = new Float64Array(m);
    for (let k = 0; k < n; k++) {
      const j = order[k] as number;
      const sj = s[j] as number;
      colBuf.fill(0);
      for (let i = 0; i < gm; i++) colBuf[i] = sj > 0 ? (g[j * gm + i] as number) / sj : 0;
      if (qr) applyQ(qr, colBuf);
      for (let i = 0; i < m; i++) u[i * n + k] = colBuf[i] as number;
    }
  }
  return { s: sOut, vt, u, r: n };
}

function transposeData(d: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = d[i * cols + j] as number;
  return out;
}

/**
 * Minimum-norm least squares min ‖A w - b‖ (as LAPACK gelsd): QR, then SVD of R with singular values
 * below rcond·s_max treated as zero. A is row-major m×n; b has length m.
 */
export function lstsq(A: Matrix, b: Float64Array, rcond = EPS * Math.max(A.rows, A.cols)): Float64Array {
  const { rows: m, cols: n } = A;
  if (m >= n) {
    const qr = householderQR(toColMajor(A), m, n);
    const qtb = Float64Array.from(b);
    applyQt(qr, qtb);
    const R = qrR(qr);
    const { s, v } = jacobiOneSided(R, n, n);
    // R = G·Vᵀ with G = Ur·S (columns of the rotated R): w = V · S⁻¹ · Urᵀ · (Qᵀb)[:n]
    let smax = 0;
    for (let j = 0; j < n; j++) smax = Math.max(smax, s[j] as number);
    const w = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const sj = s[j] as number;
      if (!(sj > rcond * smax) || sj === 0) continue;
      let c = 0;
      for (let i = 0; i < n; i++) c += (R[j * n + i] as number) * (qtb[i] as number);
      c /= sj * sj;
      for (let i = 0; i < n; i++) w[i] = (w[i] as number) + c * (v[j * n + i] as number);
    }
    return w;
  }
  const d = svd(A, true);
  const u = d.u as Float64Array;
  const smax = d.s[0] ?? 0;
  const w = new Float64Array(n);
  for (let k = 0; k < d.r; k++) {
    const sk = d.s[k] as number;
    if (!(sk > rcond * smax)) continue;
    let c = 0;
    for (let i = 0; i < m; i++) c += (u[i * d.r + k] as number) * (b[i] as number);
    c /= sk;
    for (let j = 0; j < n; j++) w[j] = (w[j] as number) + c * (d.vt[k * n + j] as number);
  }
  return w;
}

/**
 * Solves the symmetric positive-definite system G w = c by Cholesky after diagonal equilibration
 * (so badly scaled features do not look ill-conditioned). Returns null when G is singular or its
 * equilibrated condition number exceeds ~1/minRatio² (callers then fall back to a QR/SVD solve on X).
 */
export function solveSpd(G: Float64Array, n: number, c: Float64Array, minRatio = 1e-5): Float64Array | null {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gii = G[i * n + i] as number;
    d[i] = gii > 0 ? 1 / Math.sqrt(gii) : 1;
  }
  const Ge = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Ge[i * n + j] = (G[i * n + j] as number) * (d[i] as number) * (d[j] as number);
  const L = cholesky(Ge, n);
  if (!L) return null;
  let lmin = Infinity;
  let lmax = 0;
  for (let i = 0; i < n; i++) {
    const l = L[i * n + i] as number;
    lmin = Math.min(lmin, l);
    lmax = Math.max(lmax, l);
  }
  if (!(lmin / lmax > minRatio)) return null;
  const ce = new Float64Array(n);
  for (let i = 0; i < n; i++) ce[i] = (c[i] as number) * (d[i] as number);
  const z = choleskySolve(L, n, ce);
  for (let i = 0; i < n; i++) z[i] = (z[i] as number) * (d[i] as number);
  return z;
}
