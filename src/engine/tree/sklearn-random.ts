/**
 * The random streams scikit-learn 1.2's trees and forests draw from, reproduced so that a tree grown
 * here from `randomState` visits features (and draws extra-trees thresholds) in the very order
 * scikit-learn's does with random_state=randomState: ties between equally good splits then fall the
 * same way, and on exactly-binned data our trees are scikit-learn's trees.
 * - numpy's legacy RandomState: MT19937 seeded with init_genrand, randint by masked rejection;
 * - the tree splitter's own generator (sklearn/tree/_utils.pyx our_rand_r: xorshift32 mod 2^31),
 *   seeded with RandomState(random_state).randint(0, RAND_R_MAX).
 */
export const RAND_R_MAX = 0x7fffffff;

/** numpy.random.RandomState(seed) (legacy seeding of a 32-bit integer seed). */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private mti = 625;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = (mt[i - 1] as number) ^ ((mt[i - 1] as number) >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = 624;
  }

  /** genrand_int32. */
  nextU32(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = ((mt[k] as number) & 0x80000000) | ((mt[(k + 1) % 624] as number) & 0x7fffffff);
        mt[k] = ((mt[(k + 397) % 624] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.mti = 0;
    }
    let y = mt[this.mti++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random_sample(): 53-bit double in [0, 1). */
  nextDouble(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private gaussSpare: number | null = null;

  /** standard_normal(): numpy's legacy polar (Marsaglia) method, second value kept for the next call. */
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

  /** shuffle(a): Fisher-Yates from the end, j = random_interval(i) in [0, i]. */
  shuffle(a: { length: number; [i: number]: number }): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.randint(0, i + 1);
      const t = a[i] as number;
      a[i] = a[j] as number;
      a[j] = t;
    }
  }

  /** randint(low, high) for high - low <= 2^32: 32-bit draws masked to the range's bit width, rejected above it. */
  randint(low: number, high: number): number {
    const rng = high - 1 - low;
    if (rng <= 0) return low;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextU32() & mask) >>> 0;
    while (v > rng);
    return low + v;
  }
}

/** The tree splitter's generator (our_rand_r): xorshift32, returned modulo 2^31. */
export class TreeRandom {
  private state: number; // the uint32 state's bits, held as an int32 (stays a small integer in V8)

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** our_rand_r */
  next(): number {
    let s = this.state;
    if (s === 0) s = 1; // DEFAULT_SEED
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s;
    return s & RAND_R_MAX; // seed % 2^31
  }

  /** rand_int: uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }

  /** rand_uniform: in [low, high], computed as scikit-learn does. */
  uniform(low: number, high: number): number {
    return ((high - low) * this.next()) / RAND_R_MAX + low;
  }
}

/** The splitter generator of DecisionTree*(random_state=seed). */
export function treeRandomFor(seed: number): TreeRandom {
  return new TreeRandom(new NumpyRandomState(seed >>> 0).randint(0, RAND_R_MAX));
}

/** Per-tree seeds of a forest with random_state=seed: RandomState(seed).randint(2^31 - 1), in order. */
export function forestTreeSeeds(seed: number, nTrees: number): number[] {
  const rs = new NumpyRandomState(seed >>> 0);
  const out: number[] = [];
  for (let t = 0; t < nTrees; t++) out.push(rs.randint(0, 0x7fffffff));
  return out;
}

/** Bootstrap draw counts of a forest tree (RandomState(treeSeed).randint(0, n, draws)) into `counts`. */
export function bootstrapCounts(treeSeed: number, n: number, draws: number, counts: Int32Array): void {
  const rs = new NumpyRandomState(treeSeed >>> 0);
  counts.fill(0);
  for (let d = 0; d < draws; d++) {
    const r = rs.randint(0, n);
    counts[r] = (counts[r] as number) + 1;
  }
}
