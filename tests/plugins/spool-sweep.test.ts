// Upload spool files (ARTIFACT_DIR/uploads/<uuid>.part) that a crash mid-upload left behind are removed when the
// server starts: the ones last written before this process started and longer ago than a request may last (Node's
// requestTimeout), never a newer one (an upload in flight here or in another process sharing the folder) nor
// another kind of file. The sweep runs after the server listens and does not hold up readiness.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepStaleSpoolFiles, uploadSpoolDir } from '../../src/plugins/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const dirs: string[] = [];
let app: TestApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'caretql-sweep-'));
  dirs.push(d);
  return d;
}

/**
 * A spool folder with a .part file untouched for 10 minutes, a fresh one, one another process wrote a minute
 * before this one started (its upload may still be going), and old files of other kinds.
 */
function seed(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const old = (Date.now() - 600_000) / 1000;
  const beforeBoot = (performance.timeOrigin - 60_000) / 1000;
  writeFileSync(join(dir, 'crashed.part'), 'half an upload');
  utimesSync(join(dir, 'crashed.part'), old, old);
  writeFileSync(join(dir, 'in-flight.part'), 'being written');
  writeFileSync(join(dir, 'other-process.part'), 'being written by another server');
  utimesSync(join(dir, 'other-process.part'), beforeBoot, beforeBoot);
  writeFileSync(join(dir, 'notes.txt'), 'not a spool file');
  utimesSync(join(dir, 'notes.txt'), old, old);
  mkdirSync(join(dir, 'folder.part'));
  utimesSync(join(dir, 'folder.part'), old, old);
}

describe('sweepStaleSpoolFiles', () => {
  it('removes only *.part files last written before the cut-off', async () => {
    const dir = join(tempDir(), 'uploads');
    seed(dir);
    expect(await sweepStaleSpoolFiles(dir, performance.timeOrigin)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['folder.part', 'in-flight.part', 'notes.txt']);
  });

  it('counts nothing in a folder that does not exist yet', async () => {
    expect(await sweepStaleSpoolFiles(join(tempDir(), 'never-created'), Date.now())).toBe(0);
  });

  it('fails (for the caller to log) when the folder cannot be read', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    await expect(sweepStaleSpoolFiles(file, Date.now())).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('server start', () => {
  it('sweeps the stale spool files of the artifact directory once it listens', async () => {
    const artifacts = tempDir();
    const spool = uploadSpoolDir(artifacts);
    seed(spool);
    app = await startTestApp({ env: { ARTIFACT_DIR: artifacts } });
    expect(app.services.runs.artifactDir).toBe(artifacts);
    expect(await app.app.spoolSweep()).toBe(1);
    expect(readdirSync(spool).sort()).toEqual(['folder.part', 'in-flight.part', 'notes.txt', 'other-process.part']);
    expect((await fetch(app.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });

  it('still serves when the spool folder cannot be read (the failure is logged)', async () => {
    const artifacts = tempDir();
    writeFileSync(uploadSpoolDir(artifacts), 'a file where the folder should be');
    app = await startTestApp({ env: { ARTIFACT_DIR: artifacts } });
    expect(await app.app.spoolSweep()).toBe(0);
    expect((await fetch(app.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
