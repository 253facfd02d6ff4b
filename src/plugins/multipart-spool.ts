// A GraphQL multipart request (graphql-multipart-request-spec) parsed as a stream: the `operations` and `map`
// fields are read into memory (small, bounded), each file part is written straight to a spool file on disk as
// it arrives, and the resolver gets a SpooledFile (name, size, path, stream()) in place of a web File.
// @whatwg-node's own request.formData() keeps every chunk of a file in an array until the part ends, so a
// 200 MB upload used to be 200 MB of the server's heap before any resolver ran.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { createGraphQLError } from 'graphql-yoga';

/** An uploaded file already on disk; storeUpload moves it into place instead of copying it. */
export class SpooledFile {
  constructor(
    readonly name: string,
    readonly type: string,
    readonly size: number,
    readonly path: string,
  ) {}

  stream(): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.path)) as ReadableStream<Uint8Array>;
  }
}

export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
}

export interface SpoolOptions {
  /** Largest accepted file in bytes. */
  fileLimit: number;
  /** Largest `operations` / `map` field in bytes. */
  fieldLimit: number;
  /** Folder of the spool files (same file system as the datasets, so the move is a rename). */
  dir: string;
  /** Every spool file created is reported here (also on failure), so the caller can remove leftovers. */
  onFile(path: string): void;
}

function badRequest(message: string): Error {
  return createGraphQLError(`POST body sent invalid multipart data: ${message}`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** The body's chunks through the reader API (the fetch layer's ReadableStream may be a ponyfill). */
async function* chunksOf(body: ReadableStream<Uint8Array>, stopped: () => unknown): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const why = stopped();
      if (why !== null) throw why;
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function setKeyPath(target: Record<string, unknown>, keyPath: string, value: unknown): void {
  const keys = keyPath.split('.');
  let current: Record<string, unknown> = target;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    if (i === keys.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (typeof next !== 'object' || next === null || !Object.hasOwn(current, key)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
}

function parseJsonField(name: string, value: string | undefined): unknown {
  if (value === undefined) throw badRequest(`the "${name}" field must come before the files`);
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(`the "${name}" field must be valid JSON`);
  }
}

/** Parses the request; returns the operations with each mapped file replaced by its SpooledFile. */
export async function parseMultipartToDisk(request: Request, options: SpoolOptions): Promise<unknown> {
  const body = request.body;
  const contentType = request.headers.get('content-type');
  if (!body || !contentType) throw badRequest('the request has no body');
  await mkdir(options.dir, { recursive: true });
  const fields = new Map<string, string>();
  const files = new Map<string, SpooledFile>();
  const writes: Promise<void>[] = [];
  const open = new Set<BusboyFileStream>();
  let failure: unknown = null;
  const fail = (error: unknown): void => {
    failure ??= error;
  };

  const bb = new Busboy({
    headers: { 'content-type': contentType },
    limits: { fileSize: options.fileLimit, files: 1, fields: 8, parts: 9, fieldSize: options.fieldLimit },
    defCharset: 'utf-8',
  });
  bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated) fail(badRequest(`the "${name}" field is larger than ${options.fieldLimit} bytes`));
    else fields.set(name, value);
  });
  bb.on('file', (fieldName, stream: BusboyFileStream, fileName, _encoding, mimeType) => {
    if (failure !== null) {
      stream.resume();
      return;
    }
    const path = join(options.dir, `${randomUUID()}.part`);
    options.onFile(path);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.byteLength;
        done(null, chunk);
      },
    });
    // Reading stops at the next chunk of the body (chunksOf sees the failure); busboy drops the rest of the part.
    stream.on('limit', () => fail(new FileTooLargeError(`file is larger than the upload limit of ${options.fileLimit} bytes`)));
    open.add(stream);
    writes.push(
      pipeline(stream, counter, createWriteStream(path, { flags: 'wx' })).finally(() => open.delete(stream)).then(
        () => {
          if (!stream.truncated) files.set(fieldName, new SpooledFile(fileName, mimeType, size, path));
        },
        (error: unknown) => fail(error),
      ),
    );
  });
  bb.on('filesLimit', () => fail(badRequest('only one file may be sent')));
  bb.on('partsLimit', () => fail(badRequest('too many parts')));
  bb.on('fieldsLimit', () => fail(badRequest('too many fields')));

  try {
    await pipeline(Readable.from(chunksOf(body, () => failure)), bb);
  } catch (error) {
    fail(error);
    // A part cut off by the failure never ends by itself.
    for (const stream of open) stream.destroy();
  }
  await Promise.all(writes);
  if (failure !== null) throw failure;

  const operations = parseJsonField('operations', fields.get('operations'));
  if (typeof operations !== 'object' || operations === null) throw badRequest('"operations" must be an object or an array');
  const mapRaw = fields.get('map');
  if (mapRaw === undefined) return operations;
  const map = parseJsonField('map', mapRaw);
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw badRequest('"map" must be an object');
  for (const [fileField, paths] of Object.entries(map as Record<string, unknown>)) {
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) throw badRequest('"map" values must be lists of paths');
    const file = files.get(fileField);
    for (const p of paths as string[]) setKeyPath(operations as Record<string, unknown>, p, file);
  }
  return operations;
}

/** Removes spool files left behind (the resolver moved the ones it kept). */
export async function removeSpoolFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}

/**
 * Removes `*.part` files in `dir` last written before `before` (ms since the epoch; the server passes its process
 * start): what a crash mid-upload left. A spool file of this process, or one still being written by another
 * process sharing the folder, is newer. Resolves with how many it removed; a missing folder is 0.
 */
export async function sweepStaleSpoolFiles(dir: string, before: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null); // gone meanwhile (another process swept it)
    if (!info?.isFile() || info.mtimeMs >= before) continue;
    await rm(path, { force: true });
    removed++;
  }
  return removed;
}
