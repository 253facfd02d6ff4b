// Brute-force k-nearest-neighbour search. Euclidean distances are computed blockwise as
// ‖q‖² + ‖x‖² − 2·q·x (a register-blocked matrix product, as BLAS-backed scikit-learn does), keeping a few
// spare candidates per query; the survivors are re-ranked by exact distance, ties by training index.
// With many features, both sides are first rotated onto the training data's principal axes (distances are
// unchanged): the partial distance over the leading axes is a lower bound that rules out almost every
// training row before the remaining axes are touched. Every row left out had an estimated distance at least the
// query's last candidate's; when that estimate is not clear of the k-th exact distance by more than the estimates'
// rounding (many equal distances at the k-th place), the query is ranked by an exact scan, so the neighbours are
// always the k smallest exact distances, ties by training index.
import { columnMeans, gram, svd } from '../core/linalg.js';
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
const QUERY_BLOCK = 32;

/** Principal-axes copy of the training rows, reusable across predict calls on the same fit. */
export interface SearchIndex {
  /** leading axes used for the lower bound */
  lead: number;
  mean: Float64Array;
  /** p × p: row r is the r-th principal axis */
  axes: Float64Array;
  /** rotated training rows, n × p, sorted by their first principal coordinate */
  rotated: Float64Array;
  /** original training index of each sorted row */
  origin: Int32Array;
  /** squared norms of the sorted rotated rows over the leading axes / the rest */
  norm1: Float64Array;
  norm2: Float64Array;
  /** first-coordinate range of each block of INDEX_BLOCK sorted rows */
  blockLo: Float64Array;
  blockHi: Float64Array;
}

/** Sorted training rows per block of the principal-axes search (the unit of block pruning). */
const INDEX_BLOCK = 256;

/** Features from which the principal-axes search pays off. */
const PCA_MIN_FEATURES = 10;

export function buildSearchIndex(train: Matrix): SearchIndex | null {
  const { rows: n, cols: p } = train;
  if (p < PCA_MIN_FEATURES || n < 64) return null;
  const mean = columnMeans(train);
  const d = svd({ data: gram(train, mean), rows: p, cols: p });
  const axes = d.vt;
  // Lead with the axes holding 80% of the variance; when that takes more than half of them the bound is
  // too loose to pay for itself (near-isotropic data) and the plain product is used instead.
  let total = 0;
  for (let r = 0; r < p; r++) total += d.s[r] as number;
  let lead = 0;
  for (let acc = 0; lead < p && acc < 0.8 * total; lead++) acc += d.s[lead] as number;
  lead = Math.max(lead, 2);
  if (lead > p / 2) return null;
  const unsorted = rotate(train, mean, axes);
  const origin = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (unsorted[a * p] as number) - (unsorted[b * p] as number) || a - b);
  const rotated = new Float64Array(n * p);
  origin.forEach((src, i) => rotated.set(unsorted.subarray(src * p, src * p + p), i * p));
  const norm1 = new Float64Array(n);
  const norm2 = new Float64Array(n);
  splitNorms(rotated, n, p, lead, norm1, norm2);
  const blocks = Math.ceil(n / INDEX_BLOCK);
  const blockLo = new Float64Array(blocks);
  const blockHi = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    blockLo[b] = rotated[b * INDEX_BLOCK * p] as number;
    blockHi[b] = rotated[(Math.min(n, (b + 1) * INDEX_BLOCK) - 1) * p] as number;
  }
  return { lead, mean, axes, rotated, origin, norm1, norm2, blockLo, blockHi };
}

function rotate(m: Matrix, mean: Float64Array, axes: Float64Array): Float64Array {
  const { rows: n, cols: p, data } = m;
  const out = new Float64Array(n * p);
  const c = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) c[j] = (data[o + j] as number) - (mean[j] as number);
    for (let r = 0; r < p; r++) {
      const ar = r * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += (c[j] as number) * (axes[ar + j] as number);
      out[o + r] = s;
    }
  }
  return out;
}

function splitNorms(d: Float64Array, n: number, p: number, lead: number, n1: Float64Array, n2: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * p;
    let a = 0;
    let b = 0;
    for (let j = 0; j < lead; j++) a += (d[o + j] as number) ** 2;
    for (let j = lead; j < p; j++) b += (d[o + j] as number) ** 2;
    n1[i] = a;
    n2[i] = b;
  }
}

export function kNeighbours(train: Matrix, query: Matrix, k: number, metric: 'euclidean' | 'manhattan', index?: SearchIndex | null): Neighbours {
  const n = train.rows;
  const kk = Math.min(k, n);
  if (metric === 'manhattan') return exactSearch(train, query, kk, 1);
  if (index) return rerank(train, query, kk, boundedCandidates(index, query, Math.min(kk + SPARE, n)));
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
  let tMax = 0;
  for (let t = 0; t < n; t++) tMax = Math.max(tMax, tNorm[t] as number);
  return rerank(train, query, kk, { cand, cIdx, worst, scale: Float64Array.from(qNorm, (v) => v + tMax) });
}

/**
 * Rounding bound of the estimated squared distances (norms and dot products, also after the rotation) and of the
 * exact sum, relative to ‖q‖² + max‖t‖² of the coordinates they were computed in; generous on purpose: exceeding
 * it only costs an exact scan.
 */
const slackFactor = (p: number): number => (16 * p + 64) * 2 ** -53;

/** Candidates of every query and, per query, the estimate of its last candidate (no row left out estimated below). */
interface Candidates {
  cand: number;
  cIdx: Int32Array;
  worst: Float64Array;
  /** per query: the magnitude the estimates' rounding is relative to */
  scale: Float64Array;
}

/** Re-ranks each query's candidates by exact squared distance in the original coordinates, ties by index. */
function rerank(train: Matrix, query: Matrix, kk: number, c: Candidates): Neighbours {
  const { cand, cIdx } = c;
  const n = train.rows;
  const slack = slackFactor(train.cols);
  const p = train.cols;
  const q = query.rows;
  const T = train.data;
  const Q = query.data;
  const index = new Int32Array(q * kk);
  const distance = new Float64Array(q * kk);
  const exact = new Float64Array(cand);
  const order = new Int32Array(cand);
  for (let qi = 0; qi < q; qi++) {
    const o = qi * cand;
    for (let c2 = 0; c2 < cand; c2++) {
      const ti = cIdx[o + c2] as number;
      order[c2] = c2;
      exact[c2] = ti < 0 ? Infinity : sqDist(Q, qi * p, T, ti * p, p);
    }
    // insertion sort of the few candidates by (exact distance, training index), no per-row allocation
    for (let a = 1; a < cand; a++) {
      const v = order[a] as number;
      const dv = exact[v] as number;
      const iv = cIdx[o + v] as number;
      let b = a - 1;
      while (b >= 0) {
        const u = order[b] as number;
        const du = exact[u] as number;
        if (du < dv || (du === dv && (cIdx[o + u] as number) <= iv)) break;
        order[b + 1] = u;
        b--;
      }
      order[b + 1] = v;
    }
    const kth = exact[order[kk - 1] as number] as number;
    if (cand < n && !((c.worst[qi] as number) - kth > slack * (c.scale[qi] as number))) {
      exactRow(T, n, Q, qi * p, p, kk, 2, index, distance, qi * kk);
      continue;
    }
    for (let c2 = 0; c2 < kk; c2++) {
      const s = order[c2] as number;
      index[qi * kk + c2] = cIdx[o + s] as number;
      distance[qi * kk + c2] = Math.sqrt(exact[s] as number);
    }
  }
  return { k: kk, index, distance };
}

/**
 * Candidate search in principal-axes coordinates. Queries and training rows are both sorted by their first
 * principal coordinate; each block of queries visits training blocks outward from its own position and
 * stops on a side once the gap along that coordinate alone exceeds every query's current worst candidate.
 * Inside a block, the partial squared distance over the leading axes (2 × 4 register tiles) is a lower bound;
 * only pairs whose bound beats the query's worst get the remaining axes.
 */
function boundedCandidates(ix: SearchIndex, query: Matrix, cand: number): Candidates {
  const p = query.cols;
  const n = ix.norm1.length;
  const q = query.rows;
  const lead = ix.lead;
  const T = ix.rotated;
  const Qu = rotate(query, ix.mean, ix.axes);
  const qOrder = Int32Array.from({ length: q }, (_, i) => i).sort((a, b) => (Qu[a * p] as number) - (Qu[b * p] as number) || a - b);
  const Q = new Float64Array(q * p);
  qOrder.forEach((src, i) => Q.set(Qu.subarray(src * p, src * p + p), i * p));
  const qn1 = new Float64Array(q);
  const qn2 = new Float64Array(q);
  splitNorms(Q, q, p, lead, qn1, qn2);
  const tn1 = ix.norm1;
  const tn2 = ix.norm2;
  const origin = ix.origin;
  // candidate lists by sorted query position; entries are original training indices
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
    cIdx[o + pos] = origin[ti] as number;
    worst[qi] = cDist[o + cand - 1] as number;
  };
  /** Completes one pair whose bound `lb` beat the current worst: adds the trailing axes. */
  const finish = (qi: number, ti: number, lb: number): void => {
    const qo = qi * p;
    const to = ti * p;
    let dot = 0;
    for (let j = lead; j < p; j++) dot += (Q[qo + j] as number) * (T[to + j] as number);
    const d = lb + (qn2[qi] as number) + (tn2[ti] as number) - 2 * dot;
    if (d < (worst[qi] as number)) insert(qi, d, ti);
  };
  const scanBlock = (q0: number, q1: number, t0: number, t1: number): void => {
    let qi = q0;
    for (; qi + 1 < q1; qi += 2) {
      const qa = qi * p;
      const qb = qa + p;
      const na = qn1[qi] as number;
      const nb = qn1[qi + 1] as number;
      let ti = t0;
      for (; ti + 3 < t1; ti += 4) {
        const x0 = ti * p;
        const x1 = x0 + p;
        const x2 = x1 + p;
        const x3 = x2 + p;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        for (let j = 0; j < lead; j++) {
          const va = Q[qa + j] as number;
          const vb = Q[qb + j] as number;
          const w0 = T[x0 + j] as number;
          const w1 = T[x1 + j] as number;
          const w2 = T[x2 + j] as number;
          const w3 = T[x3 + j] as number;
          a0 += va * w0; a1 += va * w1; a2 += va * w2; a3 += va * w3;
          b0 += vb * w0; b1 += vb * w1; b2 += vb * w2; b3 += vb * w3;
        }
        const n0 = tn1[ti] as number, n1 = tn1[ti + 1] as number, n2 = tn1[ti + 2] as number, n3 = tn1[ti + 3] as number;
        let lb: number;
        if ((lb = na + n0 - 2 * a0) < (worst[qi] as number)) finish(qi, ti, lb);
        if ((lb = na + n1 - 2 * a1) < (worst[qi] as number)) finish(qi, ti + 1, lb);
        if ((lb = na + n2 - 2 * a2) < (worst[qi] as number)) finish(qi, ti + 2, lb);
        if ((lb = na + n3 - 2 * a3) < (worst[qi] as number)) finish(qi, ti + 3, lb);
        if ((lb = nb + n0 - 2 * b0) < (worst[qi + 1] as number)) finish(qi + 1, ti, lb);
        if ((lb = nb + n1 - 2 * b1) < (worst[qi + 1] as number)) finish(qi + 1, ti + 1, lb);
        if ((lb = nb + n2 - 2 * b2) < (worst[qi + 1] as number)) finish(qi + 1, ti + 2, lb);
        if ((lb = nb + n3 - 2 * b3) < (worst[qi + 1] as number)) finish(qi + 1, ti + 3, lb);
      }
      for (; ti < t1; ti++) {
        const x0 = ti * p;
        let a0 = 0;
        let b0 = 0;
        for (let j = 0; j < lead; j++) {
          const w0 = T[x0 + j] as number;
          a0 += (Q[qa + j] as number) * w0;
          b0 += (Q[qb + j] as number) * w0;
        }
        let lb: number;
        if ((lb = na + (tn1[ti] as number) - 2 * a0) < (worst[qi] as number)) finish(qi, ti, lb);
        if ((lb = nb + (tn1[ti] as number) - 2 * b0) < (worst[qi + 1] as number)) finish(qi + 1, ti, lb);
      }
    }
    for (; qi < q1; qi++) {
      const qa = qi * p;
      const na = qn1[qi] as number;
      for (let ti = t0; ti < t1; ti++) {
        const x0 = ti * p;
        let a0 = 0;
        for (let j = 0; j < lead; j++) a0 += (Q[qa + j] as number) * (T[x0 + j] as number);
        const lb = na + (tn1[ti] as number) - 2 * a0;
        if (lb < (worst[qi] as number)) finish(qi, ti, lb);
      }
    }
  };
  const blocks = ix.blockLo.length;
  for (let q0 = 0; q0 < q; q0 += QUERY_BLOCK) {
    const q1 = Math.min(q, q0 + QUERY_BLOCK);
    const qlo = Q[q0 * p] as number;
    const qhi = Q[(q1 - 1) * p] as number;
    const gap = (b: number): number => Math.max(0, (ix.blockLo[b] as number) - qhi, qlo - (ix.blockHi[b] as number));
    const maxWorst = (): number => {
      let m = 0;
      for (let i = q0; i < q1; i++) m = Math.max(m, worst[i] as number);
      return m;
    };
    // start at the first block whose range reaches the queries' midpoint, then walk outward
    const mid = 0.5 * (qlo + qhi);
    let right = 0;
    while (right < blocks - 1 && (ix.blockHi[right] as number) < mid) right++;
    let left = right - 1;
    let bound = Infinity;
    while (left >= 0 || right < blocks) {
      const gl = left >= 0 ? gap(left) : Infinity;
      const gr = right < blocks ? gap(right) : Infinity;
      const goRight = gr <= gl;
      const g = goRight ? gr : gl;
      if (g * g >= bound) break; // both sides are at least this far
      const b = goRight ? right++ : left--;
      scanBlock(q0, q1, b * INDEX_BLOCK, Math.min(n, (b + 1) * INDEX_BLOCK));
      bound = maxWorst();
    }
  }
  // back to the caller's query order
  const out = new Int32Array(q * cand);
  const worstOut = new Float64Array(q);
  const scale = new Float64Array(q);
  let tMax = 0;
  for (let t = 0; t < n; t++) tMax = Math.max(tMax, (tn1[t] as number) + (tn2[t] as number));
  qOrder.forEach((orig, i) => {
    out.set(cIdx.subarray(i * cand, i * cand + cand), orig * cand);
    worstOut[orig] = worst[i] as number;
    scale[orig] = (qn1[i] as number) + (qn2[i] as number) + tMax;
  });
  return { cand, cIdx: out, worst: worstOut, scale };
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
/**
 * Puts training row t at distance d into the k nearest so far (bd ascending, bi their rows) when it is nearer than
 * the k-th; an equal distance stays behind the rows already there, so scanning t in ascending order breaks ties
 * by training index.
 */
export function insertNearest(bd: Float64Array, bi: Int32Array, d: number, t: number): void {
  const k = bd.length;
  if (!(d < (bd[k - 1] as number))) return;
  let pos = k - 1;
  while (pos > 0 && (bd[pos - 1] as number) > d) {
    bd[pos] = bd[pos - 1] as number;
    bi[pos] = bi[pos - 1] as number;
    pos--;
  }
  bd[pos] = d;
  bi[pos] = t;
}

function exactSearch(train: Matrix, query: Matrix, k: number, power: 1 | 2): Neighbours {
  const index = new Int32Array(query.rows * k);
  const distance = new Float64Array(query.rows * k);
  for (let qi = 0; qi < query.rows; qi++) exactRow(train.data, train.rows, query.data, qi * train.cols, train.cols, k, power, index, distance, qi * k);
  return { k, index, distance };
}

/** The k nearest of n training rows to the query at Q[qo…] by exact distance, ties by training index, into index / distance at `at`. */
function exactRow(T: Float64Array, n: number, Q: Float64Array, qo: number, p: number, k: number, power: 1 | 2, index: Int32Array, distance: Float64Array, at: number): void {
  const bd = new Float64Array(k).fill(Infinity);
  const bi = new Int32Array(k).fill(-1);
  for (let ti = 0; ti < n; ti++) {
    const to = ti * p;
    let s = 0;
    if (power === 1) for (let j = 0; j < p; j++) s += Math.abs((Q[qo + j] as number) - (T[to + j] as number));
    else s = sqDist(Q, qo, T, to, p);
    insertNearest(bd, bi, s, ti);
  }
  for (let c = 0; c < k; c++) {
    index[at + c] = bi[c] as number;
    distance[at + c] = power === 2 ? Math.sqrt(bd[c] as number) : (bd[c] as number);
  }
}
