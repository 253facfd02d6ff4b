// The three matrix products of an MLP's forward and backward passes, on row-major Float64Array blocks, blocked
// 4 × 4 so that sixteen running sums stay in registers and each loaded value serves four multiply-adds (about
// three times the throughput of dot products over transposed copies). No transposes: the loop order reads every
// operand along its rows. Each output element is one sequential sum over the shared dimension in index order,
// then (for the forward pass) plus the bias, so the result does not depend on the blocking or on the matrix sizes.
// With an Arena (simd-kernels.ts) the 4 × 4 tiles of the two large products run as WebAssembly SIMD, with the
// same bits.
import type { Arena } from './simd-kernels.js';

/**
 * C (m × n) = A (m × k) · B (k × n) + bias (n), then ReLU in the same store when `relu`. A, B, C row-major;
 * `bias` is read from `bias[bo..bo + n)`, B from `B[bOff..]`.
 */
export function affine(A: Float64Array, m: number, k: number, B: Float64Array, bOff: number, n: number, bias: Float64Array, bo: number, C: Float64Array, relu: boolean, arena: Arena | null): void {
  if (n === 1 && m >= 4 && arena) {
    // one unit: 4-row groups in SIMD, the last group overlapping the one before
    const m4 = m - (m % 4);
    arena.affine1(A, 0, m4, k, B, bOff, bias, bo, C, 0, relu);
    if (m4 < m) arena.affine1(A, (m - 4) * k, 4, k, B, bOff, bias, bo, C, m - 4, relu);
    return;
  }
  if (m < 4 || n < 4) {
    affineEdges(A, m, k, B, bOff, n, bias, bo, C, relu, m - (m % 4), n - (n % 4));
    return;
  }
  // whole 4 × 4 tiles, then the last rows and columns as tiles that overlap the ones before (recomputing
  // identical values), so every output comes from the blocked kernel
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const block = arena ? arena.affine : affineBlocks;
  block(A, 0, m4, k, B, bOff, n, n4, bias, bo, C, 0, relu);
  if (n4 < n) block(A, 0, m4, k, B, bOff + n - 4, n, 4, bias, bo + n - 4, C, n - 4, relu);
  if (m4 < m) {
    block(A, (m - 4) * k, 4, k, B, bOff, n, n4, bias, bo, C, (m - 4) * n, relu);
    if (n4 < n) block(A, (m - 4) * k, 4, k, B, bOff + n - 4, n, 4, bias, bo + n - 4, C, (m - 4) * n + n - 4, relu);
  }
}

/** The 4 × 4 tiles of rows < m4 and columns < n4, A read from aOff and C written from cOff (row strides k and n). */
export function affineBlocks(A: Float64Array, aOff: number, m4: number, k: number, B: Float64Array, bOff: number, n: number, n4: number, bias: Float64Array, bo: number, C: Float64Array, cOff: number, relu: boolean): void {
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let t = 0, q = bOff + j; t < k; t++, q += n) {
        const b0 = B[q] as number;
        const b1 = B[q + 1] as number;
        const b2 = B[q + 2] as number;
        const b3 = B[q + 3] as number;
        let x = A[a0 + t] as number;
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = A[a1 + t] as number;
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = A[a2 + t] as number;
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = A[a3 + t] as number;
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      const d0 = bias[bo + j] as number;
      const d1 = bias[bo + j + 1] as number;
      const d2 = bias[bo + j + 2] as number;
      const d3 = bias[bo + j + 3] as number;
      const o = cOff + i * n + j;
      store4(C, o, c00 + d0, c01 + d1, c02 + d2, c03 + d3, relu);
      store4(C, o + n, c10 + d0, c11 + d1, c12 + d2, c13 + d3, relu);
      store4(C, o + 2 * n, c20 + d0, c21 + d1, c22 + d2, c23 + d3, relu);
      store4(C, o + 3 * n, c30 + d0, c31 + d1, c32 + d2, c33 + d3, relu);
    }
  }
}

/** Small products (m or n below 4): the columns from n4 of the first m4 rows (4 rows at a time), then the rows from m4. */
function affineEdges(A: Float64Array, m: number, k: number, B: Float64Array, bOff: number, n: number, bias: Float64Array, bo: number, C: Float64Array, relu: boolean, m4: number, n4: number): void {
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = n4; j < n; j++) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let t = 0, q = bOff + j; t < k; t++, q += n) {
        const b = B[q] as number;
        c0 += (A[a0 + t] as number) * b;
        c1 += (A[a1 + t] as number) * b;
        c2 += (A[a2 + t] as number) * b;
        c3 += (A[a3 + t] as number) * b;
      }
      const d = bias[bo + j] as number;
      C[i * n + j] = act(c0 + d, relu);
      C[(i + 1) * n + j] = act(c1 + d, relu);
      C[(i + 2) * n + j] = act(c2 + d, relu);
      C[(i + 3) * n + j] = act(c3 + d, relu);
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let t = 0, q = bOff + j; t < k; t++, q += n) {
        const x = A[a0 + t] as number;
        c0 += x * (B[q] as number);
        c1 += x * (B[q + 1] as number);
        c2 += x * (B[q + 2] as number);
        c3 += x * (B[q + 3] as number);
      }
      store4(C, i * n + j, c0 + (bias[bo + j] as number), c1 + (bias[bo + j + 1] as number), c2 + (bias[bo + j + 2] as number), c3 + (bias[bo + j + 3] as number), relu);
    }
    for (let j = n4; j < n; j++) {
      let c = 0;
      for (let t = 0, q = bOff + j; t < k; t++, q += n) c += (A[a0 + t] as number) * (B[q] as number);
      C[i * n + j] = act(c + (bias[bo + j] as number), relu);
    }
  }
}

function act(v: number, relu: boolean): number {
  return relu ? Math.max(v, 0) : v;
}

function store4(C: Float64Array, o: number, v0: number, v1: number, v2: number, v3: number, relu: boolean): void {
  if (relu) {
    C[o] = Math.max(v0, 0);
    C[o + 1] = Math.max(v1, 0);
    C[o + 2] = Math.max(v2, 0);
    C[o + 3] = Math.max(v3, 0);
  } else {
    C[o] = v0;
    C[o + 1] = v1;
    C[o + 2] = v2;
    C[o + 3] = v3;
  }
}

/** G (k × n) = Aᵀ · D for A (m × k) and D (m × n), both row-major: G[t, j] = Σ_i A[i, t]·D[i, j]. */
export function gramTN(A: Float64Array, m: number, k: number, D: Float64Array, n: number, G: Float64Array, arena: Arena | null): void {
  if (n === 1) {
    gramOne(A, m, k, D, G, arena);
    return;
  }
  const k4 = k - (k % 4);
  const n4 = n - (n % 4);
  if (k < 4 || n < 4) {
    gramBlocks(A, 0, m, k, k4, D, 0, n, n4, G, 0);
    gramEdges(A, m, k, k4, D, n, n4, G);
    return;
  }
  // as in affine: whole tiles, then overlapping tiles for the last rows and columns of G
  const block = arena ? arena.gramTN : gramBlocks;
  block(A, 0, m, k, k4, D, 0, n, n4, G, 0);
  if (n4 < n) block(A, 0, m, k, k4, D, n - 4, n, 4, G, n - 4);
  if (k4 < k) {
    block(A, k - 4, m, k, 4, D, 0, n, n4, G, (k - 4) * n);
    if (n4 < n) block(A, k - 4, m, k, 4, D, n - 4, n, 4, G, (k - 4) * n + n - 4);
  }
}

/** The 4 × 4 tiles of G's rows < k4 and columns < n4; A's columns from aOff, D's from dOff, G written from gOff. */
export function gramBlocks(A: Float64Array, aOff: number, m: number, k: number, k4: number, D: Float64Array, dOff: number, n: number, n4: number, G: Float64Array, gOff: number): void {
  for (let t = 0; t < k4; t += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let i = 0, a = aOff + t, d = dOff + j; i < m; i++, a += k, d += n) {
        const b0 = D[d] as number;
        const b1 = D[d + 1] as number;
        const b2 = D[d + 2] as number;
        const b3 = D[d + 3] as number;
        let x = A[a] as number;
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = A[a + 1] as number;
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = A[a + 2] as number;
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = A[a + 3] as number;
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      const o = gOff + t * n + j;
      store4(G, o, c00, c01, c02, c03, false);
      store4(G, o + n, c10, c11, c12, c13, false);
      store4(G, o + 2 * n, c20, c21, c22, c23, false);
      store4(G, o + 3 * n, c30, c31, c32, c33, false);
    }
  }
}

/** Small products (k or n below 4): the columns from n4 of the first k4 rows of G (4 rows at a time), then the rows from k4. */
function gramEdges(A: Float64Array, m: number, k: number, k4: number, D: Float64Array, n: number, n4: number, G: Float64Array): void {
  for (let t = 0; t < k4; t += 4) {
    for (let j = n4; j < n; j++) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let i = 0, a = t, d = j; i < m; i++, a += k, d += n) {
        const b = D[d] as number;
        c0 += (A[a] as number) * b;
        c1 += (A[a + 1] as number) * b;
        c2 += (A[a + 2] as number) * b;
        c3 += (A[a + 3] as number) * b;
      }
      G[t * n + j] = c0;
      G[(t + 1) * n + j] = c1;
      G[(t + 2) * n + j] = c2;
      G[(t + 3) * n + j] = c3;
    }
  }
  for (let t = k4; t < k; t++) {
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let i = 0, a = t, d = j; i < m; i++, a += k, d += n) {
        const x = A[a] as number;
        c0 += x * (D[d] as number);
        c1 += x * (D[d + 1] as number);
        c2 += x * (D[d + 2] as number);
        c3 += x * (D[d + 3] as number);
      }
      store4(G, t * n + j, c0, c1, c2, c3, false);
    }
    for (let j = n4; j < n; j++) {
      let c = 0;
      for (let i = 0, a = t, d = j; i < m; i++, a += k, d += n) c += (A[a] as number) * (D[d] as number);
      G[t * n + j] = c;
    }
  }
}

/** G (k) = Aᵀ · D for one column D (m): eight sums at a time along A's rows (SIMD with an arena), then the rest. */
function gramOne(A: Float64Array, m: number, k: number, D: Float64Array, G: Float64Array, arena: Arena | null): void {
  const k8 = k - (k % 8);
  if (arena) arena.gramTN1(A, m, k, k8, D, G);
  else {
    for (let t = 0; t < k8; t += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let i = 0, a = t; i < m; i++, a += k) {
        const x = D[i] as number;
        c0 += (A[a] as number) * x;
        c1 += (A[a + 1] as number) * x;
        c2 += (A[a + 2] as number) * x;
        c3 += (A[a + 3] as number) * x;
      }
      store4(G, t, c0, c1, c2, c3, false);
    }
  }
  for (let t = k8; t < k; t++) {
    let c = 0;
    for (let i = 0, a = t; i < m; i++, a += k) c += (A[a] as number) * (D[i] as number);
    G[t] = c;
  }
}

/** C (m × k) = D · Wᵀ for D (m × n) and W (k × n), both row-major: C[i, t] = Σ_j D[i, j]·W[t, j]. */
export function gramNT(D: Float64Array, m: number, n: number, W: Float64Array, k: number, C: Float64Array): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const d0 = i * n;
    const d1 = d0 + n;
    const d2 = d1 + n;
    const d3 = d2 + n;
    let t = 0;
    for (; t + 3 < k; t += 4) {
      const w0 = t * n;
      const w1 = w0 + n;
      const w2 = w1 + n;
      const w3 = w2 + n;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let j = 0; j < n; j++) {
        const b0 = W[w0 + j] as number;
        const b1 = W[w1 + j] as number;
        const b2 = W[w2 + j] as number;
        const b3 = W[w3 + j] as number;
        let x = D[d0 + j] as number;
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
        x = D[d1 + j] as number;
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
        x = D[d2 + j] as number;
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
        x = D[d3 + j] as number;
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
      }
      store4(C, i * k + t, c00, c01, c02, c03, false);
      store4(C, (i + 1) * k + t, c10, c11, c12, c13, false);
      store4(C, (i + 2) * k + t, c20, c21, c22, c23, false);
      store4(C, (i + 3) * k + t, c30, c31, c32, c33, false);
    }
    for (; t < k; t++) {
      const w = t * n;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let j = 0; j < n; j++) {
        const b = W[w + j] as number;
        c0 += (D[d0 + j] as number) * b;
        c1 += (D[d1 + j] as number) * b;
        c2 += (D[d2 + j] as number) * b;
        c3 += (D[d3 + j] as number) * b;
      }
      C[i * k + t] = c0;
      C[(i + 1) * k + t] = c1;
      C[(i + 2) * k + t] = c2;
      C[(i + 3) * k + t] = c3;
    }
  }
  for (; i < m; i++) {
    const d = i * n;
    for (let t = 0; t < k; t++) {
      let c = 0;
      for (let j = 0; j < n; j++) c += (D[d + j] as number) * (W[t * n + j] as number);
      C[i * k + t] = c;
    }
  }
}
