// Deleting a workspace, project or experiment also removes, once the delete committed, the artifact folders
// of its runs (${ARTIFACT_DIR}/runs/<runId>/) and, for a workspace, its uploaded dataset files.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddMemberDocument,
  DatasetsDocument,
  DeleteDatasetDocument,
  DeleteExperimentDocument,
  DeleteProjectDocument,
  DeleteWorkspaceDocument,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { runTopic } from '../../src/jobs/events/event-sink.js';
import { removeArtifactPaths } from '../../src/jobs/storage/artifacts.js';
import { fakeEngineUrl } from '../helpers/fake-engine.js';
import { newExperiment, newOwner, submit, waitFor, type Owner } from '../helpers/runs.js';
import { uploadCsv } from '../helpers/uploads.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const runDir = (runId: string): string => join(t.services.runs.artifactDir, 'runs', runId);

async function trainedRun(owner: Owner, experimentId: string): Promise<string> {
  const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'nb', data: { builtin: 'IRIS' } });
  const run = await waitFor(t, owner.user.token, queued.id);
  expect(run.status, run.error ?? '').toBe('SUCCEEDED');
  expect(existsSync(runDir(run.id))).toBe(true);
  return run.id;
}


describe('deleting removes artifact files', () => {
  it('deleteExperiment removes its runs’ folders and leaves other experiments’ alone', async () => {
    const owner = await newOwner(t);
    const doomed = await newExperiment(t, owner);
    const kept = await newExperiment(t, owner);
    const gone = await trainedRun(owner, doomed);
    const stays = await trainedRun(owner, kept);
    const r = await t.gql(DeleteExperimentDocument, { id: doomed }, owner.user.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.deleteExperiment).toBe(doomed);
    expect(existsSync(runDir(gone))).toBe(false);
    expect(existsSync(runDir(stays))).toBe(true);
  });

  it('still succeeds when a run folder is already missing (deleteProject)', async () => {
    const owner = await newOwner(t);
    const experimentId = await newExperiment(t, owner);
    const runId = await trainedRun(owner, experimentId);
    await rm(runDir(runId), { recursive: true, force: true });
    const r = await t.gql(DeleteProjectDocument, { id: owner.projectId }, owner.user.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.deleteProject).toBe(owner.projectId);
  });

  it('deleteWorkspace removes its runs’ folders and its uploaded datasets', async () => {
    const owner = await newOwner(t);
    const experimentId = await newExperiment(t, owner);
    const runId = await trainedRun(owner, experimentId);
    const datasetId = await uploadCsv(t, owner.user.token, owner.workspaceId, 'x,target\n1,a\n2,b\n3,a\n4,b\n');
    const datasetFile = join(t.services.runs.artifactDir, 'datasets', owner.workspaceId, `${datasetId}.csv`);
    expect(existsSync(datasetFile)).toBe(true);
    const r = await t.gql(DeleteWorkspaceDocument, { id: owner.workspaceId }, owner.user.token);
    expect(r.errors).toBeUndefined();
    expect(existsSync(runDir(runId))).toBe(false);
    expect(existsSync(join(t.services.runs.artifactDir, 'datasets', owner.workspaceId))).toBe(false);
  });

  it('deleteDataset removes the row and its file for a member; non-members get NOT_FOUND, viewers FORBIDDEN, a blank id BAD_USER_INPUT', async () => {
    const owner = await newOwner(t);
    const kept = await uploadCsv(t, owner.user.token, owner.workspaceId, 'x,target\n1,a\n2,b\n3,a\n4,b\n');
    const doomed = await uploadCsv(t, owner.user.token, owner.workspaceId, 'x,target\n5,a\n6,b\n7,a\n8,b\n');
    const fileOf = (id: string): string => join(t.services.runs.artifactDir, 'datasets', owner.workspaceId, `${id}.csv`);
    const stranger = await t.signUpUser();
    const viewer = await t.signUpUser();
    const editor = await t.signUpUser();
    for (const [user, role] of [[viewer, 'VIEWER'], [editor, 'MEMBER']] as const) {
      const added = await t.gql(AddMemberDocument, { input: { workspaceId: owner.workspaceId, email: user.email, role } }, owner.user.token);
      expect(added.errors).toBeUndefined();
    }

    expect(errorCode(await t.gql(DeleteDatasetDocument, { id: doomed }, stranger.token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(DeleteDatasetDocument, { id: doomed }, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(DeleteDatasetDocument, { id: doomed }, null))).toBe('UNAUTHENTICATED');
    const blank = await t.gql(DeleteDatasetDocument, { id: ' ' }, editor.token);
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(existsSync(fileOf(doomed))).toBe(true);

    const r = await t.gql(DeleteDatasetDocument, { id: doomed }, editor.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.deleteDataset).toBe(doomed);
    expect(existsSync(fileOf(doomed))).toBe(false);
    expect(existsSync(fileOf(kept))).toBe(true);
    const list = await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, owner.user.token);
    expect(list.data!.datasets.map((d) => d.id)).toEqual([kept]);
    expect(errorCode(await t.gql(DeleteDatasetDocument, { id: doomed }, editor.token))).toBe('NOT_FOUND');
  });

  it('stops a run still training here before removing its folder', async () => {
    // A server whose run workers follow a script that trains "forever" (tests/helpers/fake-engine.ts).
    const t = await startTestApp({ planEngine: fakeEngineUrl({ events: 1_000_000, spinMs: 1 }) });
    const runDir = (runId: string): string => join(t.services.runs.artifactDir, 'runs', runId);
    try {
      const owner = await newOwner(t);
      const experimentId = await newExperiment(t, owner);
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' } });
      const training = new Promise<void>((resolve) => {
        void t.services.pubsub.subscribe(runTopic(queued.id), (message: unknown) => {
          if (Array.isArray(message) && message.some((e: { kind?: string }) => e.kind === 'model.fold.scored')) resolve();
        }, {});
      });
      await training;
      await mkdir(runDir(queued.id), { recursive: true });
      await writeFile(join(runDir(queued.id), 'partial.json'), '{}');
      const r = await t.gql(DeleteExperimentDocument, { id: experimentId }, owner.user.token);
      expect(r.errors).toBeUndefined();
      expect(t.services.runs.queue.has(queued.id)).toBe(false);
      expect(existsSync(runDir(queued.id))).toBe(false);
    } finally {
      await t.stop();
    }
  });
});

describe('removeArtifactPaths', () => {
  it('ignores missing paths and reports (never throws) paths outside the artifact directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caretql-rm-'));
    try {
      await mkdir(join(dir, 'runs', 'a'), { recursive: true });
      const errors: string[] = [];
      await removeArtifactPaths(dir, ['runs/a', 'runs/missing', '../escape', '.'], (path) => errors.push(path));
      expect(existsSync(join(dir, 'runs', 'a'))).toBe(false);
      expect(errors).toEqual(['../escape', '.']);
      expect(existsSync(dir)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
