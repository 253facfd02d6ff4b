// Run artifacts on disk: `${ARTIFACT_DIR}/runs/<runId>/<name>`, written to a temp file then renamed
// (readers never see half a file), with SHA-256 and size recorded on the Artifact row; loading
// re-hashes the bytes and refuses a file that no longer matches. Pure node:fs, so worker threads use it.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { ArtifactInput } from '../types.js';
import { BinaryFormatError, decodeBinaryJson, encodeBinaryJson, isBinaryJson } from './binary-json.js';

export class ArtifactIntegrityError extends Error {
  override readonly name = 'ArtifactIntegrityError';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function runArtifactPath(runId: string, fileName: string): string {
  return ['runs', runId, fileName].join('/');
}

/** The folder of a run's artifacts, relative to the artifact directory. */
export function runArtifactDir(runId: string): string {
  return ['runs', runId].join('/');
}

/** Absolute path of a stored relative path; refuses anything that escapes the artifact directory. */
export function resolveArtifactPath(artifactDir: string, relPath: string): string {
  const root = resolve(artifactDir);
  const full = resolve(root, relPath);
  if (full !== root && !full.startsWith(root + sep)) {
    throw new ArtifactIntegrityError(`artifact path ${JSON.stringify(relPath)} is outside the artifact directory`);
  }
  return full;
}

/** Writes bytes atomically (temp file in the same directory, fsync, rename). */
export async function writeFileAtomic(fullPath: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(fullPath), { recursive: true });
  const temp = `${fullPath}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, fullPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Stores a JSON artifact of a run and returns what the Artifact row records. */
export async function writeJsonArtifact(
  artifactDir: string,
  runId: string,
  fileName: string,
  kind: string,
  value: unknown,
): Promise<ArtifactInput> {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  const path = runArtifactPath(runId, fileName);
  await writeFileAtomic(resolveArtifactPath(artifactDir, path), bytes);
  return { kind, path, sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength };
}

/**
 * Stores a value (a fitted pipeline) in the binary format of binary-json.ts: the same value as JSON would
 * give back, a fraction of the bytes (a 100-tree forest's arrays are binary sections, not base64 text).
 */
export async function writeBinaryArtifact(
  artifactDir: string,
  runId: string,
  fileName: string,
  kind: string,
  value: unknown,
  marks?: { artifactEncoded?: number },
): Promise<ArtifactInput> {
  const bytes = encodeBinaryJson(value);
  if (marks) marks.artifactEncoded = performance.timeOrigin + performance.now();
  const path = runArtifactPath(runId, fileName);
  await writeFileAtomic(resolveArtifactPath(artifactDir, path), bytes);
  return { kind, path, sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength };
}

/**
 * Reads an artifact, checks size and SHA-256 against its row, and decodes it: the binary format, or JSON
 * (artifacts written before the binary format, and the other JSON artifacts).
 */
export async function readJsonArtifact(
  artifactDir: string,
  artifact: Pick<ArtifactInput, 'path' | 'sha256' | 'sizeBytes'>,
): Promise<unknown> {
  const full = resolveArtifactPath(artifactDir, artifact.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArtifactIntegrityError(
      `artifact ${artifact.path} cannot be read (${code ?? String(error)}); it was moved or deleted`,
    );
  }
  const actual = sha256Hex(bytes);
  if (bytes.byteLength !== artifact.sizeBytes || actual !== artifact.sha256) {
    throw new ArtifactIntegrityError(
      `artifact ${artifact.path} does not match its recorded SHA-256 (expected ${artifact.sha256}, ` +
        `found ${actual}, ${bytes.byteLength} of ${artifact.sizeBytes} bytes); refusing to load a modified file`,
    );
  }
  if (isBinaryJson(bytes)) {
    try {
      return decodeBinaryJson(bytes);
    } catch (error) {
      if (error instanceof BinaryFormatError) throw new ArtifactIntegrityError(`artifact ${artifact.path}: ${error.message}`);
      throw error;
    }
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ArtifactIntegrityError(`artifact ${artifact.path} is not valid JSON`);
  }
}

/**
 * Removes files or directories (relative to the artifact directory) recursively; a missing one is fine.
 * Never throws: each failure is handed to onError, so a delete that already committed is not failed by it.
 */
export async function removeArtifactPaths(
  artifactDir: string,
  relPaths: readonly string[],
  onError: (relPath: string, error: unknown) => void,
): Promise<void> {
  for (const relPath of relPaths) {
    try {
      const full = resolveArtifactPath(artifactDir, relPath);
      if (full === resolve(artifactDir)) throw new ArtifactIntegrityError('refusing to remove the artifact directory itself');
      await rm(full, { recursive: true, force: true });
    } catch (error) {
      onError(relPath, error);
    }
  }
}

/** The stored path relative to the artifact directory (for rows written from absolute paths). */
export function relativeArtifactPath(artifactDir: string, fullPath: string): string {
  return relative(resolve(artifactDir), fullPath).split(sep).join('/');
}
