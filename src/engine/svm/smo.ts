// libsvm's SMO solver (Fan, Chen & Lin 2005, as in libsvm's Solver::Solve) without shrinking:
//   min ½ αᵀQα + pᵀα  subject to yᵀα = Δ, 0 ≤ α ≤ C,  Q_ij = y_i y_j K(idx_i, idx_j),
// with the second-order working-set selection (WSS3), the same clipping of the two-variable update, and
// rho from the free variables (or the middle of the feasible interval when none is free).
const TAU = 1e-12;

export interface SmoProblem {
  /** rows of the Gram matrix over the base rows (float32 as libsvm's kernel cache) and its double diagonal */
  gram: { row(i: number): Float32Array; readonly diag: Float64Array };
  /** variable t uses base row idx[t]; y[t] ∈ {+1, −1}; p is the linear term. */
  idx: Int32Array;
  y: Int8Array;
  p: Float64Array;
  C: number;
  eps: number;
  /** iteration cap (libsvm: max(10⁷, 100·l) when max_iter = −1) */
  maxIter?: number;
}

export interface SmoResult {
  alpha: Float64Array;
  rho: number;
  iterations: number;
}

export function solveSmo(prob: SmoProblem): SmoResult {
  const { gram, idx, y, p, C, eps } = prob;
  const diag = gram.diag;
  const l = idx.length;
  const maxIter = prob.maxIter ?? Math.max(10_000_000, 100 * l);
  const alpha = new Float64Array(l);
  const G = Float64Array.from(p);
  const QD = new Float64Array(l);
  for (let t = 0; t < l; t++) QD[t] = diag[idx[t] as number] as number;
  // rows of Q_ij = y_i y_j K(idx_i, idx_j), gathered from the Gram rows on first use
  const qRows = new Array<Float32Array | undefined>(l);
  const qRow = (a: number): Float32Array => {
    const hit = qRows[a];
    if (hit) return hit;
    const K = gram.row(idx[a] as number);
    const ya = y[a] as number;
    const out = new Float32Array(l);
    for (let t = 0; t < l; t++) {
      const v = K[idx[t] as number] as number;
      out[t] = ya === y[t] ? v : -v;
    }
    qRows[a] = out;
    return out;
  };
  // libsvm's alpha_status: 1 upper bound, −1 lower bound, 0 free
  const status = new Int8Array(l).fill(-1);
  const setStatus = (t: number): void => {
    const v = alpha[t] as number;
    status[t] = v >= C ? 1 : v <= 0 ? -1 : 0;
  };
  const upper = (t: number): boolean => status[t] === 1;
  const lower = (t: number): boolean => status[t] === -1;

  let iter = 0;
  for (; iter < maxIter; iter++) {
    // ---- WSS3: i maximises −y_t G_t over I_up; j minimises the second-order objective decrease over I_low
    let Gmax = -Infinity;
    let Gmax2 = -Infinity;
    let i = -1;
    let j = -1;
    let objMin = Infinity;
    for (let t = 0; t < l; t++) {
      const g = G[t] as number;
      if (y[t] === 1) {
        if (!upper(t) && -g >= Gmax) {
          Gmax = -g;
          i = t;
        }
      } else if (!lower(t) && g >= Gmax) {
        Gmax = g;
        i = t;
      }
    }
    if (i === -1) break;
    const Qi = qRow(i);
    const QDi = QD[i] as number;
    const yi = y[i] as number;
    for (let t = 0; t < l; t++) {
      const g = G[t] as number;
      if (y[t] === 1) {
        if (lower(t)) continue;
        const gradDiff = Gmax + g;
        if (g >= Gmax2) Gmax2 = g;
        if (gradDiff > 0) {
          const quad = QDi + (QD[t] as number) - 2 * yi * (Qi[t] as number);
          const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            j = t;
            objMin = obj;
          }
        }
      } else {
        if (upper(t)) continue;
        const gradDiff = Gmax - g;
        if (-g >= Gmax2) Gmax2 = -g;
        if (gradDiff > 0) {
          const quad = QDi + (QD[t] as number) + 2 * yi * (Qi[t] as number);
          const obj = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            j = t;
            objMin = obj;
          }
        }
      }
    }
    if (Gmax + Gmax2 < eps || j === -1) break;

    // ---- two-variable update with libsvm's clipping
    const Qj = qRow(j);
    const oldI = alpha[i] as number;
    const oldJ = alpha[j] as number;
    let ai = oldI;
    let aj = oldJ;
    if (y[i] !== y[j]) {
      let quad = QDi + (QD[j] as number) + 2 * (Qi[j] as number);
      if (quad <= 0) quad = TAU;
      const delta = (-(G[i] as number) - (G[j] as number)) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > 0) {
        if (ai > C) {
          ai = C;
          aj = C - diff;
        }
      } else if (aj > C) {
        aj = C;
        ai = C + diff;
      }
    } else {
      let quad = QDi + (QD[j] as number) - 2 * (Qi[j] as number);
      if (quad <= 0) quad = TAU;
      const delta = ((G[i] as number) - (G[j] as number)) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > C) {
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    setStatus(i);
    setStatus(j);
    const dI = ai - oldI;
    const dJ = aj - oldJ;
    for (let t = 0; t < l; t++) G[t] = (G[t] as number) + (Qi[t] as number) * dI + (Qj[t] as number) * dJ;
  }

  // ---- rho (libsvm's calculate_rho)
  let ub = Infinity;
  let lb = -Infinity;
  let nFree = 0;
  let sumFree = 0;
  for (let t = 0; t < l; t++) {
    const yG = (y[t] as number) * (G[t] as number);
    if (upper(t)) {
      if (y[t] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (lower(t)) {
      if (y[t] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  return { alpha, rho, iterations: iter };
}
