// Redis pub/sub and two server instances on one database: a run trained by one instance is delivered,
// gap-free, to subscribers on the other; a cancel sent to one stops a run training on the other.
// Needs Redis (and uses PostgreSQL when reachable): skipped locally without them, required under CI=true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelRunDocument, RunEventsDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { canUse } from '../helpers/infra.js';
import { createWsClient } from '../helpers/ws.js';
import { Run } from '../../src/entities/index.js';
import { newExperiment, newOwner, range, submit, subscribeSeq, waitFor, type Owner, type SeqEvent } from '../helpers/runs.js';

const redis = await canUse('redis');
const database = (await canUse('postgresql')) ? 'postgresql' : 'sqlite';

describe.skipIf(!redis)(`two instances on one ${database} database and Redis`, () => {
  let a: TestApp;
  let b: TestApp;
  let owner: Owner;

  beforeAll(async () => {
    a = await startTestApp({ redis: true, database });
    b = await startTestApp({ redis: true, databaseUrl: a.databaseUrl, env: { ARTIFACT_DIR: a.config.artifactDir } });
    owner = await newOwner(a);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('uses the Redis bus on both', () => {
    expect(a.services.pubsub.kind).toBe('redis');
    expect(b.services.pubsub.kind).toBe('redis');
  });

  it('a run trained by A reaches subscribers on B (live and replay) exactly once, in order', async () => {
    const experimentId = await newExperiment(a, owner, { setupParams: { fold: 3 } });
    const clientB = createWsClient(b.wsUrl, owner.user.token);
    try {
      const queued = await submit(a, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'WINE' } });
      const live = subscribeSeq(clientB, queued.id);
      const run = await waitFor(b, owner.user.token, queued.id, 300);
      expect(run.status, run.error ?? '').toBe('SUCCEEDED');
      const events = await live;
      expect(events.map((e) => e.seq)).toEqual(range(events.length));
      expect(events.at(-1)!.kind).toBe('run.closed');
      expect(events.filter((e) => e.kind === 'model.fold.scored').length).toBeGreaterThan(10);
      const replay = await subscribeSeq(clientB, queued.id);
      expect(replay).toEqual(events);
      const row = await b.services.orm.em.fork().findOneOrFail(Run, { id: queued.id });
      expect(row.claimedBy).toBe(a.services.runs.processId);
      // B never trained it
      expect(b.services.runs.queue.has(queued.id)).toBe(false);
    } finally {
      await clientB.dispose();
    }
  });

  it('a cancel sent to B stops the run training on A', async () => {
    const experimentId = await newExperiment(a, owner, { setupParams: { fold: 3 } });
    const queued = await submit(a, owner.user.token, { experimentId, plan: 'COMPARE', data: { builtin: 'DIGITS' }, params: { exclude: ['lr'] } });
    const clientB = createWsClient(b.wsUrl, owner.user.token);
    try {
      let cancelling: Promise<unknown> | null = null;
      const events: SeqEvent[] = await subscribeSeq(clientB, queued.id, undefined, (e) => {
        if (e.kind === 'model.created' && !cancelling) cancelling = b.gql(CancelRunDocument, { id: queued.id }, owner.user.token);
      });
      await cancelling;
      expect(events.slice(-2).map((e) => e.kind)).toEqual(['run.cancelled', 'run.closed']);
      const stored = (await a.gql(RunEventsDocument, { runId: queued.id, limit: 5000 }, owner.user.token)).data!.runEvents;
      expect(stored.map((e) => e.seq)).toEqual(range(events.length));
    } finally {
      await clientB.dispose();
    }
  });
});
