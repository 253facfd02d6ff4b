// npm run bench:pipeline-size — the stored size of a 100-tree random forest fitted on 100,000 rows (scikit-learn's
// make_classification, 20 features, seed 0; 70/30 split, so 70,000 training rows), as JSON (the format before)
// and in the binary format (src/jobs/storage/binary-json.ts), with the time to encode and decode each and a
// check that both predict the same bits. Target (issue 8): ≤ 20 MB.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { frameFromColumns, loadPipeline, runPlan, type ColumnRecord, type PipelineJSON } from '../src/engine/index.js';
import { decodeBinaryJson, encodeBinaryJson } from '../src/jobs/storage/binary-json.js';
import { makeClassification } from './synthetic.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const load = loadavg().map((x) => x.toFixed(1)).join(' ');
const { X, y } = makeClassification({ nSamples: ROWS, nFeatures: 20, nInformative: 10, seed: 0 });
const record: ColumnRecord = {};
for (let j = 0; j < X.cols; j++) record[`f${j}`] = Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j] as number);
record.target = Array.from(y);
const probe: ColumnRecord = Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'target').map(([k, v]) => [k, v.slice(0, 2000)]));

let t = performance.now();
const result = await runPlan(frameFromColumns(record), { task: 'classification', target: 'target', setup: { fold: 2, sessionId: 123 } as never, plan: 'create', modelId: 'rf', params: { analysis: false } }, { emit() {} });
const fitSeconds = (performance.now() - t) / 1000;
const pipeline = result.pipeline as PipelineJSON;

const hash = (json: unknown): string => {
  const p = loadPipeline(json).predict(probe);
  const h = createHash('sha256').update(JSON.stringify(p.predictions));
  for (const row of p.probabilities ?? []) h.update(Buffer.from(Float64Array.from(row).buffer));
  return h.digest('hex');
};
const time = <T>(f: () => T): [T, number] => {
  const s = performance.now();
  const v = f();
  return [v, performance.now() - s];
};
const [jsonBytes, jsonEncodeMs] = time(() => Buffer.from(JSON.stringify(pipeline), 'utf8'));
const [fromJson, jsonDecodeMs] = time(() => JSON.parse(jsonBytes.toString('utf8')) as unknown);
const [binBytes, binEncodeMs] = time(() => encodeBinaryJson(pipeline));
const [fromBin, binDecodeMs] = time(() => decodeBinaryJson(binBytes));
const same = hash(fromBin) === hash(fromJson) && hash(fromJson) === hash(pipeline);
t = performance.now();
const trees = (pipeline.estimator as { state: { trees: Array<{ nodeCount: number }> } }).state.trees;
const nodes = trees.reduce((a, tr) => a + tr.nodeCount, 0) / trees.length;

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
console.log(`\nrf, 100 trees, ${ROWS.toLocaleString('en')} rows × 20 (fit ${fitSeconds.toFixed(1)} s, ${Math.round(nodes)} nodes per tree); load average ${load}`);
console.log('| format | size | encode | decode | predictions |');
console.log('|---|---|---|---|---|');
console.log(`| JSON (before) | ${mb(jsonBytes.byteLength)} | ${jsonEncodeMs.toFixed(0)} ms | ${jsonDecodeMs.toFixed(0)} ms | reference |`);
console.log(`| binary | ${mb(binBytes.byteLength)} (${(jsonBytes.byteLength / binBytes.byteLength).toFixed(1)}× smaller; target ≤ 20 MB ${binBytes.byteLength <= 20e6 ? 'met' : 'missed'}) | ${binEncodeMs.toFixed(0)} ms | ${binDecodeMs.toFixed(0)} ms | ${same ? 'hash-identical' : 'DIFFERENT'} |`);
if (!same) process.exitCode = 1;
