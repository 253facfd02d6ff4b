// Uploaded dataset files under ${ARTIFACT_DIR}/datasets/<workspaceId>/<id>.csv: streamed to a temp file with
// a byte limit, then renamed into place, so a file at its final path is always complete. A file the multipart
// parser already spooled to disk is renamed into place directly.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveArtifactPath } from './artifacts.js';

/** What a GraphQL multipart request delivers for a File variable (a web File). */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  /** Set when the multipart parser already spooled the file to disk (plugins/multipart-spool.ts): it is moved, not copied. */
  readonly path?: string;
  stream(): ReadableStream<Uint8Array>;
}

export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  constructor(readonly limit: number) {
    super(`file is larger than the upload limit of ${limit} bytes`);
  }
}

/** The file's chunks through the standard reader API (the fetch layer's ReadableStream is a ponyfill). */
async function* chunksOf(file: UploadedFile): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export interface StoredUpload {
  /** Relative to ARTIFACT_DIR (Dataset.storagePath). */
  storagePath: string;
  fullPath: string;
  sizeBytes: number;
}

/** Writes the upload as dataset `id` of the workspace; throws UploadTooLargeError past `limit` bytes (nothing kept). */
export async function storeUpload(artifactDir: string, workspaceId: string, id: string, file: UploadedFile, limit: number): Promise<StoredUpload> {
  const storagePath = `datasets/${workspaceId}/${id}.csv`;
  const fullPath = resolveArtifactPath(artifactDir, storagePath);
  await mkdir(dirname(fullPath), { recursive: true });
  if (typeof file.path === 'string') {
    // Its size was counted while it was written; checked again so that a caller's own handle cannot bypass the limit.
    const { size } = await stat(file.path);
    if (size > limit) throw new UploadTooLargeError(limit);
    await rename(file.path, fullPath);
    return { storagePath, fullPath, sizeBytes: size };
  }
  const temp = `${fullPath}.${randomUUID()}.tmp`;
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.byteLength;
      done(written > limit ? new UploadTooLargeError(limit) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(chunksOf(file)), counter, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, fullPath);
    return { storagePath, fullPath, sizeBytes: written };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
