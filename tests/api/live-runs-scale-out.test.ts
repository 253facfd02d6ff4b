// The live leaderboard and experimentRuns across two instances on one database with Redis: A trains (its
// event sink writes the live columns), B serves the RUNNING run's provisional leaderboard and delivers
// experimentRuns to its subscribers, loading each change once for both. Needs Redis (and uses PostgreSQL
// when reachable): skipped locally without them, required under CI=true.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRunDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fakeEngineUrl, releaseFile } from '../helpers/fake-engine.js';
import { canUse } from '../helpers/infra.js';
import { followRunsWs, whenSubscribed, type LiveRun } from '../helpers/live-runs.js';
import { newExperiment, newOwner, submit, type Owner } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';
import { experimentTopic } from '../../src/jobs/events/experiment-topic.js';

const redis = await canUse('redis');
const database = (await canUse('postgresql')) ? 'postgresql' : 'sqlite';
const HOLD_AFTER = 4;

describe.skipIf(!redis)(`live runs across two instances on one ${database} database and Redis`, () => {
  let a: TestApp;
  let b: TestApp;
  let owner: Owner;
  let releaseDir: string;

  beforeAll(async () => {
    releaseDir = mkdtempSync(join(tmpdir(), 'caretql-release-'));
    const planEngine = fakeEngineUrl({
      events: 0,
      compare: { k: 3, accuracy: [[0.7, 0.7, 0.7], [0.9, 0.8, 0.85], [0.5, 0.5, 0.5]], holdAfterFolds: HOLD_AFTER, releaseDir },
    });
    a = await startTestApp({ redis: true, database, planEngine });
    b = await startTestApp({ redis: true, databaseUrl: a.databaseUrl, env: { ARTIFACT_DIR: a.config.artifactDir }, planEngine });
    owner = await newOwner(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    rmSync(releaseDir, { recursive: true, force: true });
  });

  it('B serves the provisional leaderboard of a run A trains, and its experimentRuns subscribers share one load per change', async () => {
    const include = ['dt', 'lr', 'knn'];
    const experimentId = await newExperiment(a, owner, { setupParams: { fold: 3 } });
    const c1 = createWsClient(b.wsUrl, owner.user.token);
    const c2 = createWsClient(b.wsUrl, owner.user.token);
    try {
      const listening = whenSubscribed(b.services.pubsub, experimentTopic(experimentId), 2);
      let held!: (run: LiveRun) => void;
      const heldP = new Promise<LiveRun>((r) => (held = r));
      const succeeded = (r: LiveRun): boolean => r.status === 'SUCCEEDED';
      const first = followRunsWs(c1, experimentId, (r) => {
        if (r.status === 'RUNNING' && r.progress.foldsDone === HOLD_AFTER) held(r);
        return succeeded(r);
      });
      const second = followRunsWs(c2, experimentId, succeeded);
      await listening;
      const loadsOnA = a.services.runs.runLoads.count;
      const loadsOnB = b.services.runs.runLoads.count;

      const queued = await submit(a, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' }, params: { include } });
      const pushed = await heldP;
      expect(pushed.progress).toEqual({ modelsDone: 1, modelsTotal: 3, foldsDone: 4, foldsTotal: 9, currentModelId: 'lr' });

      // The query on B reads what A's sink wrote in the fold batch's transaction.
      const onB = (await b.gql(LiveRunDocument, { id: queued.id }, owner.user.token)).data!.run!;
      expect(onB.status).toBe('RUNNING');
      expect(onB.progress).toEqual(pushed.progress);
      expect(onB.leaderboard!.provisional).toBe(true);
      expect(onB.leaderboard!.rows.map((r) => [r.rank, r.modelId, r.foldsDone, r.provisional, r.scores.find((s) => s.metric === 'ACCURACY')!.mean])).toEqual([
        [1, 'lr', 1, true, 0.9],
        [2, 'dt', 3, false, 0.7],
      ]);

      writeFileSync(releaseFile(releaseDir, include), '');
      const items = await first;
      const others = await second;
      expect(items[0]!.status).toBe('QUEUED');
      expect(items.at(-1)!.status).toBe('SUCCEEDED');
      expect(items.at(-1)!.leaderboard!.rows.map((r) => r.modelId)).toEqual(['lr', 'dt', 'knn']);
      expect(others).toEqual(items);
      expect(b.services.runs.runLoads.count - loadsOnB).toBe(items.length);
      expect(a.services.runs.runLoads.count - loadsOnA).toBe(0); // no subscriber on A: nothing loaded there
      expect(b.services.runs.queue.has(queued.id)).toBe(false); // B never trained it
    } finally {
      await Promise.all([c1.dispose(), c2.dispose()]);
    }
  });
});
