// One fold of the 1,000,000-row case (bench/large-csv.ts): setup, that fold's preprocessed matrix, then lightgbm's fit
// on it alone, with seconds, CPU seconds and memory; run under `node --cpu-prof` to see where a fold's fit goes.
// FOLDS (default 1) fits that many folds; the predictions' hash shows a change kept results bit for bit.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../src/engine/index.js';
import { setupExperiment } from '../src/engine/experiment/setup.js';
import { buildFold } from '../src/engine/experiment/fold-data.js';
import { MODEL_REGISTRY } from '../src/engine/models/registry.js';
import { LightGbmClassifier } from '../src/engine/boosting/lightgbm.js';
import { writeLargeCsv } from './large-csv.js';

const FOLDS = Number(process.env.FOLDS ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'caretql-bench-lgbm-'));
const mb = (): string => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB RSS`;
try {
  const file = join(dir, 'large.csv');
  await writeLargeCsv(file);
  const frame = parseCsv(readFileSync(file, 'utf8'));
  const exp = setupExperiment(frame, { task: 'classification', target: 'target', setup: {}, plan: 'setup', params: {} }, { logger: { emit() {} }, signal: undefined, registry: MODEL_REGISTRY });
  console.log(`setup done, ${mb()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (let k = 0; k < FOLDS; k++) {
    const f = buildFold(exp, k);
    console.log(`fold ${k}: ${f.X.rows} x ${f.X.cols} (${exp.trainPreprocessor.outputNames.join(', ')}), ${mb()}`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const m = new LightGbmClassifier().fit(f.X, f.y, { cache: f.cache });
    const c = process.cpuUsage(c0);
    const hash = createHash('sha256').update(new Uint8Array(m.predictProba(f.Xv).data.buffer)).digest('hex').slice(0, 16);
    console.log(`  lightgbm fit ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${m.nIterations} iterations, ${mb()}, predictions ${hash}`);
  }
  console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
