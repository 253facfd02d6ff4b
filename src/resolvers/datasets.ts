// Uploaded datasets: the CSV is written to disk under ARTIFACT_DIR (temp file + rename), then parsed,
// profiled and hashed in a worker thread; the row stores the profile and the SHA-256 of the file bytes.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context.js';
import { Dataset } from '../entities/index.js';
import { resolveArtifactPath } from '../jobs/storage/artifacts.js';
import { WorkerTaskError } from '../jobs/threads/worker-task.js';
import { badInput, notFound } from '../errors.js';
import { requireViewer, requireWorkspaceRole, WRITE_ROLE } from './access.js';
import { requireId, requireName } from './input.js';

/** What a GraphQL multipart request delivers for a File variable (a web File). */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
}

function asUpload(value: unknown): UploadedFile {
  const f = value as Partial<UploadedFile> | null;
  if (!f || typeof f !== 'object' || typeof f.stream !== 'function' || typeof f.size !== 'number') {
    return badInput('file must be sent as a file in a GraphQL multipart request', 'file');
  }
  return f as UploadedFile;
}

class UploadTooLarge extends Error {}

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

async function streamToDisk(file: UploadedFile, full: string, limit: number): Promise<number> {
  await mkdir(dirname(full), { recursive: true });
  const temp = `${full}.${randomUUID()}.tmp`;
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.byteLength;
      done(written > limit ? new UploadTooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(chunksOf(file)), counter, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, full);
    return written;
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof UploadTooLarge) return badInput(`file is larger than the upload limit of ${limit} bytes`, 'file');
    throw error;
  }
}

export async function uploadDataset(ctx: Context, args: { workspaceId: string; name: string; file: unknown }): Promise<Dataset> {
  const viewer = requireViewer(ctx);
  const name = requireName(args.name);
  const file = asUpload(args.file);
  const workspaceId = requireId(args.workspaceId, 'workspaceId');
  await requireWorkspaceRole(ctx, workspaceId, WRITE_ROLE);
  const runs = ctx.services.runs;
  if (file.size > runs.maxUploadBytes) return badInput(`file is larger than the upload limit of ${runs.maxUploadBytes} bytes`, 'file');
  if (file.size === 0) return badInput('file is empty', 'file');

  const id = randomUUID();
  const storagePath = `datasets/${workspaceId}/${id}.csv`;
  const full = resolveArtifactPath(runs.artifactDir, storagePath);
  const sizeBytes = await streamToDisk(file, full, runs.maxUploadBytes);
  let outcome;
  try {
    outcome = await runs.profileSource({ kind: 'csv', file: full }, true);
  } catch (error) {
    await rm(full, { force: true });
    if (error instanceof WorkerTaskError && error.info.name === 'EngineInputError') {
      return badInput(`the file is not a usable CSV: ${error.info.message}`, 'file');
    }
    throw error;
  }
  const dataset = ctx.em.create(Dataset, {
    id,
    workspace: workspaceId,
    name,
    fileName: (file.name || 'upload.csv').slice(0, 255),
    columns: outcome.profile.columns,
    rowCount: outcome.profile.rows,
    sha256: outcome.file?.sha256 ?? outcome.profile.sha256,
    sizeBytes,
    storagePath,
    createdBy: viewer.userId,
  });
  try {
    await ctx.em.flush();
  } catch (error) {
    await rm(full, { force: true });
    throw error;
  }
  return dataset;
}

/** Newest first. */
export async function listDatasets(ctx: Context, workspaceId: string): Promise<Dataset[]> {
  const id = requireId(workspaceId, 'workspaceId');
  await requireWorkspaceRole(ctx, id, 'viewer');
  return ctx.em.find(Dataset, { workspace: id }, { orderBy: { createdAt: 'desc', id: 'desc' } });
}

export async function getDataset(ctx: Context, id: string): Promise<Dataset> {
  requireViewer(ctx);
  const dataset = await ctx.em.findOne(Dataset, { id: requireId(id) });
  if (!dataset) return notFound('Dataset');
  await requireWorkspaceRole(ctx, dataset.workspace.id, 'viewer', 'Dataset');
  return dataset;
}
