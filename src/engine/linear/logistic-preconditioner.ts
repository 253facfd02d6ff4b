// The block-diagonal preconditioner that L-BFGS uses on the multinomial loss: one (p+1)×(p+1) Hessian block
// per class, sampled on at most BLOCK_WORK work and refreshed at REFRESH_AT iterations.
import type { Matrix } from '../core/matrix.js';
import { cholesky, choleskySolve } from '../core/linalg.js';
import { addWeightedOuterProducts4, finishHessian, scoreRow } from './logistic-loss.js';

/** Work (rows × classes × (p + 1)²) spent on one refresh of the block preconditioner; rows are sampled beyond it. */
const BLOCK_WORK = 2e7;
/** Iterations at which the block preconditioner is recomputed at the current coefficients. */
const REFRESH_AT = new Set([0, 5, 15, 35, 75, 155, 315, 635]);

/**
 * Block-diagonal approximation of the multinomial Hessian: for each class c,
 *   H_c = Σ_i w_i p_ic (1 − p_ic) [x_i 1][x_i 1]ᵀ + diag(penalty, 0),
 * factored by Cholesky; `apply` solves with it. It is rebuilt at the iterations of REFRESH_AT, from an even
 * sample of rows (scaled up) when the data are large: a preconditioner only needs to be close.
 */
export function blockPreconditioner(Z: Matrix, k: number, sw: Float64Array | undefined, pen: Float64Array, fitIntercept: boolean) {
  const { rows: n, cols: p, data } = Z;
  const q = p + 1;
  const nSample = Math.min(n, Math.max(2000, Math.floor(BLOCK_WORK / (k * q * q))));
  const rowScale = n / nSample;
  let factors: Float64Array[] = [];
  const z = new Float64Array(k);
  const build = (w: Float64Array): void => {
    // At w = 0 every class has p = 1/k: one block serves all classes.
    const shared = w.every((v) => v === 0);
    const kb = shared ? 1 : k;
    const H = Array.from({ length: kb }, () => new Float64Array(q * q));
    // Row weights first (-1 marks a skipped row), then one class block at a time: the same additions in the
    // same order as a row-outer loop, but each block stays in cache while the rows stream past.
    const hw = new Float64Array(nSample * kb);
    for (let t = 0; t < nSample; t++) {
      const i = nSample === n ? t : Math.floor((t * n) / nSample);
      scoreRow(data, i * p, p, w, k, fitIntercept, z);
      let mx = -Infinity;
      for (let c = 0; c < k; c++) if ((z[c] as number) > mx) mx = z[c] as number;
      let se = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - mx);
        z[c] = e;
        se += e;
      }
      const wi = (sw ? (sw[i] as number) : 1) * rowScale;
      for (let c = 0; c < kb; c++) {
        const pc = (z[c] as number) / se;
        const h = wi * pc * (1 - pc);
        // rows a class is already sure about add next to nothing to an approximate Hessian
        hw[t * kb + c] = h < 1e-6 * wi ? -1 : h;
      }
    }
    const rowsUsed = new Int32Array(nSample);
    const hUsed = new Float64Array(nSample);
    for (let c = 0; c < kb; c++) {
      let u = 0;
      for (let t = 0; t < nSample; t++) {
        const h = hw[t * kb + c] as number;
        if (h < 0) continue;
        rowsUsed[u] = (nSample === n ? t : Math.floor((t * n) / nSample)) * p;
        hUsed[u++] = h;
      }
      addWeightedOuterProducts(H[c] as Float64Array, data, p, rowsUsed, hUsed, u);
    }
    const next: Float64Array[] = [];
    for (const Hc of H) {
      finishHessian(Hc, p, pen, fitIntercept);
      let dmax = 0;
      for (let a = 0; a < q; a++) dmax = Math.max(dmax, Hc[a * q + a] as number);
      for (let a = 0; a < q; a++) Hc[a * q + a] = (Hc[a * q + a] as number) + 1e-10 * dmax + 1e-300;
      const L = cholesky(Hc, q);
      if (!L) return; // keep the previous factors
      next.push(L);
    }
    factors = shared ? Array.from({ length: k }, () => next[0] as Float64Array) : next;
  };
  return {
    refresh(w: Float64Array, iteration: number): void {
      if (REFRESH_AT.has(iteration)) build(w);
    },
    apply(v: Float64Array): void {
      if (factors.length !== k) return;
      for (let c = 0; c < k; c++) v.set(choleskySolve(factors[c] as Float64Array, q, v.subarray(c * q, c * q + q)), c * q);
    },
  };
}

/**
 * H[a][b] += Σ_u h_u x_ua x_ub over the upper triangle of [x 1][x 1]ᵀ (x = data row at offset rows[u]),
 * eight (then four) rows per pass over H: each entry still receives its terms one by one in row order (no
 * FMA in JS), so the sums are identical to a row-at-a-time loop while H is loaded and stored far less often.
 */
function addWeightedOuterProducts(H: Float64Array, data: Float64Array, p: number, rows: Int32Array, h: Float64Array, count: number): void {
  const q = p + 1;
  let u = 0;
  for (; u + 7 < count; u += 8) {
    const o0 = rows[u] as number;
    const o1 = rows[u + 1] as number;
    const o2 = rows[u + 2] as number;
    const o3 = rows[u + 3] as number;
    const o4 = rows[u + 4] as number;
    const o5 = rows[u + 5] as number;
    const o6 = rows[u + 6] as number;
    const o7 = rows[u + 7] as number;
    const h0 = h[u] as number;
    const h1 = h[u + 1] as number;
    const h2 = h[u + 2] as number;
    const h3 = h[u + 3] as number;
    const h4 = h[u + 4] as number;
    const h5 = h[u + 5] as number;
    const h6 = h[u + 6] as number;
    const h7 = h[u + 7] as number;
    for (let a = 0; a < p; a++) {
      const a0 = h0 * (data[o0 + a] as number);
      const a1 = h1 * (data[o1 + a] as number);
      const a2 = h2 * (data[o2 + a] as number);
      const a3 = h3 * (data[o3 + a] as number);
      const a4 = h4 * (data[o4 + a] as number);
      const a5 = h5 * (data[o5 + a] as number);
      const a6 = h6 * (data[o6 + a] as number);
      const a7 = h7 * (data[o7 + a] as number);
      const ro = a * q;
      for (let b = a; b < p; b++) {
        H[ro + b] =
          (H[ro + b] as number) +
          a0 * (data[o0 + b] as number) +
          a1 * (data[o1 + b] as number) +
          a2 * (data[o2 + b] as number) +
          a3 * (data[o3 + b] as number) +
          a4 * (data[o4 + b] as number) +
          a5 * (data[o5 + b] as number) +
          a6 * (data[o6 + b] as number) +
          a7 * (data[o7 + b] as number);
      }
      H[ro + p] = (H[ro + p] as number) + a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }
    H[p * q + p] = (H[p * q + p] as number) + h0 + h1 + h2 + h3 + h4 + h5 + h6 + h7;
  }
  for (; u + 3 < count; u += 4) {
    const o0 = rows[u] as number;
    const o1 = rows[u + 1] as number;
    const o2 = rows[u + 2] as number;
    const o3 = rows[u + 3] as number;
    addWeightedOuterProducts4(H, data, p, o0, o1, o2, o3, h[u] as number, h[u + 1] as number, h[u + 2] as number, h[u + 3] as number);
  }
  for (; u < count; u++) {
    const o = rows[u] as number;
    const hu = h[u] as number;
    for (let a = 0; a < p; a++) {
      const ha = hu * (data[o + a] as number);
      const ro = a * q;
      for (let b = a; b < p; b++) H[ro + b] = (H[ro + b] as number) + ha * (data[o + b] as number);
      H[ro + p] = (H[ro + p] as number) + ha;
    }
    H[p * q + p] = (H[p * q + p] as number) + hu;
  }
}
