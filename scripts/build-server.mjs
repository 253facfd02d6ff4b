// Compiles the server (src/**/*.ts) to plain ESM JavaScript in dist/ with esbuild, file by file (no bundle:
// every module keeps its path, so dist/ mirrors src/ and the paths modules compute from import.meta.url —
// ../../data, ../../web/dist, the worker entries — still resolve). The .mjs worker entries are copied as
// they are. `npm start` runs `node dist/server.js`, which needs no tsx; `npm run dev` and the tests keep tsx.
// With --if-stale it builds only when dist/ is missing or a file under src/ (or this script) is newer
// than the last build, which `npm install` (prepare) and `npm start` both run.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const outDir = process.env.CARETQL_DIST_DIR ?? join(root, 'dist');
const stamp = join(outDir, '.built');

function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full));
    else out.push(full);
  }
  return out;
}

const sources = files(src);
const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(stamp)) {
  const builtAt = statSync(stamp).mtimeMs;
  const newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...sources.map((f) => statSync(f).mtimeMs));
  if (newest <= builtAt) process.exit(0);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('server: esbuild is not installed (run npm install); cannot build dist/');
  process.exit(1);
}
const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  outbase: src,
  outdir: outDir,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const file of sources.filter((f) => f.endsWith('.mjs'))) {
  const to = join(outDir, relative(src, file));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(file, to);
}
writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.log(`server: built ${relative(root, outDir) || outDir}/ in ${Math.round(performance.now() - started)} ms`);
