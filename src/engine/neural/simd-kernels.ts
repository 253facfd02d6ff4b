// The 4 × 4 blocks of gemm.ts's two large products (forward: A·B + bias, ReLU; backward: Aᵀ·D), and both
// products' one-column case (a single output unit), as WebAssembly
// SIMD (f64x2) loops, about twice the throughput of the scalar JavaScript blocks. Each output is still the same
// sequential sum over the shared dimension (zero, then + x·b in index order, then + bias), with separate multiply
// and add (wasm has no fused multiply-add), so the results are bit-identical to the JavaScript blocks; gemm.ts
// does the edges (rows or columns beyond a multiple of 4) in JavaScript either way.
//
// The kernels read and write one WebAssembly.Memory: an Arena owns one, sized once for a workspace, and hands out
// Float64Array views of it; every operand passed to a kernel must be such a view.
import { encodeModule, forLoop, I32, inc, op, V128, type Code, type WasmFunction } from './wasm-asm.js';

const { get, set, i32, add, mul } = op;
const v = (...parts: Code[]): Code => parts.flat();
/** acc = acc + x·b for v128 locals */
const mac = (acc: number, x: number, b: number): Code => v(get(acc), get(x), get(b), op.fmul, op.fadd, set(acc));
/** the sum of the i32 terms (empty terms skipped) */
const addr = (first: Code, ...terms: Code[]): Code => v(first, ...terms.filter((t) => t.length > 0).map((t) => v(t, add)));

/**
 * affine(a, m4, k, b, n, n4, bias, c, relu): for the first m4 rows and n4 columns (multiples of 4),
 * C[i, j] = (Σ_t A[i, t]·B[t, j]) + bias[j], then max(·, 0) when relu ≠ 0. Byte addresses; A is m × k, B k × n,
 * C m × n, all row-major.
 */
function affineKernel(): WasmFunction {
  const [a, m4, k, b, n, n4, bias, c, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [i, j, t, pa, pb, k8, n8, pc, k16, k24] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const acc = [19, 20, 21, 22, 23, 24, 25, 26];
  const [b0, b1, x] = [27, 28, 29];
  const rowMacs = (row: number, offset: Code): Code => v(addr(get(pa), offset), op.loadSplat, set(x), mac(acc[2 * row] as number, x, b0), mac(acc[2 * row + 1] as number, x, b1));
  const body = v(
    get(k), i32(8), mul, set(k8),
    get(n), i32(8), mul, set(n8),
    get(k8), get(k8), add, set(k16),
    get(k16), get(k8), add, set(k24),
    forLoop(i, get(m4), i32(4), forLoop(j, get(n4), i32(4), v(
      ...acc.map((q) => v(op.zero, set(q))),
      addr(get(a), v(get(i), get(k8), mul)), set(pa),
      addr(get(b), v(get(j), i32(8), mul)), set(pb),
      forLoop(t, get(k), i32(1), v(
        get(pb), op.load, set(b0),
        addr(get(pb), i32(16)), op.load, set(b1),
        rowMacs(0, []), rowMacs(1, get(k8)), rowMacs(2, get(k16)), rowMacs(3, get(k24)),
        inc(pa, i32(8)),
        inc(pb, get(n8)),
      )),
      addr(get(bias), v(get(j), i32(8), mul)), op.load, set(b0),
      addr(get(bias), v(get(j), i32(8), mul), i32(16)), op.load, set(b1),
      ...acc.map((q, r) => v(get(q), get(r % 2 === 0 ? b0 : b1), op.fadd, set(q))),
      get(relu), op.ifThen(v(...acc.map((q) => v(get(q), op.zero, op.fmax, set(q))))),
      addr(get(c), v(get(i), get(n8), mul), v(get(j), i32(8), mul)), set(pc),
      ...[0, 1, 2, 3].map((r) => v(
        get(pc), get(acc[2 * r] as number), op.store,
        addr(get(pc), i32(16)), get(acc[2 * r + 1] as number), op.store,
        inc(pc, get(n8)),
      )),
    ))),
  );
  return { name: 'affine', params: new Array<number>(9).fill(I32), locals: [...new Array<number>(10).fill(I32), ...new Array<number>(11).fill(V128)], body };
}

/**
 * gramTN(a, m, k, k4, d, n, n4, g): for the first k4 rows and n4 columns of G (multiples of 4),
 * G[t, j] = Σ_i A[i, t]·D[i, j]. Byte addresses; A is m × k, D m × n, G k × n, all row-major.
 */
function gramKernel(): WasmFunction {
  const [a, m, k, k4, d, n, n4, g] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [t, j, i, pa, pd, k8, n8, pg] = [8, 9, 10, 11, 12, 13, 14, 15];
  const acc = [16, 17, 18, 19, 20, 21, 22, 23];
  const [b0, b1, x] = [24, 25, 26];
  const colMacs = (col: number): Code => v(addr(get(pa), i32(8 * col)), op.loadSplat, set(x), mac(acc[2 * col] as number, x, b0), mac(acc[2 * col + 1] as number, x, b1));
  const body = v(
    get(k), i32(8), mul, set(k8),
    get(n), i32(8), mul, set(n8),
    forLoop(t, get(k4), i32(4), forLoop(j, get(n4), i32(4), v(
      ...acc.map((q) => v(op.zero, set(q))),
      addr(get(a), v(get(t), i32(8), mul)), set(pa),
      addr(get(d), v(get(j), i32(8), mul)), set(pd),
      forLoop(i, get(m), i32(1), v(
        get(pd), op.load, set(b0),
        addr(get(pd), i32(16)), op.load, set(b1),
        colMacs(0), colMacs(1), colMacs(2), colMacs(3),
        inc(pa, get(k8)),
        inc(pd, get(n8)),
      )),
      addr(get(g), v(get(t), get(n8), mul), v(get(j), i32(8), mul)), set(pg),
      ...[0, 1, 2, 3].map((r) => v(
        get(pg), get(acc[2 * r] as number), op.store,
        addr(get(pg), i32(16)), get(acc[2 * r + 1] as number), op.store,
        inc(pg, get(n8)),
      )),
    ))),
  );
  return { name: 'gramTN', params: new Array<number>(8).fill(I32), locals: [...new Array<number>(8).fill(I32), ...new Array<number>(11).fill(V128)], body };
}

/**
 * affine1(a, m4, k, b, bias, c, relu): the one-column case of affine (a layer with one unit): for the first m4
 * rows (a multiple of 4), C[i] = (Σ_t A[i, t]·B[t]) + bias, then max(·, 0) when relu ≠ 0; two rows per v128.
 */
function affineOneKernel(): WasmFunction {
  const [a, m4, k, b, bias, c, relu] = [0, 1, 2, 3, 4, 5, 6];
  const [i, t, pa, pb, k8, k16, k24] = [7, 8, 9, 10, 11, 12, 13];
  const [acc0, acc1, x, wv] = [14, 15, 16, 17];
  /** the v128 of A[i + r, t] and A[i + r + 1, t], pa pointing at A[i, t] and `first`, `second` the row offsets */
  const pair = (first: Code, second: Code): Code => v(addr(get(pa), first), op.loadZero, set(x), addr(get(pa), second), get(x), op.loadLane(1));
  const body = v(
    get(k), i32(8), mul, set(k8),
    get(k8), get(k8), add, set(k16),
    get(k16), get(k8), add, set(k24),
    forLoop(i, get(m4), i32(4), v(
      op.zero, set(acc0),
      op.zero, set(acc1),
      addr(get(a), v(get(i), get(k8), mul)), set(pa),
      get(b), set(pb),
      forLoop(t, get(k), i32(1), v(
        get(pb), op.loadSplat, set(wv),
        get(acc0), pair([], get(k8)), get(wv), op.fmul, op.fadd, set(acc0),
        get(acc1), pair(get(k16), get(k24)), get(wv), op.fmul, op.fadd, set(acc1),
        inc(pa, i32(8)),
        inc(pb, i32(8)),
      )),
      get(bias), op.loadSplat, set(wv),
      get(acc0), get(wv), op.fadd, set(acc0),
      get(acc1), get(wv), op.fadd, set(acc1),
      get(relu), op.ifThen(v(get(acc0), op.zero, op.fmax, set(acc0), get(acc1), op.zero, op.fmax, set(acc1))),
      addr(get(c), v(get(i), i32(8), mul)), get(acc0), op.store,
      addr(get(c), v(get(i), i32(8), mul), i32(16)), get(acc1), op.store,
    )),
  );
  return { name: 'affine1', params: new Array<number>(7).fill(I32), locals: [...new Array<number>(7).fill(I32), ...new Array<number>(4).fill(V128)], body };
}

/**
 * gramTN1(a, m, k, k8, d, g): the one-column case (D is m × 1, an output layer with one unit): for t < k8 (a
 * multiple of 8), G[t] = Σ_i A[i, t]·D[i], eight running sums in four v128 locals. Byte addresses.
 */
function gramOneKernel(): WasmFunction {
  const [a, m, k, k8, d, g] = [0, 1, 2, 3, 4, 5];
  const [t, i, pa, pd, kb] = [6, 7, 8, 9, 10];
  const acc = [11, 12, 13, 14];
  const x = 15;
  const body = v(
    get(k), i32(8), mul, set(kb),
    forLoop(t, get(k8), i32(8), v(
      ...acc.map((q) => v(op.zero, set(q))),
      addr(get(a), v(get(t), i32(8), mul)), set(pa),
      get(d), set(pd),
      forLoop(i, get(m), i32(1), v(
        get(pd), op.loadSplat, set(x),
        ...acc.map((q, r) => v(get(q), addr(get(pa), i32(16 * r)), op.load, get(x), op.fmul, op.fadd, set(q))),
        inc(pa, get(kb)),
        inc(pd, i32(8)),
      )),
      ...acc.map((q, r) => v(addr(get(g), v(get(t), i32(8), mul), i32(16 * r)), get(q), op.store)),
    )),
  );
  return { name: 'gramTN1', params: new Array<number>(6).fill(I32), locals: [...new Array<number>(5).fill(I32), ...new Array<number>(5).fill(V128)], body };
}

interface Exports {
  affine(a: number, m4: number, k: number, b: number, n: number, n4: number, bias: number, c: number, relu: number): void;
  gramTN(a: number, m: number, k: number, k4: number, d: number, n: number, n4: number, g: number): void;
  gramTN1(a: number, m: number, k: number, k8: number, d: number, g: number): void;
  affine1(a: number, m4: number, k: number, b: number, bias: number, c: number, relu: number): void;
}

const MAX_BYTES = 1 << 30;
let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (then gemm.ts stays in JavaScript). */
function simdModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = encodeModule([affineKernel(), gramKernel(), gramOneKernel(), affineOneKernel()]);
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Float64Array views of one WebAssembly.Memory, and the SIMD kernels over them. */
export class Arena {
  private next = 0;
  private constructor(
    readonly buffer: ArrayBufferLike,
    private readonly kernels: Exports,
    private readonly capacity: number,
  ) {}

  /**
   * An arena for `doubles` values (each allocation rounded up to an even count, for 16-byte alignment), or null
   * without SIMD, above MAX_BYTES (a batch that large gains little and wasm32 addresses stop at 4 GiB) or when the
   * memory cannot be had; the caller then works on plain Float64Arrays.
   */
  static create(doubles: number): Arena | null {
    const mod = simdModule();
    const bytes = Math.max(doubles * 8, 16);
    if (!mod || bytes > MAX_BYTES) return null;
    try {
      const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
      const instance = new WebAssembly.Instance(mod, { env: { memory } });
      return new Arena(memory.buffer, instance.exports as unknown as Exports, memory.buffer.byteLength / 8);
    } catch {
      return null;
    }
  }

  /** Room a list of allocations takes in an arena. */
  static size(lengths: number[]): number {
    return lengths.reduce((s, n) => s + n + (n % 2), 0);
  }

  alloc(length: number): Float64Array {
    if (this.next + length > this.capacity) throw new Error('arena overflow');
    const view = new Float64Array(this.buffer, this.next * 8, length);
    this.next += length + (length % 2);
    return view;
  }

  private at(view: Float64Array, offset = 0): number {
    if (view.buffer !== this.buffer) throw new Error('operand outside the arena');
    return view.byteOffset + offset * 8;
  }

  /** gemm.ts's affineBlocks (an arrow property, so that gemm.ts can take it unbound) */
  readonly affine = (A: Float64Array, aOff: number, m4: number, k: number, B: Float64Array, bOff: number, n: number, n4: number, bias: Float64Array, bo: number, C: Float64Array, cOff: number, relu: boolean): void => {
    this.kernels.affine(this.at(A, aOff), m4, k, this.at(B, bOff), n, n4, this.at(bias, bo), this.at(C, cOff), relu ? 1 : 0);
  };

  /** gemm.ts's gramBlocks (an arrow property, as affine) */
  readonly gramTN = (A: Float64Array, aOff: number, m: number, k: number, k4: number, D: Float64Array, dOff: number, n: number, n4: number, G: Float64Array, gOff: number): void => {
    this.kernels.gramTN(this.at(A, aOff), m, k, k4, this.at(D, dOff), n, n4, this.at(G, gOff));
  };

  /** rows aOff / k … of a one-column affine, m4 of them (a multiple of 4), into C from cOff */
  affine1(A: Float64Array, aOff: number, m4: number, k: number, B: Float64Array, bOff: number, bias: Float64Array, bo: number, C: Float64Array, cOff: number, relu: boolean): void {
    this.kernels.affine1(this.at(A, aOff), m4, k, this.at(B, bOff), this.at(bias, bo), this.at(C, cOff), relu ? 1 : 0);
  }

  gramTN1(A: Float64Array, m: number, k: number, k8: number, D: Float64Array, G: Float64Array): void {
    this.kernels.gramTN1(this.at(A), m, k, k8, this.at(D), this.at(G));
  }
}
