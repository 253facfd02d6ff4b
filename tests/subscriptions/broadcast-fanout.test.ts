// The broadcast path of runEvents over graphql-ws (src/subscriptions/broadcast-*.ts), on the in-memory bus
// and on Redis: 200 subscribers of one run, of which some were there from the start, some join mid-run
// (replaying from the store, some from a cursor, while events keep coming) and some leave early. Every one
// that stays gets every event after its cursor exactly once, in seq order, then completion; the leavers get
// an in-order prefix and their server-side subscriptions are released; the bus carries one subscription
// for the whole group (one listener in memory, one on the Redis channel); the events went out on the
// broadcast path (broadcastSendCount), not through graphql-ws's per-subscriber loop.
// The run is driven by the test through the event sink (no engine), so where each subscriber joins is
// decided by the test, not by timing.
import { print, type ExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { Experiment, Run } from '../../src/entities/index.js';
import { runTopic } from '../../src/jobs/events/event-sink.js';
import { broadcastSendCount } from '../../src/subscriptions/broadcast-member.js';
import { RunEventsSeqDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { canUse } from '../helpers/infra.js';
import { newExperiment, newOwner } from '../helpers/runs.js';
import { createWsClient } from '../helpers/ws.js';

const FROM_START = 110;
const LEAVERS = 40; // subscribed from the start, unsubscribe after LEAVE_AFTER events
const LEAVE_AFTER = 10;
const DROPPERS = 10; // subscribed from the start, their socket closes after DROP_AFTER events
const DROP_AFTER = 5;
const JOINERS = 40; // subscribe after JOIN_AT events: half from the beginning, half after a cursor
const JOIN_AT = 25;
const JOIN_CURSOR = 7;
const EVENTS = 60; // emitted by the test, then run.succeeded and run.closed
const redis = await canUse('redis');

interface Seen {
  seqs: number[];
  kinds: string[];
  /** Resolves at the first event (the subscription is live by then). */
  first: Promise<void>;
  /** Resolves at completion (rejects on an error). */
  done: Promise<void>;
  stop: () => void;
}

function follow(client: Client, runId: string, after: number | null, onEvent?: (seen: Seen) => void): Seen {
  let onFirst: () => void = () => undefined;
  const seen: Seen = { seqs: [], kinds: [], first: new Promise<void>((r) => (onFirst = r)), done: Promise.resolve(), stop: () => undefined };
  seen.done = new Promise<void>((resolve, reject) => {
    seen.stop = client.subscribe<{ runEvents: { seq: number; kind: string } }>(
      { query: print(RunEventsSeqDocument), variables: { runId, after } },
      {
        next: (r: ExecutionResult<{ runEvents: { seq: number; kind: string } }>) => {
          if (r.errors?.length) return reject(new Error(r.errors[0]!.message));
          seen.seqs.push(r.data!.runEvents.seq);
          seen.kinds.push(r.data!.runEvents.kind);
          onFirst();
          onEvent?.(seen);
        },
        error: (e: unknown) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => resolve(),
      },
    );
  });
  return seen;
}

/** A RUNNING run claimed by this process (so recovery leaves it alone); its events come from the test. */
async function runningRun(t: TestApp, experimentId: string): Promise<string> {
  const em = t.services.orm.em.fork();
  const run = em.create(Run, {
    experiment: em.getReference(Experiment, experimentId),
    plan: 'compare',
    status: 'running',
    snapshot: {},
    params: {},
    claimedBy: t.services.runs.processId,
    heartbeatAt: new Date(),
  } as never);
  await em.flush();
  return run.id;
}

/** Subscriptions to `topic` on the app's bus: listeners in memory, subscription ids on the Redis channel. */
function busSubscriptions(t: TestApp, topic: string): number {
  const inner = (t.services.pubsub as unknown as { inner: { ee?: { listenerCount(t: string): number }; subsRefsMap?: Map<string, Set<number>> } }).inner;
  return inner.subsRefsMap ? (inner.subsRefsMap.get(topic)?.size ?? 0) : inner.ee!.listenerCount(topic);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function until(condition: () => boolean, what: string): Promise<void> {
  // Polls on the event loop (no fixed sleep): the events it waits for arrive on the same loop.
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe.each([
  ['in-memory', false],
  ['Redis', true],
] as const)('runEvents broadcast on the %s bus', (_name, useRedis) => {
  it.skipIf(useRedis && !redis)('200 subscribers: from the start, joining mid-run, leaving early: each event once, in order', async () => {
    const t = await startTestApp({ redis: useRedis });
    const clients: Client[] = [];
    try {
      const owner = await newOwner(t);
      const runId = await runningRun(t, await newExperiment(t, owner));
      const { sink } = t.services.runs;
      for (let i = 0; i < FROM_START + LEAVERS + DROPPERS + JOINERS; i++) clients.push(createWsClient(t.wsUrl, owner.user.token));
      const sentBefore = broadcastSendCount();

      // Before any event: a first event makes every subscription live before the measured ones.
      sink.emit(runId, { kind: 'warmup' });
      const early = clients.slice(0, FROM_START).map((c) => follow(c, runId, null));
      const leavers = clients.slice(FROM_START, FROM_START + LEAVERS).map((c) =>
        follow(c, runId, null, (s) => {
          if (s.seqs.length === LEAVE_AFTER) s.stop();
        }),
      );
      const droppers = clients.slice(FROM_START + LEAVERS, FROM_START + LEAVERS + DROPPERS).map((c) =>
        follow(c, runId, null, (s) => {
          if (s.seqs.length === DROP_AFTER) void c.dispose();
        }),
      );
      await Promise.all([...early, ...leavers, ...droppers].map((s) => s.first));
      expect(t.services.subscriptions.openCount).toBe(FROM_START + LEAVERS + DROPPERS);
      expect(busSubscriptions(t, runTopic(runId))).toBe(1); // one for the group, not one per subscriber

      for (let i = 1; i < JOIN_AT; i++) sink.emit(runId, { kind: 'tick', payload: { i } });
      await sink.flush(runId);
      await until(() => early.every((s) => s.seqs.length === JOIN_AT), 'the early subscribers to see the first events');
      // The leavers and droppers are gone on the server too, before the run ends.
      await until(() => t.services.subscriptions.openCount === FROM_START, 'the leavers and droppers to be released');
      // Joiners subscribe while the next events are being stored and published (replay, buffer, drain).
      const joiners = clients.slice(FROM_START + LEAVERS + DROPPERS).map((c, i) => follow(c, runId, i % 2 === 0 ? null : JOIN_CURSOR));
      for (let i = JOIN_AT; i < EVENTS; i++) {
        sink.emit(runId, { kind: 'tick', payload: { i } });
        if (i % 5 === 0) await new Promise((r) => setImmediate(r));
      }
      await sink.commit(runId, [{ kind: 'run.succeeded' }, { kind: 'run.closed' }]);
      const last = EVENTS + 2;

      await Promise.all([...early, ...joiners].map((s) => s.done));
      for (const s of early) {
        expect(s.seqs).toEqual(range(1, last));
        expect(s.kinds.at(-1)).toBe('run.closed');
      }
      joiners.forEach((s, i) => expect(s.seqs).toEqual(range(i % 2 === 0 ? 1 : JOIN_CURSOR + 1, last)));
      for (const s of leavers) expect(s.seqs).toEqual(range(1, s.seqs.length));
      expect(leavers.every((s) => s.seqs.length >= LEAVE_AFTER)).toBe(true);
      for (const s of droppers) expect(s.seqs).toEqual(range(1, s.seqs.length));
      expect(droppers.every((s) => s.seqs.length >= DROP_AFTER)).toBe(true);

      // Everyone's subscription is released (leavers by their complete, droppers by the socket's close, the
      // rest at run.closed).
      await until(() => t.services.subscriptions.openCount === 0, 'every subscription to be released');
      await until(() => busSubscriptions(t, runTopic(runId)) === 0, 'the group to leave the bus');
      // Every event the staying subscribers got went out on the broadcast path.
      const stayed = [...early, ...joiners].reduce((n, s) => n + s.seqs.length, 0);
      expect(broadcastSendCount() - sentBefore).toBeGreaterThanOrEqual(stayed + LEAVERS * LEAVE_AFTER);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await t.stop();
    }
  }, 120_000);
});
