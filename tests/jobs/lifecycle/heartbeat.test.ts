// Cross-host recovery by heartbeat: the process training a run refreshes Run.heartbeatAt; every process
// fails RUNNING runs whose heartbeat went stale (conditionally, so only once). Clocks are explicit `now`s.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PubSub } from 'graphql-subscriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../../src/config.js';
import { createPostgresDatabase, dropPostgresDatabase, initORM, type Orm } from '../../../src/db.js';
import { Experiment, Project, Run, RunEvent, Workspace } from '../../../src/entities/index.js';
import { EventSink, runTopic } from '../../../src/jobs/events/event-sink.js';
import { failAbandonedRuns, staleHeartbeatMessage } from '../../../src/jobs/lifecycle/recovery.js';
import { RunService } from '../../../src/jobs/run-service.js';
import { OrmJobStore } from '../../../src/jobs/storage/orm-store.js';
import type { StoredEvent } from '../../../src/jobs/types.js';
import { fakeEngineUrl } from '../../helpers/fake-engine.js';
import { createLogger } from '../../../src/logger.js';
import { canUse, TEST_PG_ADMIN_URL } from '../../helpers/infra.js';
import { TEST_SNAPSHOT, MemoryJobStore } from '../../helpers/memory-store.js';

const T0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000); // recent: durations stay in range
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const FOREIGN = 'another-host:4242:boot1';
const SELF = 'this-host:1:self';
const neverGoneByPid = (): boolean => false; // the pid fast path cannot judge another host

function memorySetup() {
  const store = new MemoryJobStore();
  const sink = new EventSink(store, new PubSub());
  return { store, sink };
}

describe('recovery by heartbeat (in-memory store)', () => {
  it('fails a RUNNING run of another host whose heartbeat is stale, with run.failed and run.closed', async () => {
    const { store, sink } = memorySetup();
    store.addRun('stale', 'running', { claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(10_000) });
    store.addRun('fresh', 'running', { claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(50_000) });
    const report = await failAbandonedRuns({ store, sink, processId: SELF, isGone: neverGoneByPid, staleMs: 60_000, now: at(75_000) });
    expect(report).toEqual({ failed: ['stale'], leftToOthers: ['fresh'] });
    // Issue 13 item 11: labelled for what happened (another host stopped beating), not as a restart here.
    expect(store.runs.get('stale')).toMatchObject({ status: 'failed', error: staleHeartbeatMessage(FOREIGN, 60_000) });
    expect(staleHeartbeatMessage(FOREIGN, 60_000)).toMatch(/another-host:4242:boot1\) stopped sending heartbeats for over 60 s/);
    expect(store.events.get('stale')!.map((e) => e.kind)).toEqual(['run.failed', 'run.closed']);
    expect(store.runs.get('fresh')!.status).toBe('running');
    expect(store.events.get('fresh')).toEqual([]);
  });

  it('judges a run that never beat by its start, and never fails its own runs by heartbeat', async () => {
    const { store, sink } = memorySetup();
    store.addRun('legacy', 'running', { claimedBy: FOREIGN, startedAt: at(0) });
    store.addRun('mine', 'running', { claimedBy: SELF, startedAt: at(0), heartbeatAt: at(0) });
    const early = await failAbandonedRuns({ store, sink, processId: SELF, isGone: neverGoneByPid, staleMs: 60_000, now: at(59_000) });
    expect(early.failed).toEqual([]);
    const late = await failAbandonedRuns({ store, sink, processId: SELF, isGone: neverGoneByPid, staleMs: 60_000, now: at(61_000) });
    expect(late).toEqual({ failed: ['legacy'], leftToOthers: ['mine'] });
  });

  it('leaves a run alone when its owner beat again between the read and the UPDATE', async () => {
    const { store, sink } = memorySetup();
    store.addRun('r', 'running', { claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(0) });
    const runsInStatus = store.runsInStatus.bind(store);
    store.runsInStatus = async (status) => {
      const seen = await runsInStatus(status);
      if (status === 'running') await store.touchHeartbeats(FOREIGN, at(70_000)); // the owner is alive after all
      return seen;
    };
    const report = await failAbandonedRuns({ store, sink, processId: SELF, isGone: neverGoneByPid, staleMs: 60_000, now: at(75_000) });
    expect(report.failed).toEqual([]);
    expect(store.runs.get('r')!.status).toBe('running');
  });
});

const databases: Array<DatabaseConfig['kind']> = ['sqlite'];
if (await canUse('postgresql')) databases.push('postgresql');

describe.each(databases)('recovery by heartbeat on %s', (kind) => {
  let dir = '';
  let orm: Orm;
  let store: OrmJobStore;
  let pgName = '';
  const pubsub = new PubSub();
  (pubsub as unknown as { ee: { setMaxListeners(n: number): void } }).ee.setMaxListeners(0);

  async function newRun(fields: Partial<Pick<Run, 'status' | 'claimedBy' | 'startedAt' | 'heartbeatAt'>>): Promise<string> {
    const em = orm.em.fork();
    const ws = em.create(Workspace, { name: 'w' } as never);
    const project = em.create(Project, { workspace: ws, name: 'p' } as never);
    const exp = em.create(Experiment, { project, name: 'e', task: 'classification', target: 'species', setupParams: {} } as never);
    const run = em.create(Run, { experiment: exp, plan: 'compare', status: 'queued', snapshot: TEST_SNAPSHOT, params: {}, ...fields } as never);
    await em.flush();
    return run.id;
  }

  async function row(id: string): Promise<Run> {
    return orm.em.fork().findOneOrFail(Run, { id });
  }

  async function kinds(id: string): Promise<string[]> {
    const events = await orm.em.fork().find(RunEvent, { run: id }, { orderBy: { seq: 'asc' } });
    return events.map((e) => e.kind);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caretql-heartbeat-'));
    if (kind === 'sqlite') {
      orm = await initORM({ kind: 'sqlite', path: join(dir, 'db.sqlite'), url: `sqlite:${join(dir, 'db.sqlite')}` });
    } else {
      pgName = `caretql_hb_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      orm = await initORM({ kind: 'postgresql', url: await createPostgresDatabase(TEST_PG_ADMIN_URL, pgName) });
    }
    store = new OrmJobStore(orm);
  });
  afterAll(async () => {
    await orm?.close(true);
    if (pgName) await dropPostgresDatabase(TEST_PG_ADMIN_URL, pgName);
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a stale run of a foreign host once, even with two processes recovering at the same time', async () => {
    const stale = await newRun({ status: 'running', claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(5_000) });
    const fresh = await newRun({ status: 'running', claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(40_000) });
    const recover = (self: string) =>
      failAbandonedRuns({ store, sink: new EventSink(store, pubsub), processId: self, isGone: neverGoneByPid, staleMs: 60_000, now: at(90_000) });
    const [a, b] = await Promise.all([recover('host-a:1:x'), recover('host-b:1:y')]);
    expect([...a.failed, ...b.failed].filter((id) => id === stale)).toEqual([stale]);
    expect([...a.failed, ...b.failed]).not.toContain(fresh);
    expect(await row(stale)).toMatchObject({ status: 'failed', error: staleHeartbeatMessage(FOREIGN, 60_000) });
    expect(await kinds(stale)).toEqual(['run.failed', 'run.closed']);
    expect((await row(fresh)).status).toBe('running');
    expect(await kinds(fresh)).toEqual([]);
  });

  it('one heartbeat UPDATE refreshes only the RUNNING runs this process claimed', async () => {
    const mine = await newRun({ status: 'running', claimedBy: SELF, startedAt: at(0), heartbeatAt: at(0) });
    const theirs = await newRun({ status: 'running', claimedBy: FOREIGN, startedAt: at(0), heartbeatAt: at(0) });
    const done = await newRun({ status: 'succeeded', claimedBy: SELF, startedAt: at(0), heartbeatAt: at(0) });
    expect(await store.touchHeartbeats(SELF, at(30_000))).toBe(1);
    expect((await row(mine)).heartbeatAt).toEqual(at(30_000));
    expect((await row(theirs)).heartbeatAt).toEqual(at(0));
    expect((await row(done)).heartbeatAt).toEqual(at(0));
  });

  it('heartbeats advance while a run trains, so other processes leave it alone until the owner stops beating', async () => {
    const owner = new RunService({ orm, pubsub, logger: createLogger('silent'), artifactDir: dir, concurrency: 1, heartbeatStaleMs: 60_000, shutdownGraceMs: 0, planEngine: fakeEngineUrl({ events: 1_000_000, spinMs: 1 }) });
    const other = new RunService({ orm, pubsub, logger: createLogger('silent'), artifactDir: dir, concurrency: 1, heartbeatStaleMs: 60_000, shutdownGraceMs: 0 });
    const id = await newRun({ status: 'queued' });
    const training = new Promise<void>((resolve) => {
      void pubsub.subscribe(runTopic(id), (message: StoredEvent[]) => {
        if (Array.isArray(message) && message.some((e) => e.kind === 'model.fold.scored')) resolve();
      });
    });
    owner.enqueue(id);
    try {
      await training;
      const started = (await row(id)).heartbeatAt!;
      expect(started).toBeInstanceOf(Date); // the claim itself is the first beat
      const t1 = new Date(started.getTime() + 5_000);
      const t2 = new Date(started.getTime() + 10_000);
      expect(await owner.heartbeat(t1)).toBe(1);
      expect((await row(id)).heartbeatAt).toEqual(t1);
      expect(await owner.heartbeat(t2)).toBe(1);
      expect((await row(id)).heartbeatAt).toEqual(t2);
      expect(await other.heartbeat(t2)).toBe(0); // trains nothing: no query, nothing refreshed
      const soon = await other.sweepAbandoned(new Date(t2.getTime() + 59_000));
      expect(soon.failed).not.toContain(id); // (stale leftovers of the tests above may be failed here)
      expect(soon.leftToOthers).toContain(id);
      expect((await row(id)).status).toBe('running');
      const late = await other.sweepAbandoned(new Date(t2.getTime() + 61_000));
      expect(late.failed).toContain(id);
      expect(await row(id)).toMatchObject({ status: 'failed', error: staleHeartbeatMessage(owner.processId, 60_000) });
      await owner.queue.whenDone(id); // the owner's next event batch finds the run ended and stops training
    } finally {
      await owner.stop();
      await other.stop();
    }
    // The owner's own terminal transition found the run already failed: one closed stream, nothing after it.
    const all = await kinds(id);
    expect(all.filter((k) => k === 'run.closed')).toHaveLength(1);
    expect(all.at(-1)).toBe('run.closed');
    expect(all.filter((k) => k === 'run.failed')).toHaveLength(1);
  });
});
