// The MLP's matrix products (src/engine/neural/gemm.ts) against a plain sequential triple loop, bit for bit, in
// JavaScript and with the WebAssembly SIMD tiles (simd-kernels.ts), over sizes that hit every tile and edge path
// (below 4, multiples of 4, overlapping last tiles); then backprop with and without SIMD on the same batch.
import { describe, expect, it } from 'vitest';
import { affine, gramNT, gramTN } from '../../src/engine/neural/gemm.js';
import { backprop, forward, glorotInit, layout, Workspace, type HiddenActivation, type OutputActivation, type LossKind } from '../../src/engine/neural/network.js';
import { Arena } from '../../src/engine/neural/simd-kernels.js';
import { NumpyRandomState } from '../../src/engine/selection/numpy-random.js';

const rng = new NumpyRandomState(42);
/** Values in ±3 with about a third exact zeros (ReLU outputs, dead deltas). */
function fill(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.nextDouble() < 0.3 ? 0 : 6 * rng.nextDouble() - 3;
  return a;
}

function bits(a: Float64Array): string[] {
  return Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));
}

const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 13, 30];

describe('gemm kernels', () => {
  it('has WebAssembly SIMD on this Node (else the JavaScript tiles run everywhere), and none for a huge workspace', () => {
    expect(Arena.create(64)).not.toBeNull();
    expect(Arena.create(2 ** 28)).toBeNull(); // 2 GiB: plain Float64Arrays instead
  });

  it.each(SIZES.flatMap((m) => SIZES.map((n) => [m, n] as const)))('affine %i x 7 · 7 x %i + bias (ReLU) is the sequential sum, with and without SIMD', (m, n) => {
    const k = 7;
    const fresh = Arena.create(2 * (m * k + k * n + n + 2 * m * n) + 16) as Arena;
    const A = fresh.alloc(m * k);
    const B = fresh.alloc(k * n + 3);
    const bias = fresh.alloc(n + 1);
    fill(A);
    fill(B);
    fill(bias);
    for (const relu of [false, true]) {
      const want = new Float64Array(m * n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += (A[i * k + t] as number) * (B[3 + t * n + j] as number);
          s += bias[1 + j] as number;
          want[i * n + j] = relu ? Math.max(s, 0) : s;
        }
      const js = new Float64Array(m * n);
      affine(A, m, k, B, 3, n, bias, 1, js, relu, null);
      const simd = fresh.alloc(m * n);
      affine(A, m, k, B, 3, n, bias, 1, simd, relu, fresh);
      expect(bits(js)).toEqual(bits(want));
      expect(bits(simd)).toEqual(bits(want));
    }
  });

  it.each(SIZES.flatMap((k) => SIZES.map((n) => [k, n] as const)))('gramTN (11 x %i)ᵀ · (11 x %i) is the sequential sum, with and without SIMD', (k, n) => {
    const m = 11;
    const fresh = Arena.create(2 * (m * k + m * n + 2 * k * n) + 16) as Arena;
    const A = fill(fresh.alloc(m * k));
    const D = fill(fresh.alloc(m * n));
    const want = new Float64Array(k * n);
    for (let t = 0; t < k; t++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += (A[i * k + t] as number) * (D[i * n + j] as number);
        want[t * n + j] = s;
      }
    const js = new Float64Array(k * n);
    gramTN(A, m, k, D, n, js, null);
    const simd = fresh.alloc(k * n);
    gramTN(A, m, k, D, n, simd, fresh);
    expect(bits(js)).toEqual(bits(want));
    expect(bits(simd)).toEqual(bits(want));
  });

  it.each(SIZES.map((k) => [k] as const))('gramNT (9 x 6) · (%i x 6)ᵀ is the sequential sum', (k) => {
    const m = 9;
    const n = 6;
    const D = fill(new Float64Array(m * n));
    const W = fill(new Float64Array(k * n));
    const want = new Float64Array(m * k);
    for (let i = 0; i < m; i++)
      for (let t = 0; t < k; t++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (D[i * n + j] as number) * (W[t * n + j] as number);
        want[i * k + t] = s;
      }
    const got = new Float64Array(m * k);
    gramNT(D, m, n, W, k, got);
    expect(bits(got)).toEqual(bits(want));
  });

  it('refuses an operand that is not a view of its memory', () => {
    const fresh = Arena.create(64) as Arena;
    const inside = fresh.alloc(16);
    expect(() => affine(new Float64Array(16), 4, 4, inside, 0, 4, inside, 0, fresh.alloc(16), false, fresh)).toThrow(/outside the arena/);
    expect(() => fresh.alloc(65536 / 8)).toThrow(/overflow/); // a 64-double arena has one 64 KiB page
  });
});

describe('backprop with and without SIMD', () => {
  const cases: Array<[string, number[], HiddenActivation, OutputActivation, LossKind]> = [
    ['relu, one output', [30, 100, 1], 'relu', 'logistic', 'binary_log_loss'],
    ['relu, two hidden layers, softmax', [13, 50, 21, 3], 'relu', 'softmax', 'log_loss'],
    ['tanh, regression', [10, 17, 1], 'tanh', 'identity', 'squared_error'],
    ['logistic, two outputs of a softmax', [6, 9, 5, 2], 'logistic', 'softmax', 'log_loss'],
  ];
  it.each(cases)('%s: same loss, gradient and outputs bit for bit', (_, units, hidden, out, loss) => {
    const lay = layout(units);
    const k = units[units.length - 1] as number;
    const rows = 37;
    const w = glorotInit(lay, hidden, new NumpyRandomState(7));
    const X = new Float64Array(rows * (units[0] as number)).map((_, i) => Math.sin(i * 0.37) * 4 + (i % 5));
    const Y = new Float64Array(rows * k).map((_, i) => (k === 1 ? (i % 3 === 0 ? 1 : 0) : i % k === Math.floor(i / k) % k ? 1 : 0));
    const results = [true, false].map((simd) => {
      const ws = new Workspace(lay, rows, true, simd);
      expect(ws.arena !== null).toBe(simd);
      ws.weights.set(w);
      (ws.activations[0] as Float64Array).set(X);
      const value = backprop(ws, Y, rows, 1e-4, hidden, out, loss);
      return { value, grad: bits(ws.grad), out: bits(forward(ws, rows, hidden, out).slice(0, rows * k)) };
    });
    expect(results[0]).toEqual(results[1]);
    // skipping dead ReLU columns gives the dense gradient, bit for bit
    expect(results[0]?.grad).toEqual(bits(denseGradient(units, w, X, Y, rows, 1e-4, hidden, out)));
  });
});

/** scikit-learn's _backprop written out densely, every sum sequential: the reference of the skipping above. */
function denseGradient(units: number[], w: Float64Array, X: Float64Array, Y: Float64Array, rows: number, alpha: number, hidden: HiddenActivation, out: OutputActivation): Float64Array {
  const lay = layout(units);
  const L = units.length - 1;
  const acts: Float64Array[] = [X];
  for (let l = 0; l < L; l++) {
    const fi = units[l] as number;
    const fo = units[l + 1] as number;
    const z = new Float64Array(rows * fo);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < fo; j++) {
        let s = 0;
        for (let t = 0; t < fi; t++) s += (acts[l]?.[i * fi + t] as number) * (w[(lay.coefOffset[l] as number) + t * fo + j] as number);
        s += w[(lay.interceptOffset[l] as number) + j] as number;
        z[i * fo + j] = l + 1 < L ? (hidden === 'relu' ? Math.max(s, 0) : hidden === 'tanh' ? Math.tanh(s) : hidden === 'logistic' ? 1 / (1 + Math.exp(-s)) : s) : s;
      }
    if (l + 1 === L) {
      if (out === 'logistic') z.forEach((v, i) => (z[i] = 1 / (1 + Math.exp(-v))));
      if (out === 'softmax')
        for (let i = 0; i < rows; i++) {
          const r = z.subarray(i * fo, (i + 1) * fo);
          const max = Math.max(...r);
          let s = 0;
          r.forEach((v, j) => {
            r[j] = Math.exp(v - max);
            s += r[j] as number;
          });
          r.forEach((v, j) => (r[j] = v / s));
        }
    }
    acts.push(z);
  }
  const g = new Float64Array(lay.size);
  let delta = (acts[L] as Float64Array).map((p, i) => p - (Y[i] as number));
  for (let l = L - 1; l >= 0; l--) {
    const fi = units[l] as number;
    const fo = units[l + 1] as number;
    const a = acts[l] as Float64Array;
    const c = lay.coefOffset[l] as number;
    const b = lay.interceptOffset[l] as number;
    for (let t = 0; t < fi; t++)
      for (let j = 0; j < fo; j++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += (a[i * fi + t] as number) * (delta[i * fo + j] as number);
        g[c + t * fo + j] = (s + alpha * (w[c + t * fo + j] as number)) / rows;
      }
    for (let j = 0; j < fo; j++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += delta[i * fo + j] as number;
      g[b + j] = s / rows;
    }
    if (l === 0) break;
    const prev = new Float64Array(rows * fi);
    for (let i = 0; i < rows; i++)
      for (let t = 0; t < fi; t++) {
        let s = 0;
        for (let j = 0; j < fo; j++) s += (delta[i * fo + j] as number) * (w[c + t * fo + j] as number);
        const z = a[i * fi + t] as number;
        prev[i * fi + t] = hidden === 'relu' ? (z === 0 ? 0 : s) : hidden === 'tanh' ? s * (1 - z * z) : hidden === 'logistic' ? s * (z * (1 - z)) : s;
      }
    delta = prev;
  }
  return g;
}
