// The seeded 1,000,000-row CSV of issue 8's large-data case (bench/runs.ts --large, bench/large-inprocess.ts):
// date (two years of days), carrier and origin (300 levels each), distance, target (delayed 0/1, a logistic
// function of all four). About 30 MB.
import { createWriteStream } from 'node:fs';

export async function writeLargeCsv(file: string, rows = 1_000_000): Promise<void> {
  let state = 20261203;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out = createWriteStream(file);
  const write = (s: string): Promise<void> => new Promise((r) => (out.write(s) ? r() : out.once('drain', () => r())));
  await write('date,carrier,origin,distance,target\n');
  const day0 = Date.UTC(2024, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const day = Math.floor(next() * 730);
    const date = new Date(day0 + day * 86_400_000).toISOString().slice(0, 10);
    const carrier = Math.floor(next() * 300);
    const origin = Math.floor(next() * 300);
    const distance = Math.round(100 + next() * 2900);
    const z = -1 + ((carrier % 7) - 3) * 0.25 + ((origin % 11) - 5) * 0.1 + distance / 3000 + (day % 7 === 4 ? 0.5 : 0);
    const delayed = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    chunk += `${date},C${carrier},O${origin},${distance},${delayed}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(r));
}
