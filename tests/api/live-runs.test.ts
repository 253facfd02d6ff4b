// The live side of runs end to end: Run.leaderboard while RUNNING (provisional means over the folds done),
// Run.progress, and Subscription.experimentRuns over graphql-ws and SSE (one shared load per change,
// NOT_FOUND for other workspaces). The fake engine (tests/helpers/fake-engine.ts) scores given fold values
// and holds the run after 4 folds until the test releases it, so the RUNNING state is looked at, not raced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRunDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fakeEngineUrl, releaseFile } from '../helpers/fake-engine.js';
import { followRunsSse, followRunsWs, whenSubscribed, type LiveRun } from '../helpers/live-runs.js';
import { newExperiment, newOwner, submit, subscribeSeq, waitFor, type Owner } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';
import { experimentTopic } from '../../src/jobs/events/experiment-topic.js';

// Fold accuracies of the three models of each compare, in include order: k = 3.
const ACCURACY = [
  [0.9, 0.8, 0.7],
  [0.95, 0.85, 0.9],
  [0.6, 0.6, 0.6],
];
const HOLD_AFTER = 4; // model 1's three folds and model 2's first

type Row = NonNullable<LiveRun['leaderboard']>['rows'][number];
type Failure = { errors?: Array<{ extensions?: { code?: string; field?: string } }> };

function accuracyOf(row: Row): { mean: number; std: number } {
  const s = row.scores.find((x) => x.metric === 'ACCURACY')!;
  return { mean: s.mean, std: s.std };
}

describe('live leaderboard, progress and experimentRuns', () => {
  let t: TestApp;
  let owner: Owner;
  let releaseDir: string;
  const release = (include: readonly string[]): void => writeFileSync(releaseFile(releaseDir, include), '');

  beforeAll(async () => {
    releaseDir = mkdtempSync(join(tmpdir(), 'caretql-release-'));
    t = await startTestApp({
      env: { RUN_CONCURRENCY: '1' },
      planEngine: fakeEngineUrl({ events: 0, compare: { k: 3, accuracy: ACCURACY, holdAfterFolds: HOLD_AFTER, releaseDir } }),
    });
    owner = await newOwner(t);
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(releaseDir, { recursive: true, force: true });
  });

  it('serves provisional rows and progress while RUNNING, then the final leaderboard', async () => {
    const include = ['lr', 'knn', 'dt'];
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const client = createWsClient(t.wsUrl, owner.user.token);
    try {
      const queued = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' }, params: { include } });
      let folds = 0;
      let held!: () => void;
      const heldP = new Promise<void>((r) => (held = r));
      const events = subscribeSeq(client, queued.id, undefined, (e) => {
        if (e.kind === 'model.fold.scored' && ++folds === HOLD_AFTER) held();
      });
      await heldP; // the 4th fold's batch is committed (published after commit), with the live columns

      // A second run waits behind the held one (RUN_CONCURRENCY=1): zeros, totals from its snapshot.
      const second = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' }, params: { include: ['lr', 'dt'] } });
      const waiting = (await t.gql(LiveRunDocument, { id: second.id }, owner.user.token)).data!.run!;
      expect(waiting.status).toBe('QUEUED');
      expect(waiting.progress).toEqual({ modelsDone: 0, modelsTotal: 2, foldsDone: 0, foldsTotal: 6, currentModelId: null });
      expect(waiting.leaderboard).toBeNull();

      const running = (await t.gql(LiveRunDocument, { id: queued.id }, owner.user.token)).data!.run!;
      expect(running.status).toBe('RUNNING');
      expect(running.progress).toEqual({ modelsDone: 1, modelsTotal: 3, foldsDone: 4, foldsTotal: 9, currentModelId: 'knn' });
      const live = running.leaderboard!;
      expect(live.provisional).toBe(true);
      expect(live.sortMetric).toBe('ACCURACY');
      // knn's one fold (0.95) ranks above lr's three (mean 0.8, population std 0.0816); dt has no fold yet.
      expect(live.rows.map((r) => [r.rank, r.modelId, r.foldsDone, r.provisional])).toEqual([
        [1, 'knn', 1, true],
        [2, 'lr', 3, false],
      ]);
      expect(accuracyOf(live.rows[0]!)).toEqual({ mean: 0.95, std: 0 });
      expect(accuracyOf(live.rows[1]!)).toEqual({ mean: 0.8, std: 0.0816 });
      expect(live.rows[1]!.fitSeconds).toBe(0.02); // mean of 0.01, 0.02, 0.03
      expect(live.rows[0]!.scores).toHaveLength(7); // every classification metric

      release(include);
      const done = await waitFor(t, owner.user.token, queued.id);
      expect(done.status, done.error ?? '').toBe('SUCCEEDED');
      const final = (await t.gql(LiveRunDocument, { id: queued.id }, owner.user.token)).data!.run!;
      expect(final.leaderboard!.provisional).toBe(false);
      expect(final.leaderboard!.rows.map((r) => [r.rank, r.modelId, r.foldsDone, r.provisional])).toEqual([
        [1, 'knn', 3, false],
        [2, 'lr', 3, false],
        [3, 'dt', 3, false],
      ]);
      expect(accuracyOf(final.leaderboard!.rows[0]!)).toEqual({ mean: 0.9, std: 0.0408 });
      expect(final.progress).toEqual({ modelsDone: 3, modelsTotal: 3, foldsDone: 9, foldsTotal: 9, currentModelId: null });
      expect((await events).at(-1)!.kind).toBe('run.closed');

      release(['lr', 'dt']);
      expect((await waitFor(t, owner.user.token, second.id)).status).toBe('SUCCEEDED');
    } finally {
      await client.dispose();
    }
  });

  it('experimentRuns delivers created → running → progress → succeeded, one shared load per change (ws and SSE)', async () => {
    const include = ['knn', 'lr', 'dt'];
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const c1 = createWsClient(t.wsUrl, owner.user.token);
    const c2 = createWsClient(t.wsUrl, owner.user.token);
    try {
      const listening = whenSubscribed(t.services.pubsub, experimentTopic(experimentId), 3);
      const succeeded = (r: LiveRun): boolean => r.status === 'SUCCEEDED';
      const first = followRunsWs(c1, experimentId, (r) => {
        // Released once a progress update of the held run arrived (it comes while the run waits).
        if (r.status === 'RUNNING' && r.progress.foldsDone === HOLD_AFTER) release(include);
        return succeeded(r);
      });
      const second = followRunsWs(c2, experimentId, succeeded);
      const sse = followRunsSse(t.url, owner.user.token, experimentId, succeeded);
      await sse.opened;
      await listening;
      const loadsBefore = t.services.runs.runLoads.count;

      const queued = await submit(t, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' }, params: { include } });
      const items = await first;
      const [others, overSse] = await Promise.all([second, sse.items]);

      expect(items.every((r) => r.id === queued.id)).toBe(true);
      expect(items[0]!.status).toBe('QUEUED');
      expect(items[0]!.progress).toEqual({ modelsDone: 0, modelsTotal: 3, foldsDone: 0, foldsTotal: 9, currentModelId: null });
      expect(items[1]!.status).toBe('RUNNING');
      const progress = items.find((r) => r.status === 'RUNNING' && r.progress.foldsDone === HOLD_AFTER)!;
      expect(progress.progress).toEqual({ modelsDone: 1, modelsTotal: 3, foldsDone: 4, foldsTotal: 9, currentModelId: 'lr' });
      expect(progress.leaderboard!.provisional).toBe(true);
      expect(progress.leaderboard!.rows.map((r) => [r.modelId, r.foldsDone])).toEqual([
        ['lr', 1],
        ['knn', 3],
      ]);
      const last = items.at(-1)!;
      expect(last.status).toBe('SUCCEEDED');
      expect(last.leaderboard!.provisional).toBe(false);
      expect(last.progress.foldsDone).toBe(9);
      // progress never goes backwards
      const done = items.map((r) => r.progress.foldsDone);
      expect(done).toEqual([...done].sort((a, b) => a - b));

      // Every subscriber saw the same items, and each change was loaded once for all three.
      expect(others).toEqual(items);
      expect(overSse).toEqual(items);
      expect(t.services.runs.runLoads.count - loadsBefore).toBe(items.length);
    } finally {
      await Promise.all([c1.dispose(), c2.dispose()]);
    }
  });

  it('another user subscribing to the experiment gets NOT_FOUND (ws and SSE); a blank id is BAD_USER_INPUT', async () => {
    const experimentId = await newExperiment(t, owner);
    const stranger = await t.signUpUser();
    const client = createWsClient(t.wsUrl, stranger.token);
    const ownClient = createWsClient(t.wsUrl, owner.user.token);
    const failure = (e: Failure): Failure => e;
    try {
      const ws = (await followRunsWs(client, experimentId, () => true).catch(failure)) as Failure;
      expect(ws.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const sse = (await followRunsSse(t.url, stranger.token, experimentId, () => true).items.catch(failure)) as Failure;
      expect(sse.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const blank = (await followRunsWs(ownClient, ' ', () => true).catch(failure)) as Failure;
      expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'experimentId' });
    } finally {
      await Promise.all([client.dispose(), ownClient.dispose()]);
    }
  });
});

describe('progress and leaderboard of real engine runs', () => {
  let t: TestApp;
  let owner: Owner;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await newOwner(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('SETUP reports 0/0; CREATE ends with every fold done and a final (not provisional) row', async () => {
    const experimentId = await newExperiment(t, owner, { setupParams: { fold: 3 } });
    const setup = await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
    expect((await waitFor(t, owner.user.token, setup.id)).status).toBe('SUCCEEDED');
    const setupRun = (await t.gql(LiveRunDocument, { id: setup.id }, owner.user.token)).data!.run!;
    expect(setupRun.progress).toEqual({ modelsDone: 0, modelsTotal: 0, foldsDone: 0, foldsTotal: 0, currentModelId: null });
    expect(setupRun.leaderboard).toBeNull();

    const create = await submit(t, owner.user.token, { experimentId, plan: 'CREATE', modelId: 'lr', data: { builtin: 'IRIS' } });
    expect((await waitFor(t, owner.user.token, create.id)).status).toBe('SUCCEEDED');
    const run = (await t.gql(LiveRunDocument, { id: create.id }, owner.user.token)).data!.run!;
    expect(run.progress).toEqual({ modelsDone: 1, modelsTotal: 1, foldsDone: 3, foldsTotal: 3, currentModelId: null });
    expect(run.leaderboard!.provisional).toBe(false);
    expect(run.leaderboard!.rows.map((r) => [r.modelId, r.foldsDone, r.provisional])).toEqual([['lr', 3, false]]);
  });
});
