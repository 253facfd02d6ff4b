// Compiles the server (src/**/*.ts) to plain ESM JavaScript in dist/ with esbuild, file by file (no bundle:
// every module keeps its path, so dist/ mirrors src/ and the paths modules compute from import.meta.url —
// ../../data, ../../web/dist, the worker entries — still resolve). The .mjs worker entries are copied as
// they are. `npm start` (scripts/start.mjs) imports dist/server.js, which needs no tsx; `npm run dev` and the
// tests keep tsx. With --if-stale (ifStale) it builds only when dist/ is missing or a file under src/ (or this
// script) is newer than the last build, which `npm install` (prepare) and `npm start` both run.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

/** The output folder: CARETQL_DIST_DIR or dist/. */
export function serverOutDir() {
  return process.env.CARETQL_DIST_DIR ?? join(root, 'dist');
}

function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full));
    else out.push(full);
  }
  return out;
}

/**
 * Builds dist/ (or only when stale, with ifStale). Resolves true when it built, false when dist/ was up to date.
 * Throws when esbuild is missing.
 */
export async function buildServer({ ifStale = false } = {}) {
  const outDir = serverOutDir();
  const stamp = join(outDir, '.built');
  const sources = files(src);
  if (ifStale && existsSync(stamp)) {
    const builtAt = statSync(stamp).mtimeMs;
    const newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...sources.map((f) => statSync(f).mtimeMs));
    if (newest <= builtAt) return false;
  }

  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('server: esbuild is not installed (run npm install); cannot build dist/');
  }
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  try {
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
  } finally {
    // esbuild's service is a child process kept alive for the next call; npm start serves in this process.
    await esbuild.stop();
  }
  for (const file of sources.filter((f) => f.endsWith('.mjs'))) {
    const to = join(outDir, relative(src, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.log(`server: built ${relative(root, outDir) || outDir}/ in ${Math.round(performance.now() - started)} ms`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildServer({ ifStale: process.argv.includes('--if-stale') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
