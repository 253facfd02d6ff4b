import type { DatasetProfile, ColumnProfile } from '../types.js';
import type { Column, Frame } from './frame.js';
import { inferFeatureType } from './feature-types.js';
import { frameSha256 } from './hash.js';

/** Rows, per column storage type, inferred feature type, missing count / distinct non-missing values, and the content hash. */
export function profileFrame(frame: Frame): DatasetProfile {
  return { rows: frame.rows, columns: frame.columns.map(profileColumn), sha256: frameSha256(frame) };
}

function profileColumn(c: Column): ColumnProfile {
  if (c.kind === 'numeric') {
    let missing = 0;
    const seen = new Set<number>();
    for (const v of c.values) {
      if (Number.isNaN(v)) missing++;
      else seen.add(v + 0);
    }
    return { name: c.name, type: 'numeric', inferredType: 'numeric', missing, distinct: seen.size };
  }
  let missing = 0;
  const used = new Uint8Array(c.levels.length);
  for (const code of c.codes) {
    if (code < 0) missing++;
    else used[code] = 1;
  }
  return { name: c.name, type: 'categorical', inferredType: inferFeatureType(c), missing, distinct: used.reduce((a, b) => a + b, 0) };
}
