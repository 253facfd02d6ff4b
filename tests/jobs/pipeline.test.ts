// queue → worker thread (tests/helpers/fake-engine.ts) → sink → subscription, on the in-memory store and bus.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PubSub } from 'graphql-subscriptions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonArtifact } from '../../src/jobs/storage/artifacts.js';
import { EventSink } from '../../src/jobs/events/event-sink.js';
import { executeRun } from '../../src/jobs/lifecycle/executor.js';
import { createProcessId } from '../../src/jobs/lifecycle/process-id.js';
import { RunQueue } from '../../src/jobs/lifecycle/queue.js';
import { INTERRUPTED_MESSAGE, recoverRuns } from '../../src/jobs/lifecycle/recovery.js';
import { replayThenLive } from '../../src/jobs/events/replay-then-live.js';
import type { StoredEvent } from '../../src/jobs/types.js';
import { liveWorkerCount } from '../../src/jobs/threads/worker-task.js';
import { fakeEngineUrl, type FakeEngineScript } from '../helpers/fake-engine.js';
import { MemoryJobStore } from '../helpers/memory-store.js';

let artifactDir = '';
beforeAll(async () => {
  artifactDir = await mkdtemp(join(tmpdir(), 'caretql-jobs-'));
});
afterAll(async () => {
  await rm(artifactDir, { recursive: true, force: true });
});

function setup(script: FakeEngineScript, concurrency = 2) {
  const store = new MemoryJobStore();
  const pubsub = new PubSub();
  (pubsub as unknown as { ee: { setMaxListeners(n: number): void } }).ee.setMaxListeners(0);
  const sink = new EventSink(store, pubsub);
  const processId = createProcessId();
  const deps = { store, sink, artifactDir, processId, killAfterMs: 5_000, planEngine: fakeEngineUrl(script) };
  const queue = new RunQueue({ concurrency, execute: (id, signal) => executeRun(deps, id, signal) });
  return { store, pubsub, sink, queue, processId, deps };
}

async function kinds(it: AsyncIterable<StoredEvent>, onEach?: (e: StoredEvent) => void): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of it) {
    out.push(e);
    onEach?.(e);
  }
  return out;
}

describe('run pipeline with a fake plan in a worker thread', () => {
  it('trains off the main thread and streams every event once, in order, then the terminal state', async () => {
    const { store, pubsub, queue } = setup({ events: 40, spinMs: 5 });
    store.addRun('a');
    store.addRun('b');
    const streams = ['a', 'b'].map((id) => kinds(replayThenLive(pubsub, store, id)));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    queue.enqueue('a');
    queue.enqueue('b');
    const [a, b] = await Promise.all(streams);
    delay.disable();
    for (const events of [a!, b!]) {
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const k = events.map((e) => e.kind);
      expect(k.slice(0, 2)).toEqual(['run.started', 'experiment.started']);
      expect(k.filter((x) => x === 'model.fold.scored')).toHaveLength(40);
      expect(k.slice(-4)).toEqual(['experiment.fitted', 'artifact.saved', 'run.succeeded', 'run.closed']);
    }
    // 2 × 200 ms of CPU-bound work happened in workers: the main loop never stalled for long.
    expect(delay.max / 1e6).toBeLessThan(150);
    const run = store.runs.get('a')!;
    expect(run.status).toBe('succeeded');
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.artifacts).toHaveLength(1);
    const art = run.artifacts[0]!;
    const bytes = await readFile(join(artifactDir, art.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(art.sha256);
    expect(bytes.byteLength).toBe(art.sizeBytes);
  });

  it('a failing plan ends FAILED with the engine message, and run.closed', async () => {
    const { store, pubsub, queue } = setup({ events: 10, fail: 'target column "y" is not numeric' });
    store.addRun('f');
    const stream = kinds(replayThenLive(pubsub, store, 'f'));
    queue.enqueue('f');
    const events = await stream;
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['run.failed', 'run.closed']);
    expect(store.runs.get('f')!.status).toBe('failed');
    expect(store.runs.get('f')!.error).toBe('target column "y" is not numeric');
  });

  it('cancel stops a running plan within one step and keeps the partial leaderboard', async () => {
    const { store, pubsub, queue } = setup({ events: 100_000, spinMs: 2 });
    store.addRun('c');
    let cancelled = false;
    const stream = kinds(replayThenLive(pubsub, store, 'c'), (e) => {
      if (e.kind === 'model.fold.scored' && !cancelled) cancelled = queue.cancel('c');
    });
    queue.enqueue('c');
    const events = await stream;
    expect(cancelled).toBe(true);
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['run.cancelled', 'run.closed']);
    const run = store.runs.get('c')!;
    expect(run.status).toBe('cancelled');
    expect(run.leaderboard).not.toBeNull();
    expect(events.filter((e) => e.kind === 'model.fold.scored').length).toBeLessThan(100_000);
  });

  it('an unexpected error after the claim still ends the run (FAILED, run.closed), not a run stuck RUNNING', async () => {
    const { store, pubsub } = setup({ events: 1 });
    store.addRun('x');
    store.getRun = async () => {
      throw new Error('database went away');
    };
    const errors: unknown[] = [];
    const q = new RunQueue({ concurrency: 1, execute: (id, s) => executeRun({ store, sink: new EventSink(store, pubsub), artifactDir, processId: 'p', planEngine: fakeEngineUrl({ events: 1 }) }, id, s), onError: (e) => errors.push(e) });
    const stream = kinds(replayThenLive(pubsub, store, 'x'));
    q.enqueue('x');
    const events = await stream;
    expect(events.map((e) => e.kind)).toEqual(['run.started', 'run.failed', 'run.closed']);
    expect(store.runs.get('x')!.error).toBe('internal error: database went away');
    await q.stop(1000);
    expect(errors).toHaveLength(1);
  });

  it('a run already claimed elsewhere is not executed twice', async () => {
    const { store, queue, deps } = setup({ events: 3 });
    store.addRun('d');
    const other = setup({ events: 3 });
    // both processes share one store
    const q2 = new RunQueue({ concurrency: 1, execute: (id, s) => executeRun({ ...other.deps, store, sink: deps.sink }, id, s) });
    queue.enqueue('d');
    q2.enqueue('d');
    await deps.sink.flush();
    await Promise.all([queue.stop(5_000), q2.stop(5_000)]);
    await deps.sink.flush();
    const k = store.events.get('d')!.map((e) => e.kind);
    expect(k.filter((x) => x === 'run.started')).toHaveLength(1);
    expect(store.runs.get('d')!.status).toBe('succeeded');
  });

  it('recovery fails runs of a dead process, leaves live ones, and re-queues queued runs', async () => {
    const { store, queue, sink, processId } = setup({ events: 2 });
    const [host] = processId.split(':');
    store.addRun('dead', 'running', { claimedBy: `${host}:${process.pid}:oldboot`, startedAt: new Date(Date.now() - 1000) });
    store.addRun('alive', 'running', { claimedBy: `${host}:${process.ppid}:sibling` });
    store.addRun('q');
    const report = await recoverRuns({ store, sink, processId, enqueue: (id) => queue.enqueue(id) });
    expect(report).toEqual({ failed: ['dead'], requeued: ['q'], leftToOthers: ['alive'] });
    const dead = store.runs.get('dead')!;
    expect(dead.status).toBe('failed');
    expect(dead.error).toBe(INTERRUPTED_MESSAGE);
    expect(dead.durationMs).toBeGreaterThanOrEqual(1000);
    expect(store.events.get('dead')!.map((e) => e.kind)).toEqual(['run.failed', 'run.closed']);
    await queue.stop(10_000);
    await sink.flush();
    expect(store.runs.get('q')!.status).toBe('succeeded');
    expect(store.runs.get('alive')!.status).toBe('running');
  });

  it('graceful stop cancels runs still going after the grace period', async () => {
    const { store, pubsub, queue } = setup({ events: 100_000, spinMs: 2 });
    store.addRun('s');
    let stopping: Promise<void> | null = null;
    const stream = kinds(replayThenLive(pubsub, store, 's'), (e) => {
      if (e.kind === 'model.fold.scored' && !stopping) stopping = queue.stop(0);
    });
    queue.enqueue('s');
    const events = await stream;
    await stopping;
    expect(events.at(-2)?.kind).toBe('run.cancelled');
    expect(store.runs.get('s')!.error).toContain('shutting down');
    expect(liveWorkerCount()).toBe(0);
  });

  it('loading an artifact re-hashes it and refuses a modified file', async () => {
    const { store, pubsub, queue } = setup({ events: 1 });
    store.addRun('t');
    const stream = kinds(replayThenLive(pubsub, store, 't'));
    queue.enqueue('t');
    await stream;
    const art = store.runs.get('t')!.artifacts[0]!;
    await expect(readJsonArtifact(artifactDir, art)).resolves.toMatchObject({ format: 'caretql.pipeline' });
    const full = join(artifactDir, art.path);
    const text = await readFile(full, 'utf8');
    await writeFile(full, text.replace('Fake Model', 'Fake Modem'));
    await expect(readJsonArtifact(artifactDir, art)).rejects.toThrow(/does not match its recorded SHA-256/);
    await expect(readJsonArtifact(artifactDir, { ...art, path: '../../etc/passwd' })).rejects.toThrow(/outside/);
  });
});
