// Serves the built web app (web/dist) at /: files by path, index.html for any other GET that
// accepts HTML (client-side routes), long caching for Vite's content-hashed assets only.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIST_DIR = resolve(fileURLToPath(new URL('../../web/dist', import.meta.url)));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function fileAt(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = resolve(root, '.' + normalize('/' + decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

/** True when it answered (a file or the SPA's index.html); false lets the caller answer 404 / GraphQL. */
export function serveWebApp(req: IncomingMessage, res: ServerResponse, root: string = WEB_DIST_DIR): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  let file = urlPath === '/' ? null : fileAt(root, urlPath);
  const hashedAsset = file !== null && urlPath.startsWith('/assets/');
  if (!file) {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (urlPath !== '/' && (!wantsHtml || urlPath.startsWith('/assets/'))) return false;
    file = fileAt(root, '/index.html');
    if (!file) {
      if (urlPath !== '/') return false;
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built: run `npm run build:web` (GraphQL is at /graphql).\n');
      return true;
    }
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(statSync(file).size),
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

export function webRequestHandled(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/graphql' || path.startsWith('/graphql/')) return false;
  return serveWebApp(req, res, join(WEB_DIST_DIR));
}
