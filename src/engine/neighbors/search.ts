// Brute-force k-nearest-neighbour search. Euclidean distances are computed blockwise as
// ‖q‖² + ‖x‖² − 2·q·x (a register-blocked matrix product, as BLAS-backed scikit-learn does), keeping a few
// spare candidates per query; the survivors are re-ranked by exact distance, ties by training index.
import type { Matrix } from '../core/matrix.js';

export interface Neighbours {
  k: number;
  /** rows × k training indices, nearest first */
  index: Int32Array;
  /** rows × k distances (Euclidean or Manhattan), ascending */
  distance: Float64Array;
}

const SPARE = 8;
const TRAIN_BLOCK = 1024;
const QUERY_BLOCK = 64;

export function kNeighbours(train: Matrix, query: Matrix, k: number, metric: 'euclidean' | 'manhattan'): Neighbours {
  const n = train.rows;
  const kk = Math.min(k, n);
  if (metric === 'manhattan') return exactSearch(train, query, kk, 1);
  const cand = Math.min(kk + SPARE, n);
  const p = train.cols;
  const q = query.rows;
  const T = train.data;
  const Q = query.data;
  const tNorm = rowNorms(train);
  const qNorm = rowNorms(query);
  const cDist = new Float64Array(q * cand).fill(Infinity);
  const cIdx = new Int32Array(q * cand).fill(-1);
  const worst = new Float64Array(q).fill(Infinity);

  const insert = (qi: number, d: number, ti: number): void => {
    const o = qi * cand;
    let pos = cand - 1;
    while (pos > 0 && (cDist[o + pos - 1] as number) > d) {
      cDist[o + pos] = cDist[o + pos - 1] as number;
      cIdx[o + pos] = cIdx[o + pos - 1] as number;
      pos--;
    }
    cDist[o + pos] = d;
    cIdx[o + pos] = ti;
    worst[qi] = cDist[o + cand - 1] as number;
  };

  for (let q0 = 0; q0 < q; q0 += QUERY_BLOCK) {
    const q1 = Math.min(q, q0 + QUERY_BLOCK);
    for (let t0 = 0; t0 < n; t0 += TRAIN_BLOCK) {
      const t1 = Math.min(n, t0 + TRAIN_BLOCK);
      let qi = q0;
      for (; qi + 1 < q1; qi += 2) {
        const qa = qi * p;
        const qb = qa + p;
        const na = qNorm[qi] as number;
        const nb = qNorm[qi + 1] as number;
        let ti = t0;
        for (; ti + 3 < t1; ti += 4) {
          const x0 = ti * p;
          const x1 = x0 + p;
          const x2 = x1 + p;
          const x3 = x2 + p;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let j = 0; j < p; j++) {
            const va = Q[qa + j] as number;
            const vb = Q[qb + j] as number;
            const w0 = T[x0 + j] as number;
            const w1 = T[x1 + j] as number;
            const w2 = T[x2 + j] as number;
            const w3 = T[x3 + j] as number;
            a0 += va * w0; a1 += va * w1; a2 += va * w2; a3 += va * w3;
            b0 += vb * w0; b1 += vb * w1; b2 += vb * w2; b3 += vb * w3;
          }
          const n0 = tNorm[ti] as number, n1 = tNorm[ti + 1] as number, n2 = tNorm[ti + 2] as number, n3 = tNorm[ti + 3] as number;
          let d: number;
          const wa = worst[qi] as number;
          if ((d = na + n0 - 2 * a0) < wa) insert(qi, d, ti);
          if ((d = na + n1 - 2 * a1) < (worst[qi] as number)) insert(qi, d, ti + 1);
          if ((d = na + n2 - 2 * a2) < (worst[qi] as number)) insert(qi, d, ti + 2);
          if ((d = na + n3 - 2 * a3) < (worst[qi] as number)) insert(qi, d, ti + 3);
          if ((d = nb + n0 - 2 * b0) < (worst[qi + 1] as number)) insert(qi + 1, d, ti);
          if ((d = nb + n1 - 2 * b1) < (worst[qi + 1] as number)) insert(qi + 1, d, ti + 1);
          if ((d = nb + n2 - 2 * b2) < (worst[qi + 1] as number)) insert(qi + 1, d, ti + 2);
          if ((d = nb + n3 - 2 * b3) < (worst[qi + 1] as number)) insert(qi + 1, d, ti + 3);
        }
        for (; ti < t1; ti++) {
          const x0 = ti * p;
          let a0 = 0, b0 = 0;
          for (let j = 0; j < p; j++) {
            const w0 = T[x0 + j] as number;
            a0 += (Q[qa + j] as number) * w0;
            b0 += (Q[qb + j] as number) * w0;
          }
          let d: number;
          if ((d = na + (tNorm[ti] as number) - 2 * a0) < (worst[qi] as number)) insert(qi, d, ti);
          if ((d = nb + (tNorm[ti] as number) - 2 * b0) < (worst[qi + 1] as number)) insert(qi + 1, d, ti);
        }
      }
      for (; qi < q1; qi++) {
        const qa = qi * p;
        const na = qNorm[qi] as number;
        for (let ti = t0; ti < t1; ti++) {
          const x0 = ti * p;
          let a0 = 0;
          for (let j = 0; j < p; j++) a0 += (Q[qa + j] as number) * (T[x0 + j] as number);
          const d = na + (tNorm[ti] as number) - 2 * a0;
          if (d < (worst[qi] as number)) insert(qi, d, ti);
        }
      }
    }
  }
  // Re-rank the candidates by exact squared distance, ties by index (a stable order).
  const index = new Int32Array(q * kk);
  const distance = new Float64Array(q * kk);
  const exact = new Float64Array(cand);
  const order = new Int32Array(cand);
  for (let qi = 0; qi < q; qi++) {
    const o = qi * cand;
    for (let c = 0; c < cand; c++) {
      const ti = cIdx[o + c] as number;
      order[c] = c;
      exact[c] = ti < 0 ? Infinity : sqDist(Q, qi * p, T, ti * p, p);
    }
    const ord = Array.from(order).sort((a, b) => (exact[a] as number) - (exact[b] as number) || (cIdx[o + a] as number) - (cIdx[o + b] as number));
    for (let c = 0; c < kk; c++) {
      const s = ord[c] as number;
      index[qi * kk + c] = cIdx[o + s] as number;
      distance[qi * kk + c] = Math.sqrt(exact[s] as number);
    }
  }
  return { k: kk, index, distance };
}

function rowNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const p = m.cols;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = m.data[i * p + j] as number;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

function sqDist(a: Float64Array, ao: number, b: Float64Array, bo: number, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) {
    const d = (a[ao + j] as number) - (b[bo + j] as number);
    s += d * d;
  }
  return s;
}

/** Exact search with a per-query sorted list (Minkowski p = 1 or 2). */
function exactSearch(train: Matrix, query: Matrix, k: number, power: 1 | 2): Neighbours {
  const p = train.cols;
  const T = train.data;
  const Q = query.data;
  const index = new Int32Array(query.rows * k);
  const distance = new Float64Array(query.rows * k);
  const bd = new Float64Array(k);
  const bi = new Int32Array(k);
  for (let qi = 0; qi < query.rows; qi++) {
    bd.fill(Infinity);
    bi.fill(-1);
    const qo = qi * p;
    for (let ti = 0; ti < train.rows; ti++) {
      const to = ti * p;
      let s = 0;
      if (power === 1) for (let j = 0; j < p; j++) s += Math.abs((Q[qo + j] as number) - (T[to + j] as number));
      else s = sqDist(Q, qo, T, to, p);
      if (s < (bd[k - 1] as number)) {
        let pos = k - 1;
        while (pos > 0 && (bd[pos - 1] as number) > s) {
          bd[pos] = bd[pos - 1] as number;
          bi[pos] = bi[pos - 1] as number;
          pos--;
        }
        bd[pos] = s;
        bi[pos] = ti;
      }
    }
    for (let c = 0; c < k; c++) {
      index[qi * k + c] = bi[c] as number;
      distance[qi * k + c] = power === 2 ? Math.sqrt(bd[c] as number) : (bd[c] as number);
    }
  }
  return { k, index, distance };
}
