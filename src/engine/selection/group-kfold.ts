import { EngineInputError } from '../errors.js';
import { foldsFromAssignment } from './shared.js';

/**
 * scikit-learn 1.2's GroupKFold(n_splits=k): groups (a group id per position, ids 0..g-1 in the order of the
 * sorted distinct group values, as np.unique gives them) are dealt out largest first, each to the fold with
 * the fewest positions so far (the first such fold on ties). Equal-sized groups go in descending id order,
 * which is what numpy's argsort(...)[::-1] gives for them (stable for the small arrays it sorts by insertion).
 * BAD_PARAM when there are fewer groups than folds.
 */
export function groupKFold(groups: Int32Array, k: number, field = 'setupParams.foldGroups'): Array<[Int32Array, Int32Array]> {
  let g = 0;
  for (const id of groups) g = Math.max(g, id + 1);
  const sizes = new Float64Array(g);
  for (const id of groups) sizes[id]!++;
  const present = Array.from({ length: g }, (_, i) => i).filter((i) => (sizes[i] as number) > 0);
  if (k > present.length) throw new EngineInputError('BAD_PARAM', `foldGroups has ${present.length} distinct group(s): fewer than the ${k} folds`, field);
  const order = [...present].sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || b - a);
  const load = new Float64Array(k);
  const foldOf = new Int32Array(g);
  for (const grp of order) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if ((load[f] as number) < (load[lightest] as number)) lightest = f;
    load[lightest]! += sizes[grp] as number;
    foldOf[grp] = lightest;
  }
  const testFold = Int32Array.from(groups, (id) => foldOf[id] as number);
  return foldsFromAssignment(testFold, k);
}
