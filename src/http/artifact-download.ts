// GET /artifacts/<id>: the bytes of a run artifact for the web app, the CLI and scripts. The bearer token
// and the access rule are the `run` query's (another user's artifact is 404, never visible); the stored
// SHA-256 gives the ETag and Content-Digest, and the bytes are re-hashed before sending, so a file that
// changed on disk is refused instead of served.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { GraphQLError } from 'graphql';
import { createContext } from '../context.js';
import { Artifact } from '../entities/index.js';
import { loadRunForViewer } from '../resolvers/runs.js';
import type { Services } from '../services.js';

const ROUTE = /^\/artifacts\/([A-Za-z0-9-]{1,64})\/?(?:\?.*)?$/;

export function isArtifactRequest(req: IncomingMessage): boolean {
  return ROUTE.test(req.url ?? '');
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: { code, message } }));
}

export async function serveArtifact(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET');
  const id = ROUTE.exec(req.url ?? '')?.[1] ?? '';
  const ctx = await createContext(services, req.headers.authorization ?? null);
  if (!ctx.viewer) return sendError(res, 401, 'UNAUTHENTICATED', ctx.authError ?? 'Authentication required');
  const artifact = await ctx.em.findOne(Artifact, { id });
  if (!artifact) return sendError(res, 404, 'NOT_FOUND', 'Artifact not found');
  try {
    await loadRunForViewer(ctx, artifact.run.id);
  } catch (error) {
    const code = error instanceof GraphQLError ? String(error.extensions.code ?? '') : '';
    if (code === 'NOT_FOUND' || code === 'FORBIDDEN') return sendError(res, 404, 'NOT_FOUND', 'Artifact not found');
    throw error;
  }
  const etag = `"${artifact.sha256}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag });
    res.end();
    return;
  }
  const root = resolve(services.config.artifactDir);
  const full = resolve(root, artifact.path);
  if (!full.startsWith(root + sep)) return sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Artifact path is invalid');
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    return sendError(res, 410, 'GONE', 'Artifact file is missing');
  }
  const digest = createHash('sha256').update(bytes).digest();
  if (digest.toString('hex') !== artifact.sha256 || bytes.byteLength !== artifact.sizeBytes) {
    return sendError(res, 500, 'INTEGRITY', 'Artifact file does not match its recorded SHA-256');
  }
  const fileName = artifact.path.split('/').pop() ?? `${artifact.id}.json`;
  res.writeHead(200, {
    'content-type': fileName.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    'content-length': String(bytes.byteLength),
    'content-disposition': `attachment; filename="${artifact.run.id}-${fileName}"`,
    etag,
    'content-digest': `sha-256=:${digest.toString('base64')}:`,
    'cache-control': 'private, no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
