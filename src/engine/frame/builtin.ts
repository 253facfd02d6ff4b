import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BUILTIN_DATASETS, type BuiltinDatasetName } from '../types.js';
import { EngineInputError } from '../errors.js';
import { parseCsv } from './csv.js';
import type { Frame } from './frame.js';

/** <repo>/data, found from this file's location (src/engine/frame/). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

const cache = new Map<string, Frame>();

/**
 * A built-in dataset (iris, wine, breast_cancer, diabetes, digits) read from `<dataDir>/<name>.csv`; the
 * label column is `target`. Parsed once per process and directory (Frames are immutable, so sharing is safe).
 */
export function loadBuiltinDataset(name: BuiltinDatasetName, dataDir: string = DEFAULT_DATA_DIR): Frame {
  if (!(BUILTIN_DATASETS as readonly string[]).includes(name))
    throw new EngineInputError('BAD_INPUT', `Unknown built-in dataset "${name}"; available: ${BUILTIN_DATASETS.join(', ')}`, 'builtin');
  const path = join(dataDir, `${name}.csv`);
  let frame = cache.get(path);
  if (!frame) {
    frame = parseCsv(readFileSync(path, 'utf8'));
    cache.set(path, frame);
  }
  return frame;
}
