// Uploaded datasets: the CSV is written to disk under ARTIFACT_DIR (temp file + rename), then parsed,
// profiled and hashed in a worker thread; the row stores the profile and the SHA-256 of the file bytes.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Context } from '../context.js';
import { Dataset } from '../entities/index.js';
import { badInput, notFound } from '../errors.js';
import { storeUpload, UploadTooLargeError, WorkerTaskError, type UploadedFile } from '../jobs/index.js';
import { requireViewer, requireWorkspaceRole, WRITE_ROLE } from './access.js';
import { requireId, requireName } from './input.js';

function asUpload(value: unknown): UploadedFile {
  const f = value as Partial<UploadedFile> | null;
  if (!f || typeof f !== 'object' || typeof f.stream !== 'function' || typeof f.size !== 'number') {
    return badInput('file must be sent as a file in a GraphQL multipart request', 'file');
  }
  return f as UploadedFile;
}

export async function uploadDataset(ctx: Context, args: { workspaceId: string; name: string; file: unknown }): Promise<Dataset> {
  const viewer = requireViewer(ctx);
  const name = requireName(args.name);
  const file = asUpload(args.file);
  const workspaceId = requireId(args.workspaceId, 'workspaceId');
  await requireWorkspaceRole(ctx, workspaceId, WRITE_ROLE);
  await ctx.services.rateLimits.consume('uploadPerUser', viewer.userId);
  const runs = ctx.services.runs;
  if (file.size > runs.maxUploadBytes) return badInput(`file is larger than the upload limit of ${runs.maxUploadBytes} bytes`, 'file');
  if (file.size === 0) return badInput('file is empty', 'file');

  const id = randomUUID();
  let stored;
  try {
    stored = await storeUpload(runs.artifactDir, workspaceId, id, file, runs.maxUploadBytes);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return badInput(error.message, 'file');
    throw error;
  }
  const { storagePath, fullPath: full, sizeBytes } = stored;
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
  const badName = outcome.profile.columns.find((c) => c.name.includes('\u0000'));
  if (badName) {
    await rm(full, { force: true });
    return badInput('a column name of the file contains a NUL character', 'file');
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

/**
 * Deletes the dataset row, then its CSV file. Runs keep working: each froze the data it used (its snapshot
 * holds the dataset content hash, and its artifacts were written in the run).
 */
export async function deleteDataset(ctx: Context, id: string): Promise<string> {
  requireViewer(ctx);
  const dataset = await ctx.em.findOne(Dataset, { id: requireId(id) });
  if (!dataset) return notFound('Dataset');
  await requireWorkspaceRole(ctx, dataset.workspace.id, WRITE_ROLE, 'Dataset');
  const storagePath = dataset.storagePath;
  await ctx.em.nativeDelete(Dataset, { id: dataset.id });
  ctx.em.clear();
  await ctx.services.runs.removeDeletedFiles([], [storagePath]);
  return dataset.id;
}
