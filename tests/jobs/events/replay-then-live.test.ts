import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { EventSink, runTopic } from '../../../src/jobs/events/event-sink.js';
import { replayThenLive } from '../../../src/jobs/events/replay-then-live.js';
import type { StoredEvent } from '../../../src/jobs/types.js';
import { MemoryJobStore } from '../../helpers/memory-store.js';

async function drain(it: AsyncIterable<StoredEvent>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const e of it) seqs.push(e.seq);
  return seqs;
}

/** Counts live listeners on the in-memory bus (to prove unsubscribe). */
function listeners(pubsub: PubSub, runId: string): number {
  return (pubsub as unknown as { ee: { listenerCount(t: string): number } }).ee.listenerCount(runTopic(runId));
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('replayThenLive', () => {
  it('replays a finished run (after any offset) and ends after run.closed', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const sink = new EventSink(store, pubsub);
    for (let i = 0; i < 25; i++) sink.emit('r', { kind: 'e' });
    await sink.commit('r', [{ kind: 'run.succeeded' }, { kind: 'run.closed' }]);
    expect(await drain(replayThenLive(pubsub, store, 'r', { pageSize: 7 }))).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(await drain(replayThenLive(pubsub, store, 'r', { after: 20, pageSize: 7 }))).toEqual([21, 22, 23, 24, 25, 26, 27]);
    expect(listeners(pubsub, 'r')).toBe(0);
  });

  it('200 subscribers joining at random moments of a live run all see exactly 1..n', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const sink = new EventSink(store, pubsub, { maxBatch: 16 });
    const random = mulberry32(42);
    const total = 2000;
    const joinAt = Array.from({ length: 200 }, () => Math.floor(random() * total));
    const results: Array<Promise<number[]>> = [];
    for (let i = 0; i < total; i++) {
      sink.emit('r', { kind: 'e' });
      for (const j of joinAt) if (j === i) results.push(drain(replayThenLive(pubsub, store, 'r', { pageSize: 50 })));
      if (i % 97 === 0) await new Promise((r) => setImmediate(r)); // let batches commit between joins
    }
    await sink.commit('r', [{ kind: 'run.closed' }]);
    const expected = Array.from({ length: total + 1 }, (_, i) => i + 1);
    const seen = await Promise.all(results);
    expect(seen).toHaveLength(200);
    for (const s of seen) expect(s).toEqual(expected);
    expect(listeners(pubsub, 'r')).toBe(0);
  });

  it('fills a hole from the store when a publication was lost', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const it = replayThenLive(pubsub, store, 'r');
    const seqs = drain(it);
    await new Promise((r) => setImmediate(r));
    // Store 3 events but publish only the last: 1 and 2 must come from the store.
    const stored = (await store.append('r', [{ kind: 'a' }, { kind: 'b' }, { kind: 'c' }]))!;
    await pubsub.publish(runTopic('r'), stored[2]);
    const closed = (await store.append('r', [{ kind: 'run.closed' }]))!;
    await pubsub.publish(runTopic('r'), closed[0]);
    expect(await seqs).toEqual([1, 2, 3, 4]);
  });

  it('accepts events that crossed Redis as JSON (dates as strings), deduped', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const it = replayThenLive(pubsub, store, 'r');
    const first = it.next();
    await new Promise((r) => setImmediate(r));
    const stored = (await store.append('r', [{ kind: 'a' }, { kind: 'run.closed' }]))!;
    await pubsub.publish(runTopic('r'), JSON.parse(JSON.stringify(stored)));
    for (const e of stored) await pubsub.publish(runTopic('r'), JSON.parse(JSON.stringify(e)));
    const a = await first;
    expect(a.value?.emittedAt).toBeInstanceOf(Date);
    expect((await it.next()).value?.kind).toBe('run.closed');
    expect((await it.next()).done).toBe(true);
  });

  it('return() unsubscribes at once while next() is waiting', async () => {
    const store = new MemoryJobStore();
    store.addRun('r', 'running');
    const pubsub = new PubSub();
    const it = replayThenLive(pubsub, store, 'r');
    const waiting = it.next();
    await new Promise((r) => setImmediate(r));
    expect(listeners(pubsub, 'r')).toBe(1);
    await it.return!();
    expect((await waiting).done).toBe(true);
    await Promise.resolve();
    expect(listeners(pubsub, 'r')).toBe(0);
  });

  it('surfaces a store failure to the consumer and unsubscribes', async () => {
    const pubsub = new PubSub();
    const broken = { readEvents: async () => Promise.reject(new Error('db down')) };
    const it = replayThenLive(pubsub, broken, 'r');
    await expect(it.next()).rejects.toThrow('db down');
    await Promise.resolve();
    expect(listeners(pubsub, 'r')).toBe(0);
  });
});
