// Cancel, restart recovery, predictions (round trip, finalize, tampered file), uploads, and isolation
// between workspaces.
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelRunDocument,
  DatasetsDocument,
  DeleteExperimentDocument,
  FinalizeRunDocument,
  PredictDocument,
  RunDocument,
  RunEventsDocument,
  RunWithEventsDocument,
  UploadDatasetDocument,
  WaitForRunDocument,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { createWsClient } from '../helpers/ws.js';
import { print } from 'graphql';
import { Experiment, Run, RunEvent } from '../../src/entities/index.js';
import { INTERRUPTED_MESSAGE } from '../../src/jobs/lifecycle/recovery.js';
import { newExperiment, newOwner, range, submit, subscribeSeq, waitFor, type Owner } from '../helpers/runs.js';

let t: TestApp;
let owner: Owner;
let experimentId: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await newOwner(t);
  experimentId = await newExperiment(t, owner);
});
afterAll(async () => {
  await t?.stop();
});

describe('cancel', () => {
  it('cancels a running compare within one fold: CANCELLED, partial leaderboard kept, stream closed', async () => {
    const exp = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    // Without lr (seconds on digits) the first model is done quickly and ~8 s of models remain when the cancel lands.
    const queued = await submit(t, owner.user.token, { experimentId: exp, plan: 'COMPARE', data: { builtin: 'DIGITS' }, params: { exclude: ['lr'] } });
    const client = createWsClient(t.wsUrl, owner.user.token);
    try {
      let cancelling: Promise<unknown> | null = null;
      let createdBeforeCancel = 0;
      const events = await subscribeSeq(client, queued.id, undefined, (e) => {
        if (e.kind === 'model.created') createdBeforeCancel++;
        // Cancel once the first model is on the leaderboard.
        if (e.kind === 'model.created' && !cancelling) cancelling = t.gql(CancelRunDocument, { id: queued.id }, owner.user.token);
      });
      const cancelled = (await cancelling) as unknown as { data: { cancelRun: { status: string } } };
      expect(cancelled.data.cancelRun.status).toBe('CANCELLED');
      expect(events.map((e) => e.seq)).toEqual(range(events.length));
      expect(events.slice(-2).map((e) => e.kind)).toEqual(['run.cancelled', 'run.closed']);
      const run = (await t.gql(RunDocument, { id: queued.id }, owner.user.token)).data!.run!;
      expect(run.status).toBe('CANCELLED');
      expect(run.leaderboard!.rows.length).toBeGreaterThanOrEqual(1);
      expect(run.leaderboard!.rows.length).toBeLessThan(14);
      expect(createdBeforeCancel).toBeLessThan(14);
      expect(run.finishedAt).toBeTruthy();
    } finally {
      await client.dispose();
    }
  });

  it('cancels a queued run at once, and a terminal run is returned unchanged', async () => {
    // RUN_CONCURRENCY is 2: two long runs occupy the slots, the third waits.
    const exp = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const busy = await Promise.all(
      [0, 1].map(() => submit(t, owner.user.token, { experimentId: exp, plan: 'COMPARE', data: { builtin: 'DIGITS' }, params: { exclude: ['lr'] } })),
    );
    const waiting = await submit(t, owner.user.token, { experimentId: exp, plan: 'SETUP', data: { builtin: 'IRIS' } });
    const r = await t.gql(CancelRunDocument, { id: waiting.id }, owner.user.token);
    expect(r.data!.cancelRun.status).toBe('CANCELLED');
    expect(r.data!.cancelRun.startedAt).toBeNull();
    const kinds = (await t.gql(RunEventsDocument, { runId: waiting.id }, owner.user.token)).data!.runEvents.map((e) => e.kind);
    expect(kinds).toEqual(['run.queued', 'run.cancelled', 'run.closed']);
    for (const b of busy) await t.gql(CancelRunDocument, { id: b.id }, owner.user.token);
    const again = await t.gql(CancelRunDocument, { id: waiting.id }, owner.user.token);
    expect(again.data!.cancelRun.status).toBe('CANCELLED');
  });
});

describe('deletion while running', () => {
  it('deleting the experiment of a running compare stops the training and ends its subscribers', async () => {
    const exp = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const queued = await submit(t, owner.user.token, { experimentId: exp, plan: 'COMPARE', data: { builtin: 'DIGITS' }, params: { exclude: ['lr'] } });
    const client = createWsClient(t.wsUrl, owner.user.token);
    try {
      let deleting: Promise<unknown> | null = null;
      const events = await subscribeSeq(client, queued.id, undefined, (e) => {
        if (e.kind === 'model.fold.scored' && !deleting) deleting = t.gql(DeleteExperimentDocument, { id: exp }, owner.user.token);
      });
      await deleting;
      expect(events.at(-1)!.kind).not.toBe('run.closed'); // the stream ended because the run is gone
      await t.services.runs.queue.whenDone(queued.id);
      expect(t.services.runs.queue.has(queued.id)).toBe(false);
      expect(errorCode(await t.gql(RunDocument, { id: queued.id }, owner.user.token))).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });
});

describe('predictions', () => {
  let runId = '';
  beforeAll(async () => {
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
    runId = (await waitFor(t, owner.user.token, queued.id)).id;
  });
  const rows = {
    'sepal length (cm)': [5.1, 5.7, 6.3],
    'sepal width (cm)': [3.5, 2.8, 3.3],
    'petal length (cm)': [1.4, 4.1, 6.0],
    'petal width (cm)': [0.2, 1.3, 2.5],
  };

  it('scores new rows with the stored pipeline (columns or records)', async () => {
    const r = await t.gql(PredictDocument, { runId, rows }, owner.user.token);
    expect(r.errors).toBeUndefined();
    const p = r.data!.predict;
    expect(p.modelId).toBe('lr');
    expect(p.predictions).toEqual([0, 1, 2]);
    expect(p.classes).toEqual([0, 1, 2]);
    expect(p.probabilities).toHaveLength(3);
    for (const row of p.probabilities!) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const records = [0, 1, 2].map((i) => Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v[i]])));
    const r2 = await t.gql(PredictDocument, { runId, rows: records }, owner.user.token);
    expect(r2.data!.predict.predictions).toEqual(p.predictions);
  });

  it('scores every call in one long-lived prediction thread (no thread per call)', async () => {
    await t.gql(PredictDocument, { runId, rows }, owner.user.token);
    const started = t.services.runs.predictor.threadsStarted;
    for (let i = 0; i < 5; i++) expect((await t.gql(PredictDocument, { runId, rows }, owner.user.token)).data!.predict.predictions).toEqual([0, 1, 2]);
    expect(started).toBe(1);
    expect(t.services.runs.predictor.threadsStarted).toBe(1);
  });

  it('refuses rows of the wrong shape with BAD_USER_INPUT', async () => {
    const r = await t.gql(PredictDocument, { runId, rows: { 'sepal length (cm)': [1, 2], 'sepal width (cm)': [1] } }, owner.user.token);
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    const r2 = await t.gql(PredictDocument, { runId, rows: 'nope' }, owner.user.token);
    expect(errorCode(r2)).toBe('BAD_USER_INPUT');
  });

  it('finalizeRun refits on all rows and predict can use the final pipeline', async () => {
    const f = await t.gql(FinalizeRunDocument, { runId }, owner.user.token);
    expect(f.errors).toBeUndefined();
    expect(f.data!.finalizeRun.artifacts.map((a) => a.kind)).toEqual(['pipeline', 'final_pipeline']);
    const r = await t.gql(PredictDocument, { runId, rows, final: true }, owner.user.token);
    expect(r.data!.predict.predictions).toEqual([0, 1, 2]);
    expect(r.data!.predict.artifactSha256).toBe(f.data!.finalizeRun.artifacts[1]!.sha256);
  });

  it('refuses a pipeline file that no longer matches its SHA-256', async () => {
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
    const run = await waitFor(t, owner.user.token, queued.id);
    // Loaded (and cached by the prediction thread) before the file is modified: the cache must not hide it.
    expect((await t.gql(PredictDocument, { runId: run.id, rows }, owner.user.token)).data!.predict.predictions).toEqual([0, 1, 2]);
    const file = join(t.config.artifactDir, 'runs', run.id, 'pipeline.bin');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"lr"', '"lr" '));
    const r = await t.gql(PredictDocument, { runId: run.id, rows }, owner.user.token);
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors![0]!.message).toMatch(/does not match its recorded SHA-256/);
  });
});

describe('uploaded datasets', () => {
  async function upload(token: string, workspaceId: string, csv: string, name = 'iris upload', url = t.url): Promise<{ status: number; body: { data?: { uploadDataset?: { id: string; rowCount: number; sha256: string } } | null; errors?: Array<{ extensions?: { code?: string; field?: string } }> } }> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: print(UploadDatasetDocument), variables: { workspaceId, name, file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([csv], { type: 'text/csv' }), 'data.csv');
    const res = await fetch(url, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as never };
  }

  it('uploads, profiles and hashes a CSV, lists it, and trains on it', async () => {
    const csv = await readFile(new URL('../../data/iris.csv', import.meta.url), 'utf8');
    const up = await upload(owner.user.token, owner.workspaceId, csv);
    expect(up.body.errors).toBeUndefined();
    const ds = up.body.data!.uploadDataset!;
    expect(ds.rowCount).toBe(150);
    const { createHash } = await import('node:crypto');
    expect(ds.sha256).toBe(createHash('sha256').update(csv).digest('hex'));
    const list = await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, owner.user.token);
    expect(list.data!.datasets[0]!.columns.map((c) => c.name)).toContain('target');
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'nb', data: { datasetId: ds.id } });
    const run = await waitFor(t, owner.user.token, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
  });

  it('refuses an unparsable file and one over the size limit, storing nothing', async () => {
    const bad = await upload(owner.user.token, owner.workspaceId, 'a,b\n1,2,3\n"unterminated');
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    const small = await startTestApp({ env: { MAX_UPLOAD_BYTES: '1000' } });
    try {
      expect(small.services.runs.maxUploadBytes).toBe(1000);
      const smallOwner = await newOwner(small);
      const big = await upload(smallOwner.user.token, smallOwner.workspaceId, 'x,target\n' + '1,0\n'.repeat(2000), 'iris upload', small.url);
      expect(big.status).toBe(413);
      expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
      const none = await small.gql(DatasetsDocument, { workspaceId: smallOwner.workspaceId }, smallOwner.user.token);
      expect(none.data!.datasets).toEqual([]);
    } finally {
      await small.stop();
    }
    const list = await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, owner.user.token);
    expect(list.data!.datasets.every((d) => d.rowCount === 150)).toBe(true);
  });
});

describe('workspace isolation', () => {
  it("another user's run, events, subscription, predict and cancel are NOT_FOUND", async () => {
    const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
    await waitFor(t, owner.user.token, queued.id);
    const stranger = await newOwner(t);
    const token = stranger.user.token;
    expect(errorCode(await t.gql(RunDocument, { id: queued.id }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RunEventsDocument, { runId: queued.id }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(RunWithEventsDocument, { id: queued.id }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(WaitForRunDocument, { id: queued.id }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(CancelRunDocument, { id: queued.id }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(PredictDocument, { runId: queued.id, rows: { a: [1] } }, token))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, token))).toBe('NOT_FOUND');
    const client = createWsClient(t.wsUrl, token);
    try {
      const err = (await subscribeSeq(client, queued.id).catch((e: unknown) => e)) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(err.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
    // and nothing was cancelled
    expect((await t.gql(RunDocument, { id: queued.id }, owner.user.token)).data!.run!.status).toBe('SUCCEEDED');
  });
});

describe('restart recovery', () => {
  it('fails runs left RUNNING by a dead process and re-queues QUEUED ones on boot', async () => {
    const second = await startTestApp();
    try {
      const o = await newOwner(second);
      const exp = await newExperiment(second, o);
      const a = await submit(second, o.user.token, { experimentId: exp, plan: 'SETUP', data: { builtin: 'IRIS' } });
      const b = await submit(second, o.user.token, { experimentId: exp, plan: 'SETUP', data: { builtin: 'IRIS' } });
      await waitFor(second, o.user.token, a.id);
      await waitFor(second, o.user.token, b.id);
      // Rewind the database to "a was running on a process that died, b was still queued".
      const em = second.services.orm.em.fork();
      await em.nativeUpdate(Run, { id: a.id }, { status: 'running', claimedBy: `${hostname()}:2147483646:dead`, finishedAt: null, startedAt: new Date(Date.now() - 5000) });
      await em.nativeDelete(RunEvent, { run: a.id, seq: { $gt: 2 } });
      await em.nativeUpdate(Run, { id: a.id }, { lastSeq: 2 });
      await em.nativeDelete(RunEvent, { run: b.id, seq: { $gt: 1 } });
      await em.nativeUpdate(Run, { id: b.id }, { status: 'queued', claimedBy: null, startedAt: null, finishedAt: null, lastSeq: 1 });
      expect(await em.count(Experiment, { id: exp })).toBe(1);
      const databaseUrl = second.databaseUrl;
      const artifactDir = second.config.artifactDir;
      await second.app.stop();
      const rebooted = await startTestApp({ databaseUrl, env: { ARTIFACT_DIR: artifactDir } });
      try {
        const ra = await waitFor(rebooted, o.user.token, a.id);
        expect(ra.status).toBe('FAILED');
        expect(ra.error).toBe(INTERRUPTED_MESSAGE);
        const ea = (await rebooted.gql(RunEventsDocument, { runId: a.id }, o.user.token)).data!.runEvents;
        expect(ea.map((e) => e.kind)).toEqual(['run.queued', 'run.started', 'run.failed', 'run.closed']);
        const rb = await waitFor(rebooted, o.user.token, b.id);
        expect(rb.status, rb.error ?? '').toBe('SUCCEEDED');
        const eb = (await rebooted.gql(RunEventsDocument, { runId: b.id, limit: 5000 }, o.user.token)).data!.runEvents;
        expect(eb.map((e) => e.seq)).toEqual(range(eb.length));
        expect(eb.at(-1)!.kind).toBe('run.closed');
      } finally {
        await rebooted.stop();
      }
    } finally {
      await second.stop();
    }
  });
});
