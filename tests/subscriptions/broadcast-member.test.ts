// Broadcast members without a server (src/subscriptions/broadcast-member.ts): events written straight to the
// socket and results handed to graphql-ws (an event whose execution failed) keep seq order between them;
// one execution per event serves the whole group; a run event source starts nothing until it is used.
import { GraphQLObjectType, GraphQLInt, GraphQLSchema, GraphQLString, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { PubSub } from 'graphql-subscriptions';
import { describe, expect, it } from 'vitest';
import { runTopic } from '../../src/jobs/events/event-sink.js';
import { RunEventSource } from '../../src/jobs/events/replay-then-live.js';
import type { StoredEvent } from '../../src/jobs/types.js';
import { BroadcastHub } from '../../src/subscriptions/broadcast-group.js';
import { BroadcastMember } from '../../src/subscriptions/broadcast-member.js';
import type { Handover } from '../../src/subscriptions/live-subscriptions.js';

let executions = 0;
const EventType = new GraphQLObjectType({ name: 'E', fields: { seq: { type: GraphQLInt }, kind: { type: GraphQLString } } });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      runEvents: {
        type: EventType,
        resolve: (e: StoredEvent) => {
          executions++;
          if (e.kind === 'broken') throw new Error('cannot resolve this one');
          return e;
        },
      },
    },
  }),
});
const document = parse('subscription { runEvents { seq kind } }');

const event = (seq: number, kind = 'tick'): StoredEvent =>
  ({ id: String(seq), runId: 'r', seq, kind, message: null, payload: null, durationMs: null, emittedAt: new Date(0) }) as StoredEvent;

/** A socket that logs what is written; and a handover that counts releases. */
function fixture(log: string[], name: string) {
  const socket = { readyState: 1, bufferedAmount: 0, send: (data: string) => void log.push(`${name} direct ${data}`) };
  let released = 0;
  const handover = { source: null, onRevoke: () => undefined, release: () => void released++ } as unknown as Handover<unknown>;
  return { socket, handover, released: () => released };
}

/** Iterates a member as graphql-ws does: each result is "sent" (logged) asynchronously before the next is asked. */
async function asGraphqlWs(member: BroadcastMember, log: string[], name: string): Promise<void> {
  for (;;) {
    const r = await member.next();
    if (r.done) break;
    await new Promise((resolve) => setImmediate(resolve));
    log.push(`${name} handed ${JSON.stringify((r.value as ExecutionResult).data)} ${(r.value as ExecutionResult).errors?.[0]?.message}`);
  }
  log.push(`${name} complete`);
}

describe('BroadcastMember', () => {
  it('keeps seq order across direct writes and handed-over results, one execution per event for the group', async () => {
    const pubsub = new PubSub();
    const store = { readEvents: async (_run: string, after: number) => [event(1), event(2)].filter((e) => e.seq > after) };
    const hub = new BroadcastHub(pubsub);
    const log: string[] = [];
    const args: ExecutionArgs = { schema, document, contextValue: {} };
    const a = fixture(log, 'a');
    const b = fixture(log, 'b');
    const source = (after: number) => new RunEventSource(pubsub, store, 'r', { after });
    const ma = new BroadcastMember(hub.group('r', args), source(0), a.handover, args, { socket: a.socket as never, id: 'A' });
    const mb = new BroadcastMember(hub.group('r', { ...args, contextValue: {} }), source(1), b.handover, args, { socket: b.socket as never, id: 'B' });
    expect(hub.groupCount).toBe(1);
    const done = Promise.all([asGraphqlWs(ma, log, 'a'), asGraphqlWs(mb, log, 'b')]);
    // Once both replays are written, the live events follow (the broken one goes through "graphql-ws").
    while (log.filter((l) => l.includes('"seq":2,')).length < 2) await new Promise((resolve) => setImmediate(resolve));
    const before = executions;
    await pubsub.publish(runTopic('r'), [event(3, 'broken'), event(4), event(5)]);
    await pubsub.publish(runTopic('r'), [event(6, 'run.closed')]);
    await done;
    expect(executions - before).toBe(4); // events 3..6 once each for both members
    const of = (name: string) => log.filter((l) => l.startsWith(`${name} `));
    expect(of('a')).toEqual([
      'a direct {"id":"A","type":"next","payload":{"data":{"runEvents":{"seq":1,"kind":"tick"}}}}',
      'a direct {"id":"A","type":"next","payload":{"data":{"runEvents":{"seq":2,"kind":"tick"}}}}',
      'a handed {"runEvents":null} cannot resolve this one',
      'a direct {"id":"A","type":"next","payload":{"data":{"runEvents":{"seq":4,"kind":"tick"}}}}',
      'a direct {"id":"A","type":"next","payload":{"data":{"runEvents":{"seq":5,"kind":"tick"}}}}',
      'a direct {"id":"A","type":"next","payload":{"data":{"runEvents":{"seq":6,"kind":"run.closed"}}}}',
      'a complete',
    ]);
    expect(of('b').map((l) => l.replace(/^b /, 'a ').replace('"id":"B"', '"id":"A"'))).toEqual(of('a').slice(1));
    expect([a.released(), b.released()]).toEqual([1, 1]);
    expect(hub.groupCount).toBe(0); // the last member left: the bus subscription and the group are gone
  });

  it('a run event source subscribes to nothing until it is iterated or pushed', async () => {
    const pubsub = new PubSub();
    let reads = 0;
    const store = { readEvents: async () => (reads++, []) };
    const listeners = () => (pubsub as unknown as { ee: { listenerCount(t: string): number } }).ee.listenerCount(runTopic('r'));
    const unused = new RunEventSource(pubsub, store, 'r');
    await new Promise((resolve) => setImmediate(resolve));
    expect([listeners(), reads]).toEqual([0, 0]);
    await unused.return();
    expect(await unused.next()).toEqual({ value: undefined, done: true });
    const iterated = new RunEventSource(pubsub, store, 'r');
    void iterated.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect(listeners()).toBe(1);
    expect(() => iterated.pushTo(pubsub, { event: () => undefined, end: () => undefined, fail: () => undefined, room: () => undefined })).toThrow();
    await iterated.return();
    await new Promise((resolve) => setImmediate(resolve));
    expect(listeners()).toBe(0);
  });
});
