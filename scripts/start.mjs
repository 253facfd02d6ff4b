// `npm start`: checks that web/dist and dist/ are up to date (building what is missing or stale, as on a fresh
// clone) and then runs the compiled server in this same process — one node start-up instead of three
// (it used to be `node build-web-if-stale.mjs && node build-server.mjs --if-stale && node dist/server.js`).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, serverOutDir } from './build-server.mjs';
import { buildWebIfStale } from './build-web-if-stale.mjs';

try {
  buildWebIfStale();
  await buildServer({ ifStale: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
await import(pathToFileURL(join(serverOutDir(), 'server.js')).href);
