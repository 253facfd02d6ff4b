/**
 * The random streams scikit-learn 1.2's trees and forests draw from, reproduced so that a tree grown
 * here from `randomState` visits features (and draws extra-trees thresholds) in the very order
 * scikit-learn's does with random_state=randomState: ties between equally good splits then fall the
 * same way, and on exactly-binned data our trees are scikit-learn's trees.
 * - numpy's legacy RandomState (selection/numpy-random.ts, shared with the splitters and SGD);
 * - the tree splitter's own generator (sklearn/tree/_utils.pyx our_rand_r: xorshift32 mod 2^31),
 *   seeded with RandomState(random_state).randint(0, RAND_R_MAX).
 */
import { NumpyRandomState } from '../selection/numpy-random.js';

export const RAND_R_MAX = 0x7fffffff;

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
