// npm run bench:large — where the time and memory of the 1,000,000-row case go, in one process without the server:
// read, parseCsv, the streamed profile, setup alone, then the compare of lightgbm, lr and dt with each model's
// time from the engine's events, and the process RSS / ArrayBuffer memory after each step.
// FOLD (default 10) and THREADS (default 2, as the server's one run on two cores) override the compare's folds and
// threads. For the end-to-end figures through the server, see `npm run bench:runs -- --large`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseCsv, profileCsvChunks, runPlan, type EngineEvent } from '../src/engine/index.js';
import { writeLargeCsv } from './large-csv.js';

const FOLD = Number(process.env.FOLD ?? 10);
const THREADS = Number(process.env.THREADS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'caretql-bench-large-'));
const file = join(dir, 'large.csv');
const load = loadavg().map((x) => x.toFixed(1)).join(' ');
const rows: Array<[string, number, string]> = [];
const mem = (): string => {
  const m = process.memoryUsage();
  return `${Math.round(m.rss / 2 ** 20)} MB RSS, ${Math.round(m.arrayBuffers / 2 ** 20)} MB arrays`;
};
let t = performance.now();
const lap = (what: string): void => {
  const now = performance.now();
  rows.push([what, (now - t) / 1000, mem()]);
  t = now;
};
try {
  await writeLargeCsv(file);
  t = performance.now();
  async function* chunks(): AsyncGenerator<string> {
    const d = new StringDecoder('utf8');
    for await (const c of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) yield d.write(c);
  }
  await profileCsvChunks(chunks());
  lap('streamed profile (upload)');
  const text = readFileSync(file, 'utf8');
  lap('read the file');
  const frame = parseCsv(text);
  lap('parseCsv into typed columns');
  const setup = { task: 'classification' as const, target: 'target', setup: {} };
  await runPlan(frame, { ...setup, plan: 'setup', params: {} }, { emit() {} });
  lap('setup alone (issue 10: ≤ 10 s)');
  let last = performance.now();
  const emit = (e: EngineEvent): void => {
    if (e.kind === 'model.created' || e.kind === 'model.compare.finished' || e.kind === 'model.holdout.scored' || e.kind === 'analysis.finished') {
      const now = performance.now();
      const id = (e.payload?.['modelId'] as string | undefined) ?? '';
      rows.push([`  ${e.kind}${id ? ` ${id}` : ''}`, (now - last) / 1000, mem()]);
      last = now;
    }
  };
  await runPlan(frame, { ...setup, plan: 'compare', params: { include: ['lightgbm', 'lr', 'dt'], fold: FOLD }, threads: THREADS }, { emit });
  lap(`compare lightgbm, lr, dt (${FOLD} folds, ${THREADS} threads)`);
} finally {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
console.log(`\n1,000,000 rows × 5 columns in process; load average ${load} at start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`);
console.log('| step | seconds | memory after |');
console.log('|---|---|---|');
for (const [what, s, m] of rows) console.log(`| ${what} | ${s.toFixed(2)} | ${m} |`);
