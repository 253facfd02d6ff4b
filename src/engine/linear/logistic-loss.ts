// The logistic losses (binary, multinomial) with gradient and optional Hessian for LogisticRegression, as
// scikit-learn's LinearModelLoss: objective(x, g, H?) fills g (and H) and returns the penalised loss.
import type { Matrix } from '../core/matrix.js';

/**
 * A (p+1)×(p+1) Hessian accumulated on its upper triangle only (features, then the intercept): mirror it,
 * add the L2 penalty on the feature diagonal, and pin the intercept when it is not fitted.
 */
export function finishHessian(H: Float64Array, p: number, l2: Float64Array, fitIntercept: boolean): void {
  const q = p + 1;
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) H[a * q + b] = H[b * q + a] as number;
  for (let j = 0; j < p; j++) H[j * q + j] = (H[j * q + j] as number) + (l2[j] as number);
  if (!fitIntercept) {
    for (let a = 0; a < q; a++) H[a * q + p] = H[p * q + a] = 0;
    H[p * q + p] = 1;
  }
}

/**
 * The multinomial Hessian was accumulated only for class blocks c ≤ d and, inside each block, feature
 * pairs a ≤ b; mirror it to the full matrix, add the penalty, and pin unused intercepts.
 */
export function symmetriseBlocks(H: Float64Array, k: number, q: number, l2: Float64Array, fitIntercept: boolean): void {
  const m = k * q;
  const p = q - 1;
  for (let c = 0; c < k; c++) {
    for (let d = c; d < k; d++) {
      for (let a = 0; a < q; a++) {
        for (let b = 0; b < a; b++) H[(c * q + a) * m + d * q + b] = H[(c * q + b) * m + d * q + a] as number;
      }
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) H[i * m + j] = H[j * m + i] as number;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) H[(c * q + j) * m + c * q + j] = (H[(c * q + j) * m + c * q + j] as number) + (l2[j] as number);
    if (!fitIntercept) {
      const v = c * q + p;
      for (let i = 0; i < m; i++) H[v * m + i] = H[i * m + v] = 0;
      H[v * m + v] = 1;
    }
  }
}

export function binaryObjective(X: Matrix, y: Float64Array, sw: Float64Array | undefined, l2: Float64Array, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  const q = p + 1;
  const zq = new Float64Array(4);
  const rq = new Float64Array(4);
  const hq = new Float64Array(4);
  return (w: Float64Array, g: Float64Array, H?: Float64Array): number => {
    g.fill(0);
    if (H) H.fill(0);
    const b = fitIntercept ? (w[p] as number) : 0;
    let f = 0;
    let gb = 0;
    let i = 0;
    // Four rows per pass over w, g and H: independent score chains, and every entry still receives its
    // terms one by one in row order (rows whose residual is 0 are skipped exactly as one at a time).
    for (; i + 3 < rows; i += 4) {
      const o0 = i * p;
      const o1 = o0 + p;
      const o2 = o1 + p;
      const o3 = o2 + p;
      let z0 = b;
      let z1 = b;
      let z2 = b;
      let z3 = b;
      for (let j = 0; j < p; j++) {
        const wj = w[j] as number;
        z0 += (data[o0 + j] as number) * wj;
        z1 += (data[o1 + j] as number) * wj;
        z2 += (data[o2 + j] as number) * wj;
        z3 += (data[o3 + j] as number) * wj;
      }
      zq[0] = z0;
      zq[1] = z1;
      zq[2] = z2;
      zq[3] = z3;
      let allMoving = true;
      for (let t = 0; t < 4; t++) {
        const z = zq[t] as number;
        const yi = y[i + t] as number;
        const wi = sw ? (sw[i + t] as number) : 1;
        const e = Math.exp(-Math.abs(z));
        f += wi * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
        const sz = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        const r = wi * (sz - yi);
        rq[t] = r;
        hq[t] = wi * sz * (1 - sz);
        if (r !== 0) gb += r;
        else allMoving = false;
      }
      const r0 = rq[0] as number;
      const r1 = rq[1] as number;
      const r2 = rq[2] as number;
      const r3 = rq[3] as number;
      if (allMoving) {
        for (let j = 0; j < p; j++) g[j] = (g[j] as number) + r0 * (data[o0 + j] as number) + r1 * (data[o1 + j] as number) + r2 * (data[o2 + j] as number) + r3 * (data[o3 + j] as number);
      } else {
        for (let t = 0; t < 4; t++) {
          const r = rq[t] as number;
          if (r === 0) continue;
          const o = o0 + t * p;
          for (let j = 0; j < p; j++) g[j] = (g[j] as number) + r * (data[o + j] as number);
        }
      }
      if (H) addWeightedOuterProducts4(H, data, p, o0, o1, o2, o3, hq[0] as number, hq[1] as number, hq[2] as number, hq[3] as number);
    }
    for (; i < rows; i++) {
      const o = i * p;
      let z = b;
      for (let j = 0; j < p; j++) z += (data[o + j] as number) * (w[j] as number);
      const yi = y[i] as number;
      const wi = sw ? (sw[i] as number) : 1;
      // one exp serves both log(1 + e^z) and the sigmoid
      const e = Math.exp(-Math.abs(z));
      f += wi * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
      const sz = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = wi * (sz - yi);
      if (r !== 0) {
        for (let j = 0; j < p; j++) g[j] = (g[j] as number) + r * (data[o + j] as number);
        gb += r;
      }
      if (H) {
        const h = wi * sz * (1 - sz);
        for (let a = 0; a < p; a++) {
          const ha = h * (data[o + a] as number);
          const ro = a * q;
          for (let c = a; c < p; c++) H[ro + c] = (H[ro + c] as number) + ha * (data[o + c] as number);
          H[ro + p] = (H[ro + p] as number) + ha;
        }
        H[p * q + p] = (H[p * q + p] as number) + h;
      }
    }
    if (H) {
      finishHessian(H, p, l2, fitIntercept);
    }
    let reg = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j] as number;
      const lj = l2[j] as number;
      reg += lj * wj * wj;
      g[j] = (g[j] as number) + lj * wj;
    }
    g[p] = fitIntercept ? gb : 0;
    return f + 0.5 * reg;
  };
}

/** z[c] = w_c · x + b_c for one row, four classes at a time (register blocking). */
export function scoreRow(data: Float64Array, o: number, p: number, w: Float64Array, k: number, fitIntercept: boolean, z: Float64Array): void {
  const q = p + 1;
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const w0 = c * q;
    const w1 = w0 + q;
    const w2 = w1 + q;
    const w3 = w2 + q;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < p; j++) {
      const x = data[o + j] as number;
      s0 += x * (w[w0 + j] as number);
      s1 += x * (w[w1 + j] as number);
      s2 += x * (w[w2 + j] as number);
      s3 += x * (w[w3 + j] as number);
    }
    if (fitIntercept) {
      s0 += w[w0 + p] as number;
      s1 += w[w1 + p] as number;
      s2 += w[w2 + p] as number;
      s3 += w[w3 + p] as number;
    }
    z[c] = s0;
    z[c + 1] = s1;
    z[c + 2] = s2;
    z[c + 3] = s3;
  }
  for (; c < k; c++) {
    const wc = c * q;
    let s = 0;
    for (let j = 0; j < p; j++) s += (data[o + j] as number) * (w[wc + j] as number);
    z[c] = fitIntercept ? s + (w[wc + p] as number) : s;
  }
}

/** g_c += r_c · [x 1] for one row, four classes at a time. */
function accumulateRow(data: Float64Array, o: number, p: number, r: Float64Array, k: number, g: Float64Array): void {
  const q = p + 1;
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const w0 = c * q;
    const w1 = w0 + q;
    const w2 = w1 + q;
    const w3 = w2 + q;
    const r0 = r[c] as number;
    const r1 = r[c + 1] as number;
    const r2 = r[c + 2] as number;
    const r3 = r[c + 3] as number;
    for (let j = 0; j < p; j++) {
      const x = data[o + j] as number;
      g[w0 + j] = (g[w0 + j] as number) + r0 * x;
      g[w1 + j] = (g[w1 + j] as number) + r1 * x;
      g[w2 + j] = (g[w2 + j] as number) + r2 * x;
      g[w3 + j] = (g[w3 + j] as number) + r3 * x;
    }
    g[w0 + p] = (g[w0 + p] as number) + r0;
    g[w1 + p] = (g[w1 + p] as number) + r1;
    g[w2 + p] = (g[w2 + p] as number) + r2;
    g[w3 + p] = (g[w3 + p] as number) + r3;
  }
  for (; c < k; c++) {
    const wc = c * q;
    const rc = r[c] as number;
    for (let j = 0; j < p; j++) g[wc + j] = (g[wc + j] as number) + rc * (data[o + j] as number);
    g[wc + p] = (g[wc + p] as number) + rc;
  }
}

/** Softmax of the scores z (overwritten by exp(z − max)); r = w·(p − onehot(y)); returns the row's weighted loss. */
function softmaxResidual(z: Float64Array, yi: number, wi: number, k: number, r: Float64Array): number {
  let mx = -Infinity;
  for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
  const zy = z[yi] as number;
  let se = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((z[c] as number) - mx);
    z[c] = e;
    se += e;
  }
  for (let c = 0; c < k; c++) r[c] = wi * ((z[c] as number) / se - (c === yi ? 1 : 0));
  return wi * (Math.log(se) + mx - zy);
}

/** scoreRow for four consecutive rows (o, o + p, ...) at once, sharing the loads of W (each score summed in the same order). */
function scoreRowQuad(data: Float64Array, o: number, p: number, w: Float64Array, k: number, fitIntercept: boolean, z: Float64Array[]): void {
  const q = p + 1;
  const [z0, z1, z2, z3] = z as [Float64Array, Float64Array, Float64Array, Float64Array];
  const o1 = o + p;
  const o2 = o1 + p;
  const o3 = o2 + p;
  let c = 0;
  for (; c + 1 < k; c += 2) {
    const w0 = c * q;
    const w1 = w0 + q;
    let s00 = 0;
    let s01 = 0;
    let s10 = 0;
    let s11 = 0;
    let s20 = 0;
    let s21 = 0;
    let s30 = 0;
    let s31 = 0;
    for (let j = 0; j < p; j++) {
      const v0 = w[w0 + j] as number;
      const v1 = w[w1 + j] as number;
      const x0 = data[o + j] as number;
      const x1 = data[o1 + j] as number;
      const x2 = data[o2 + j] as number;
      const x3 = data[o3 + j] as number;
      s00 += x0 * v0;
      s01 += x0 * v1;
      s10 += x1 * v0;
      s11 += x1 * v1;
      s20 += x2 * v0;
      s21 += x2 * v1;
      s30 += x3 * v0;
      s31 += x3 * v1;
    }
    if (fitIntercept) {
      const b0 = w[w0 + p] as number;
      const b1 = w[w1 + p] as number;
      s00 += b0;
      s01 += b1;
      s10 += b0;
      s11 += b1;
      s20 += b0;
      s21 += b1;
      s30 += b0;
      s31 += b1;
    }
    z0[c] = s00;
    z0[c + 1] = s01;
    z1[c] = s10;
    z1[c + 1] = s11;
    z2[c] = s20;
    z2[c + 1] = s21;
    z3[c] = s30;
    z3[c + 1] = s31;
  }
  for (; c < k; c++) {
    const wc = c * q;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < p; j++) {
      const v = w[wc + j] as number;
      s0 += (data[o + j] as number) * v;
      s1 += (data[o1 + j] as number) * v;
      s2 += (data[o2 + j] as number) * v;
      s3 += (data[o3 + j] as number) * v;
    }
    const b = fitIntercept ? (w[wc + p] as number) : 0;
    z0[c] = fitIntercept ? s0 + b : s0;
    z1[c] = fitIntercept ? s1 + b : s1;
    z2[c] = fitIntercept ? s2 + b : s2;
    z3[c] = fitIntercept ? s3 + b : s3;
  }
}

/** accumulateRow for four consecutive rows: g_c += r0_c·[x0 1], then r1_c·[x1 1], ..., in one pass over G. */
function accumulateRowQuad(data: Float64Array, o: number, p: number, r: Float64Array[], k: number, g: Float64Array): void {
  const q = p + 1;
  const [r0, r1, r2, r3] = r as [Float64Array, Float64Array, Float64Array, Float64Array];
  const o1 = o + p;
  const o2 = o1 + p;
  const o3 = o2 + p;
  let c = 0;
  for (; c + 1 < k; c += 2) {
    const w0 = c * q;
    const w1 = w0 + q;
    const a0 = r0[c] as number;
    const a1 = r0[c + 1] as number;
    const b0 = r1[c] as number;
    const b1 = r1[c + 1] as number;
    const c0 = r2[c] as number;
    const c1 = r2[c + 1] as number;
    const d0 = r3[c] as number;
    const d1 = r3[c + 1] as number;
    for (let j = 0; j < p; j++) {
      const x0 = data[o + j] as number;
      const x1 = data[o1 + j] as number;
      const x2 = data[o2 + j] as number;
      const x3 = data[o3 + j] as number;
      g[w0 + j] = (g[w0 + j] as number) + a0 * x0 + b0 * x1 + c0 * x2 + d0 * x3;
      g[w1 + j] = (g[w1 + j] as number) + a1 * x0 + b1 * x1 + c1 * x2 + d1 * x3;
    }
    g[w0 + p] = (g[w0 + p] as number) + a0 + b0 + c0 + d0;
    g[w1 + p] = (g[w1 + p] as number) + a1 + b1 + c1 + d1;
  }
  for (; c < k; c++) {
    const wc = c * q;
    const a = r0[c] as number;
    const b = r1[c] as number;
    const cc = r2[c] as number;
    const d = r3[c] as number;
    for (let j = 0; j < p; j++) {
      g[wc + j] = (g[wc + j] as number) + a * (data[o + j] as number) + b * (data[o1 + j] as number) + cc * (data[o2 + j] as number) + d * (data[o3 + j] as number);
    }
    g[wc + p] = (g[wc + p] as number) + a + b + cc + d;
  }
}

export function multinomialObjective(X: Matrix, yIdx: Int32Array, k: number, sw: Float64Array | undefined, l2: Float64Array, fitIntercept: boolean) {
  const { rows, cols: p, data } = X;
  const q = p + 1;
  const z = new Float64Array(k);
  const m = k * q;
  const xx = new Float64Array(q * q);
  const r = new Float64Array(k);
  const zq = Array.from({ length: 4 }, () => new Float64Array(k));
  const rq = Array.from({ length: 4 }, () => new Float64Array(k));
  return (w: Float64Array, g: Float64Array, H?: Float64Array): number => {
    g.fill(0);
    if (H) H.fill(0);
    let f = 0;
    let i0 = 0;
    if (!H) {
      // Gradient only: four rows per pass over W and G (same per-entry order of additions as row by row).
      for (; i0 + 3 < rows; i0 += 4) {
        const o = i0 * p;
        scoreRowQuad(data, o, p, w, k, fitIntercept, zq);
        for (let t = 0; t < 4; t++) f += softmaxResidual(zq[t] as Float64Array, yIdx[i0 + t] as number, sw ? (sw[i0 + t] as number) : 1, k, rq[t] as Float64Array);
        accumulateRowQuad(data, o, p, rq, k, g);
      }
    }
    for (let i = i0; i < rows; i++) {
      const o = i * p;
      scoreRow(data, o, p, w, k, fitIntercept, z);
      let mx = -Infinity;
      for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
      const yi = yIdx[i] as number;
      const zy = z[yi] as number;
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - mx);
        z[c] = e;
        se += e;
      }
      const wi = sw ? (sw[i] as number) : 1;
      f += wi * (Math.log(se) + mx - zy);
      for (let c = 0; c < k; c++) r[c] = wi * ((z[c] as number) / se - (c === yi ? 1 : 0));
      accumulateRow(data, o, p, r, k, g);
      if (H) {
        for (let a = 0; a < q; a++) {
          const xa = a < p ? (data[o + a] as number) : 1;
          for (let b = a; b < q; b++) xx[a * q + b] = xa * (b < p ? (data[o + b] as number) : 1);
        }
        for (let c = 0; c < k; c++) {
          const pc = (z[c] as number) / se;
          for (let d = c; d < k; d++) {
            const pd = (z[d] as number) / se;
            const s = wi * ((c === d ? pc : 0) - pc * pd);
            if (s === 0) continue;
            for (let a = 0; a < q; a++) {
              const row = (c * q + a) * m + d * q;
              for (let b = a; b < q; b++) H[row + b] = (H[row + b] as number) + s * (xx[a * q + b] as number);
            }
          }
        }
      }
    }
    if (H) symmetriseBlocks(H, k, q, l2, fitIntercept);
    let reg = 0;
    for (let c = 0; c < k; c++) {
      const wc = c * q;
      for (let j = 0; j < p; j++) {
        const v = w[wc + j] as number;
        const lj = l2[j] as number;
        reg += lj * v * v;
        g[wc + j] = (g[wc + j] as number) + lj * v;
      }
      if (!fitIntercept) g[wc + p] = 0;
    }
    return f + 0.5 * reg;
  };
}

/**
 * H += Σ_t h_t [x_t 1][x_t 1]ᵀ (upper triangle, q = p + 1 wide) for the four rows starting at o0..o3 of data: the
 * additions of one 4-row step of the Hessian, in a fixed order (the pinned prediction hashes depend on it).
 */
export function addWeightedOuterProducts4(H: Float64Array, data: Float64Array, p: number, o0: number, o1: number, o2: number, o3: number, h0: number, h1: number, h2: number, h3: number): void {
  const q = p + 1;
  for (let a = 0; a < p; a++) {
    const a0 = h0 * (data[o0 + a] as number);
    const a1 = h1 * (data[o1 + a] as number);
    const a2 = h2 * (data[o2 + a] as number);
    const a3 = h3 * (data[o3 + a] as number);
    const ro = a * q;
    for (let c = a; c < p; c++) {
      H[ro + c] = (H[ro + c] as number) + a0 * (data[o0 + c] as number) + a1 * (data[o1 + c] as number) + a2 * (data[o2 + c] as number) + a3 * (data[o3 + c] as number);
    }
    H[ro + p] = (H[ro + p] as number) + a0 + a1 + a2 + a3;
  }
  H[p * q + p] = (H[p * q + p] as number) + h0 + h1 + h2 + h3;
}
