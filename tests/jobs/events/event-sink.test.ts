import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { EventSink, runTopic } from '../../../src/jobs/events/event-sink.js';
import type { NewRun, StoredEvent } from '../../../src/jobs/types.js';
import { TEST_SNAPSHOT } from '../../helpers/memory-store.js';
import { MemoryJobStore } from '../../helpers/memory-store.js';

const newRun = (id: string): NewRun => ({
  id, experimentId: 'exp', plan: 'compare', modelId: null, snapshot: TEST_SNAPSHOT, params: {},
  idempotencyKey: null, createdBy: null, createdAt: new Date(0),
});

function collect(pubsub: PubSub, runId: string): Promise<StoredEvent[]> & { events: StoredEvent[] } {
  const events: StoredEvent[] = [];
  const p = pubsub.subscribe(runTopic(runId), (batch: StoredEvent[]) => events.push(...batch)).then(() => events);
  return Object.assign(p, { events });
}

describe('EventSink', () => {
  it('assigns seq 1..n continuing from lastSeq, batches, and publishes only stored events in order', async () => {
    const store = new MemoryJobStore();
    store.addRun('r1', 'running', { lastSeq: 3 });
    const pubsub = new PubSub();
    const received: StoredEvent[] = [];
    let messages = 0;
    await pubsub.subscribe(runTopic('r1'), (batch: StoredEvent[]) => {
      messages++;
      for (const e of batch) {
        // published only after it is stored
        expect(store.events.get('r1')!.some((s) => s.seq === e.seq)).toBe(true);
        received.push(e);
      }
    });
    const sink = new EventSink(store, pubsub, { maxBatch: 100 });
    for (let i = 0; i < 1000; i++) sink.emit('r1', { kind: 'k', payload: { i } });
    await sink.flush('r1');
    expect(received.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 4));
    expect(received.map((e) => e.payload?.['i'])).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(store.runs.get('r1')!.lastSeq).toBe(1003);
    expect(store.transactions).toBe(10); // 1000 events in batches of 100
    expect(messages).toBe(10); // one publication per batch
  });

  it('keeps commit order with emits and stores nothing when the transition does not apply', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const got = collect(pubsub, 'r');
    await got;
    const sink = new EventSink(store, pubsub);
    sink.emit('r', { kind: 'a' });
    const done = sink.commit('r', [{ kind: 'run.succeeded' }, { kind: 'run.closed' }], { from: ['running'], patch: { status: 'succeeded' } });
    const refused = sink.commit('r', [{ kind: 'run.failed' }], { from: ['running'], patch: { status: 'failed' } });
    expect((await done)!.map((e) => e.seq)).toEqual([2, 3]);
    expect(await refused).toBeNull();
    expect(got.events.map((e) => e.kind)).toEqual(['a', 'run.succeeded', 'run.closed']);
    expect(store.runs.get('r')!.status).toBe('succeeded');
  });

  it('retries a failed batch and reports one it has to give up', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const errors: unknown[] = [];
    const sink = new EventSink(store, new PubSub(), { attempts: 2, onError: (e) => errors.push(e) });
    store.failNext = 1;
    sink.emit('r', { kind: 'survives' });
    await sink.flush('r');
    store.failNext = 2;
    sink.emit('r', { kind: 'lost' });
    await sink.flush('r');
    sink.emit('r', { kind: 'after' });
    await sink.flush('r');
    expect(store.events.get('r')!.map((e) => [e.seq, e.kind])).toEqual([[1, 'survives'], [2, 'after']]);
    expect(errors).toHaveLength(1);
  });

  it('rejects a commit whose transaction fails and goes on with the run', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const sink = new EventSink(store, new PubSub());
    store.failNext = 1;
    await expect(sink.commit('r', [{ kind: 'x' }])).rejects.toThrow('simulated database failure');
    expect((await sink.commit('r', [{ kind: 'y' }]))!.map((e) => e.seq)).toEqual([1]);
  });

  it('create stores a new run with its first event as seq 1 and publishes it before later events', async () => {
    const store = new MemoryJobStore();
    const pubsub = new PubSub();
    const got = collect(pubsub, 'n');
    await got;
    const sink = new EventSink(store, pubsub);
    const created = sink.create(newRun('n'), { kind: 'run.queued', message: 'queued' });
    sink.emit('n', { kind: 'next' });
    expect(await created).toMatchObject({ runId: 'n', seq: 1, kind: 'run.queued', message: 'queued' });
    await sink.flush('n');
    expect(got.events.map((e) => [e.seq, e.kind])).toEqual([[1, 'run.queued'], [2, 'next']]);
    expect(store.runs.get('n')).toMatchObject({ status: 'queued', lastSeq: 2 });
  });

  it('create rejects and publishes nothing when the insert fails', async () => {
    const store = new MemoryJobStore();
    const pubsub = new PubSub();
    const got = collect(pubsub, 'x');
    await got;
    const sink = new EventSink(store, pubsub);
    store.failNext = 1;
    await expect(sink.create(newRun('x'), { kind: 'run.queued' })).rejects.toThrow('simulated database failure');
    await sink.flush('x');
    expect(got.events).toEqual([]);
    expect(store.runs.has('x')).toBe(false);
  });
});

describe('EventSink while the bus is down', () => {
  it('issue 13 item 11: a new run is stored and create() resolves within publishWaitMs although publishing hangs; the publication follows later in order', async () => {
    const store = new MemoryJobStore();
    const inner = new PubSub();
    let release: () => void = () => undefined;
    const outage = new Promise<void>((r) => (release = r));
    // A bus whose publish hangs until "Redis is back" (ioredis queues commands while disconnected).
    const hanging = Object.assign(Object.create(inner) as PubSub, {
      publish: async (topic: string, payload: unknown) => {
        await outage;
        return inner.publish(topic, payload);
      },
    });
    const received = collect(inner, 'r9');
    await received;
    const sink = new EventSink(store, hanging, { publishWaitMs: 20 });
    const first = await sink.create(newRun('r9'), { kind: 'run.queued' });
    expect(first.seq).toBe(1);
    expect(store.runs.get('r9')?.status).toBe('queued');
    expect(received.events).toEqual([]);
    release();
    await sink.flush('r9');
    await expect.poll(() => received.events.map((e) => e.seq)).toEqual([1]);
  });
});
