import { EngineInputError } from '../errors.js';

/** Sorted distinct values (numeric order). */
export function uniqueSorted(y: Float64Array): number[] {
  return Array.from(new Set(y)).sort((a, b) => a - b);
}

/** The seed as numpy accepts it (an integer in [0, 2^32)): integers wrap modulo 2^32. */
export function numpySeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new EngineInputError('BAD_PARAM', `The seed must be a finite number (got ${seed})`, 'setupParams.sessionId');
  return Math.trunc(seed) >>> 0;
}

/** [train, test] positions from a fold id per position (ascending, as scikit-learn's masks give them). */
export function foldsFromAssignment(testFold: Int32Array, k: number): Array<[Int32Array, Int32Array]> {
  const n = testFold.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[testFold[i] as number]! += 1;
  const out: Array<[Int32Array, Int32Array]> = [];
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(sizes[f] as number);
    const train = new Int32Array(n - (sizes[f] as number));
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (testFold[i] === f) test[b++] = i;
      else train[a++] = i;
    }
    out.push([train, test]);
  }
  return out;
}
