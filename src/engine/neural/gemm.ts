// The three matrix products of an MLP's forward and backward passes, on row-major Float64Array blocks, blocked
// 4 × 4 so that sixteen running sums stay in registers and each loaded value serves four multiply-adds (about
// three times the throughput of dot products over transposed copies). No transposes: the loop order reads every
// operand along its rows. Each output element is one sequential sum over the shared dimension in index order,
// then (for the forward pass) plus the bias, so the result does not depend on the blocking or on the matrix sizes.

/**
 * C (m × n) = A (m × k) · B (k × n) + bias (n), then ReLU in the same store when `relu`. A, B, C row-major;
 * `bias` is read from `bias[bo..bo + n)`, B from `B[bOff..]`.
 */
export function affine(A: Float64Array, m: number, k: number, B: Float64Array, bOff: number, n: number, bias: Float64Array, bo: number, C: Float64Array, relu: boolean): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    let j = 0;
    for (; j + 3 < n; j += 4) {
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
      store4(C, i * n + j, c00 + d0, c01 + d1, c02 + d2, c03 + d3, relu);
      store4(C, (i + 1) * n + j, c10 + d0, c11 + d1, c12 + d2, c13 + d3, relu);
      store4(C, (i + 2) * n + j, c20 + d0, c21 + d1, c22 + d2, c23 + d3, relu);
      store4(C, (i + 3) * n + j, c30 + d0, c31 + d1, c32 + d2, c33 + d3, relu);
    }
    for (; j < n; j++) {
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
  for (; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
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
export function gramTN(A: Float64Array, m: number, k: number, D: Float64Array, n: number, G: Float64Array): void {
  let t = 0;
  for (; t + 3 < k; t += 4) {
    let j = 0;
    for (; j + 3 < n; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let i = 0, a = t, d = j; i < m; i++, a += k, d += n) {
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
      store4(G, t * n + j, c00, c01, c02, c03, false);
      store4(G, (t + 1) * n + j, c10, c11, c12, c13, false);
      store4(G, (t + 2) * n + j, c20, c21, c22, c23, false);
      store4(G, (t + 3) * n + j, c30, c31, c32, c33, false);
    }
    for (; j < n; j++) {
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
  for (; t < k; t++) {
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let i = 0, a = t, d = j; i < m; i++, a += k, d += n) c += (A[a] as number) * (D[d] as number);
      G[t * n + j] = c;
    }
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
