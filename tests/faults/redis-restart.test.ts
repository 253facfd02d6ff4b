// Fault test: Redis is killed (SIGKILL) and restarted while a run streams to a subscriber connected to ANOTHER
// process than the trainer. Nothing is lost, nothing comes twice, the run ends terminal, the stream completes.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { fakeEngineUrl } from '../helpers/fake-engine.js';
import { isCI } from '../helpers/infra.js';
import { newExperiment, newOwner, range, submit, subscribeSeq, waitFor } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';
import { haveRedisServer, PrivateRedis } from './private-redis.js';

const available = haveRedisServer();
if (!available && isCI()) throw new Error('redis-server is needed for the fault tests under CI=true');
if (!available) console.warn('skipping Redis fault tests: no redis-server binary');

describe.skipIf(!available)('Redis restart mid-stream (sqlite + private Redis, two processes)', () => {
  let redis: PrivateRedis;
  let trainer: TestApp;
  let other: TestApp;
  let client: Client;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    trainer = await startTestApp({ env: { REDIS_URL: redis.url }, planEngine: fakeEngineUrl({ events: 150, spinMs: 15 }) });
    // The second process shares the database and Redis but trains nothing.
    other = await startTestApp({ databaseUrl: trainer.databaseUrl, env: { REDIS_URL: redis.url, RUN_CONCURRENCY: '1', ARTIFACT_DIR: trainer.config.artifactDir } });
    await other.services.runs.queue.stop(0);
  }, 60_000);
  afterAll(async () => {
    await client?.dispose();
    await other?.stop();
    await trainer?.stop();
    await redis?.kill();
  });

  it('every event once and in order across the restart; the run succeeds', async () => {
    const owner = await newOwner(trainer);
    const experimentId = await newExperiment(trainer, owner);
    const run = await submit(trainer, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'IRIS' } });
    client = createWsClient(other.wsUrl, owner.user.token, { lazyCloseTimeout: 60_000 });
    let restarted: Promise<void> | null = null;
    const events = await subscribeSeq(client, run.id, undefined, (e) => {
      if (e.seq === 20 && !restarted) restarted = redis.restart();
    });
    await restarted;
    expect(events.map((e) => e.seq)).toEqual(range(events.length));
    expect(events.at(-1)?.kind).toBe('run.closed');
    const done = await waitFor(trainer, owner.user.token, run.id);
    expect(done.status).toBe('SUCCEEDED');
    const stored = await trainer.gql<{ runEvents: Array<{ seq: number }> }>('query E($id: ID!) { runEvents(runId: $id, limit: 5000) { seq } }', { id: run.id }, owner.user.token);
    expect(stored.data?.runEvents.length).toBe(events.length);
  }, 120_000);
});
