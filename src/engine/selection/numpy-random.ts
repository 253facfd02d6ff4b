/**
 * numpy's legacy `np.random.RandomState(seed)` (MT19937), the generator scikit-learn draws from when given
 * an integer random_state. What the engine needs of it — randint, random_sample, standard_normal, shuffle,
 * permutation and choice without replacement — each consuming the stream exactly as numpy does, so that
 * seeded splits, SGD seeds, tree/forest seeds and bootstraps equal scikit-learn's.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** seed: an integer in [0, 2^32) (numpy's mt19937_seed / init_genrand). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32) (got ${seed})`);
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.mt[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  /** genrand_int32. */
  nextU32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      let y = 0;
      for (; kk < N - M; kk++) {
        y = ((mt[kk] as number) & UPPER) | ((mt[kk + 1] as number) & LOWER);
        mt[kk] = (mt[kk + M] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        y = ((mt[kk] as number) & UPPER) | ((mt[kk + 1] as number) & LOWER);
        mt[kk] = (mt[kk + (M - N)] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      y = ((mt[N - 1] as number) & UPPER) | ((mt[0] as number) & LOWER);
      mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's random_interval: uniform in [0, max] by masked rejection (max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextU32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** RandomState.randint(low, high) for 0 < high - low <= 2^32 (an empty range gives low). */
  randint(low: number, high: number): number {
    const max = high - 1 - low;
    return max <= 0 ? low : low + this.interval(max);
  }

  /** random_sample(): a 53-bit double in [0, 1). */
  nextDouble(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private gaussSpare: number | null = null;

  /** standard_normal(): numpy's legacy polar (Marsaglia) method, the second value kept for the next call. */
  gauss(): number {
    if (this.gaussSpare !== null) {
      const g = this.gaussSpare;
      this.gaussSpare = null;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gaussSpare = f * x1;
    return f * x2;
  }

  /** RandomState.shuffle of a 1-D array, in place: Fisher-Yates from the end, j = random_interval(i). */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
    return a;
  }

  /** RandomState.permutation(n): a shuffled 0..n-1. */
  permutation(n: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    return this.shuffle(a);
  }

  /** RandomState.choice(values, size, replace=False) without p: values[permutation(len)[:size]]. */
  choice(values: ArrayLike<number>, size: number): number[] {
    const perm = this.permutation(values.length);
    const out: number[] = [];
    for (let i = 0; i < size; i++) out.push(values[perm[i] as number] as number);
    return out;
  }
}
