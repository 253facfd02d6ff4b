// Rebuilds web/dist when a web source file is newer than the last build (a build takes a few seconds), so a
// fresh clone or an edited web/ never serves a stale app. `npm start` (scripts/start.mjs) and `npm install`
// (prepare) run it; the check itself is a walk of web/'s mtimes, vite runs only when there is something to build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return t;
}

/** Builds web/dist when it is missing or older than a web source file. Returns true when it built. */
export function buildWebIfStale() {
  if (!existsSync(join(root, 'node_modules', 'vite'))) {
    console.warn('web app: vite is not installed, serving the existing build (if any)');
    return false;
  }
  if (existsSync(built) && newest(web) <= statSync(built).mtimeMs) return false;
  console.log('web app: building web/dist …');
  // A child process: vite's module graph stays out of the server's heap.
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildWebIfStale();
