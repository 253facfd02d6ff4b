import { readFileSync, existsSync, createWriteStream } from 'node:fs';
import { parseCsv, profileFrame, runPlan } from '../src/engine/index.js';
const file = '/tmp/ld/large.csv';
async function writeLargeCsv(file: string, rows = 1_000_000): Promise<void> {
  let state = 20261203;
  const next = (): number => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 2 ** 32; };
  const out = createWriteStream(file);
  const write = (s: string): Promise<void> => new Promise((r) => (out.write(s) ? r() : out.once('drain', () => r())));
  await write('date,carrier,origin,distance,target\n');
  const day0 = Date.UTC(2024, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const day = Math.floor(next() * 730);
    const date = new Date(day0 + day * 86_400_000).toISOString().slice(0, 10);
    const carrier = Math.floor(next() * 300); const origin = Math.floor(next() * 300); const distance = Math.round(100 + next() * 2900);
    const z = -1 + ((carrier % 7) - 3) * 0.25 + ((origin % 11) - 5) * 0.1 + distance / 3000 + (day % 7 === 4 ? 0.5 : 0);
    const delayed = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    chunk += `${date},C${carrier},O${origin},${distance},${delayed}\n`;
    if (chunk.length > 1 << 16) { await write(chunk); chunk = ''; }
  }
  await write(chunk); await new Promise<void>((r) => out.end(r));
}
if (!existsSync(file)) await writeLargeCsv(file);
const mem = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB rss, ${(process.memoryUsage().arrayBuffers / 2 ** 20).toFixed(0)} MB ab`;
let t = performance.now();
const lap = (what: string) => { const n = performance.now(); console.log(`${what}: ${((n - t) / 1000).toFixed(2)} s  (${mem()})`); t = n; };
const text = readFileSync(file, 'utf8'); lap('read');
const frame = parseCsv(text); lap('parseCsv');
profileFrame(frame); lap('profileFrame');
const plan = process.argv[2] ?? 'setup';
const t0 = performance.now();
await runPlan(frame, { task: 'classification', target: 'target', setup: {} as never, plan: plan as never, ...(plan === 'create' ? { modelId: process.argv[4] } : {}), params: plan === 'compare' ? { include: ['lightgbm', 'lr', 'dt'] } : plan === 'create' ? { fold: 2, analysis: false } : {}, threads: Number(process.argv[3] ?? 1) }, { emit(e) { console.log(`  ${((performance.now() - t0) / 1000).toFixed(2)} s ${e.kind} ${e.kind === 'model.created' || e.kind === 'model.fold.scored' ? JSON.stringify(e.payload).slice(0, 100) : ''} (${mem()})`); } });
lap(plan);
