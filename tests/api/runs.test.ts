// The seed's six: bad submissions, setup on iris, create lr + pipeline file, runs newest first,
// late subscriber gets the replay, socket without a token → 4403. Plus idempotency and events paging.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancelRunDocument,
  ExperimentRunsDocument,
  RunEventsDocument,
  RunsDocument,
  SubmitRunDocument,
  WaitForRunDocument,
  type SubmitRunInput,
} from '../gql/generated/graphql.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/infra.js';
import { connectionInitOutcome, createWsClient } from '../helpers/ws.js';
import { Run, RunEvent } from '../../src/entities/index.js';
import { newExperiment, newOwner, range, submit, subscribeSeq, waitFor, type Owner } from '../helpers/runs.js';

const databases = await testDatabases();

describe.each(databases)('runs API (%s)', (database) => {
  let t: TestApp;
  let owner: Owner;
  let experimentId: string;

  beforeAll(async () => {
    t = await startTestApp({ database });
    owner = await newOwner(t);
    experimentId = await newExperiment(t, owner);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function countRows(): Promise<{ runs: number; events: number }> {
    const em = t.services.orm.em.fork();
    return { runs: await em.count(Run, {}), events: await em.count(RunEvent, {}) };
  }

  describe('submitRun validation', () => {
    const iris = { builtin: 'IRIS' } as const;
    const cases: Array<[string, string, Partial<SubmitRunInput>]> = [
      ['no data source', 'data', { data: {} }],
      ['two data sources', 'data', { data: { builtin: 'IRIS', inline: { x: [1, 2], target: [0, 1] } } }],
      ['CREATE without modelId', 'modelId', { plan: 'CREATE', data: iris }],
      ['TUNE without modelId', 'modelId', { plan: 'TUNE', data: iris }],
      ['unknown modelId for the task', 'modelId', { plan: 'CREATE', modelId: 'lasso', data: iris }],
      ['unknown include id', 'params.include', { plan: 'COMPARE', data: iris, params: { include: ['lr', 'nope'] } }],
      ['fold < 2', 'params.fold', { plan: 'COMPARE', data: iris, params: { fold: 1 } }],
      ['nIter < 1', 'params.nIter', { plan: 'TUNE', modelId: 'lr', data: iris, params: { nIter: 0 } }],
      ['budgetSeconds <= 0', 'params.budgetSeconds', { plan: 'COMPARE', data: iris, params: { budgetSeconds: 0 } }],
      ['unknown param', 'params.bogus', { plan: 'COMPARE', data: iris, params: { bogus: 1 } }],
      ['params not an object', 'params', { plan: 'COMPARE', data: iris, params: [1, 2] }],
      ['target not in the data', 'target', { data: { inline: { a: [1, 2, 3, 4], b: [0, 1, 0, 1] } } }],
      ['ragged inline columns', 'data.inline', { data: { inline: { a: [1, 2, 3], target: [0, 1] } } }],
      ['inline not an object of arrays', 'data.inline', { data: { inline: [1, 2, 3] } }],
      ['unknown dataset id', 'data.datasetId', { data: { datasetId: '00000000-0000-0000-0000-000000000000' } }],
    ];

    it.each(cases)('%s → BAD_USER_INPUT (field %s) and nothing stored', async (_name, field, input) => {
      const before = await countRows();
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'SETUP', data: iris, ...input } as SubmitRunInput }, owner.user.token);
      expect(errorCode(r), JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe(field);
      expect(await countRows()).toEqual(before);
    });

    it('an unknown plan is refused by the schema', async () => {
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'TRAIN' as never, data: iris } }, owner.user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
    });

    it('inline data over the row limit is refused', async () => {
      const n = 1_000_001;
      const r = await t.gql(
        SubmitRunDocument,
        { input: { experimentId, plan: 'SETUP', data: { inline: { a: new Array(n).fill(1), target: new Array(n).fill(0) } } } },
        owner.user.token,
      );
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
    });
  });

  describe('runs end to end', () => {
    it('a SETUP run on iris succeeds with durationMs > 0 and experiment.started + experiment.fitted', async () => {
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
      expect(queued.status).toBe('QUEUED');
      expect(queued.snapshot).toMatchObject({ plan: 'setup', data: { kind: 'builtin', name: 'iris', rows: 150 } });
      expect((queued.snapshot as { data: { sha256: string } }).data.sha256).toMatch(/^[0-9a-f]{64}$/);
      const run = await waitFor(t, owner.user.token, queued.id);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.durationMs).toBeGreaterThan(0);
      expect(run.startedAt && run.finishedAt).toBeTruthy();
      const events = await t.gql(RunEventsDocument, { runId: run.id, limit: 5000 }, owner.user.token);
      const kinds = events.data!.runEvents.map((e) => e.kind);
      expect(kinds).toContain('experiment.started');
      expect(kinds).toContain('experiment.fitted');
      expect(kinds[0]).toBe('run.queued');
      expect(kinds.at(-1)).toBe('run.closed');
      expect(events.data!.runEvents.map((e) => e.seq)).toEqual(range(kinds.length));
    });

    it('a CREATE run with lr leaves pipeline.bin whose SHA-256 and size match the Artifact row', async () => {
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
      const run = await waitFor(t, owner.user.token, queued.id);
      expect(run.status, run.error ?? '').toBe('SUCCEEDED');
      expect(run.leaderboard!.rows[0]!.modelId).toBe('lr');
      expect(run.leaderboard!.rows[0]!.scores.map((s) => s.metric)).toContain('ACCURACY');
      const [artifact] = run.artifacts;
      expect(artifact!.kind).toBe('pipeline');
      const bytes = await readFile(join(t.config.artifactDir, 'runs', run.id, 'pipeline.bin'));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(artifact!.sha256);
      expect(bytes.byteLength).toBe(artifact!.sizeBytes);
    });

    it('lists the runs of an experiment newest first (query and Experiment.runs)', async () => {
      const exp = await newExperiment(t, owner);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await submit(t, owner.user.token, { experimentId: exp, plan: 'SETUP', data: { builtin: 'IRIS' } })).id);
      const list = await t.gql(RunsDocument, { experimentId: exp }, owner.user.token);
      expect(list.data!.runs.map((r) => r.id)).toEqual([...ids].reverse());
      const nested = await t.gql(ExperimentRunsDocument, { id: exp }, owner.user.token);
      expect(nested.data!.experiment!.runs.map((r) => r.id)).toEqual([...ids].reverse());
      for (const id of ids) await waitFor(t, owner.user.token, id);
    });

    it('a subscriber joining after the end gets the whole replay, then run.closed, then completion', async () => {
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
      await waitFor(t, owner.user.token, queued.id);
      const stored = (await t.gql(RunEventsDocument, { runId: queued.id, limit: 5000 }, owner.user.token)).data!.runEvents;
      const client = createWsClient(t.wsUrl, owner.user.token);
      try {
        const events = await subscribeSeq(client, queued.id);
        expect(events).toEqual(stored.map((e) => ({ seq: e.seq, kind: e.kind })));
        expect(events.at(-1)!.kind).toBe('run.closed');
        const tail = await subscribeSeq(client, queued.id, stored.length - 2);
        expect(tail.map((e) => e.seq)).toEqual([stored.length - 1, stored.length]);
      } finally {
        await client.dispose();
      }
    });

    it('closes a socket without a valid token with 4403', async () => {
      expect(await connectionInitOutcome(t.wsUrl, null)).toEqual({ acked: false, closeCode: 4403 });
    });

    it('the same idempotencyKey on the same experiment returns the same run', async () => {
      const input: SubmitRunInput = { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' }, idempotencyKey: 'nightly-1' };
      const [a, b] = await Promise.all([submit(t, owner.user.token, input), submit(t, owner.user.token, input)]);
      const c = await submit(t, owner.user.token, input);
      expect(new Set([a.id, b.id, c.id]).size).toBe(1);
      const other = await submit(t, owner.user.token, { ...input, idempotencyKey: 'nightly-2' });
      expect(other.id).not.toBe(a.id);
      await waitFor(t, owner.user.token, a.id);
      await waitFor(t, owner.user.token, other.id);
    });

    it('a TUNE run searches the model\'s grid and keeps the tuned pipeline', async () => {
      const exp = await newExperiment(t, owner, { setupParams: { fold: 3 } });
      const queued = await submit(t, owner.user.token, { experimentId: exp, plan: 'TUNE', modelId: 'dt', data: { builtin: 'IRIS' }, params: { nIter: 3 } });
      const run = await waitFor(t, owner.user.token, queued.id);
      expect(run.status, run.error ?? '').toBe('SUCCEEDED');
      expect(run.leaderboard!.rows[0]!.modelId).toBe('dt');
      expect(run.artifacts.map((a) => a.kind)).toEqual(['pipeline']);
      const kinds = (await t.gql(RunEventsDocument, { runId: run.id, limit: 5000 }, owner.user.token)).data!.runEvents.map((e) => e.kind);
      expect(kinds).toContain('model.tuned');
    });

    it('waitForRun returns at the timeout with the run still going, and refuses a bad timeout', async () => {
      const exp = await newExperiment(t, owner, { setupParams: { fold: 3 } });
      const queued = await submit(t, owner.user.token, { experimentId: exp, plan: 'COMPARE', data: { builtin: 'DIGITS' }, params: { include: ['lr', 'knn'] } });
      const early = await t.gql(WaitForRunDocument, { id: queued.id, timeoutSeconds: 0 }, owner.user.token);
      expect(['QUEUED', 'RUNNING']).toContain(early.data!.waitForRun.status);
      const bad = await t.gql(WaitForRunDocument, { id: queued.id, timeoutSeconds: -1 }, owner.user.token);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0]!.extensions!.field).toBe('timeoutSeconds');
      await t.gql(CancelRunDocument, { id: queued.id }, owner.user.token);
    });

    it('a one-class target is refused at submit (the engine checks the profile), storing nothing', async () => {
      // Issue 13 item 7: this used to be stored and then FAILED while training.
      const inline = { x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], target: new Array(12).fill('only') };
      const r = await t.gql(SubmitRunDocument, { input: { experimentId, plan: 'CREATE', modelId: 'lr', data: { inline } } }, owner.user.token);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe('target');
      expect(r.errors![0]!.message).toMatch(/class/i);
    });

    it('runEvents pages by seq and bounds limit', async () => {
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
      await waitFor(t, owner.user.token, queued.id);
      const page = await t.gql(RunEventsDocument, { runId: queued.id, after: 2, limit: 2 }, owner.user.token);
      expect(page.data!.runEvents.map((e) => e.seq)).toEqual([3, 4]);
      const bad = await t.gql(RunEventsDocument, { runId: queued.id, limit: 5001 }, owner.user.token);
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0]!.extensions!.field).toBe('limit');
    });
  });
});
