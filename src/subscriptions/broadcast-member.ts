// One graphql-ws subscription in a broadcast group (broadcast-group.ts). Its sequence (replay after its
// cursor, buffer, dedupe, fill holes, end after run.closed) pushes events here in seq order, and each goes
// straight to the socket as a pre-framed `next` message: the group's JSON of the event inside this
// operation's `{"id":…,"type":"next","payload":…}`, one socket.send, no per-subscriber iterator chain.
//
// What graphql-ws still does, through the iterator this class is: the end (`complete`, when next() is
// done), a failure (`error`, when next() rejects), and any result that has errors (handed over to be sent,
// masked, the usual way: the FORBIDDEN of a withdrawn access, or an event whose execution failed). Order
// holds because, while graphql-ws is sending a handed-over result, later events wait in the queue; it asks
// for the next result only once that send is done.
import type { Socket } from 'node:net';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { LiveFeed, RunEventSource, RunEventSequence } from '../jobs/events/index.js';
import { executePrepared, type BroadcastGroup, type Prepared } from './broadcast-group.js';
import type { DeliveryTarget } from './broadcast-target.js';
import { ACCESS_REVOKED, type Handover } from './live-subscriptions.js';

/** A replay page is read only while less than this is waiting in the socket's buffers. */
const REPLAY_HIGH_WATER_BYTES = 1 << 20;
const OPEN = 1; // WebSocket.OPEN

type Item =
  | Prepared
  | { readonly kind: 'pending'; readonly promise: Promise<Prepared> }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly error: unknown };

const DONE: IteratorResult<ExecutionResult> = { value: undefined, done: true };
let sentDirect = 0;

/** `next` messages written by broadcast members so far in this process (tests check the path is taken). */
export function broadcastSendCount(): number {
  return sentDirect;
}

export class BroadcastMember implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: Item[] = [];
  private waiter: { resolve(r: IteratorResult<ExecutionResult>): void; reject(error: unknown): void } | null = null;
  /** graphql-ws is sending a result handed over; it calls next() when done. */
  private handedOver = false;
  /** The queue head is a pending execution being awaited. */
  private awaiting = false;
  /** No more items are accepted: end, failure or revocation queued, or closed. */
  private sealed = false;
  private closed = false;
  private readonly prefix: string;
  private readonly sequence: RunEventSequence;

  constructor(
    group: BroadcastGroup,
    source: RunEventSource,
    private readonly handover: Handover<unknown>,
    private readonly args: ExecutionArgs,
    private readonly target: DeliveryTarget,
  ) {
    this.prefix = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
    // A bus message carries the events of one stored batch: their frames leave in one socket write.
    const feed: LiveFeed = {
      subscribe: (topic, onMessage) => group.subscribe(topic, (message) => this.corked(message, onMessage)),
      unsubscribe: (id) => group.unsubscribe(id),
    };
    this.sequence = source.pushTo(feed, {
      event: (e) => this.deliver(group.prepare(e)),
      end: () => this.seal({ kind: 'end' }),
      fail: (error) => this.seal({ kind: 'failed', error }),
      room: () => this.room(),
    });
    handover.onRevoke(() => this.revoke());
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    this.handedOver = false;
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.pump();
    });
  }

  /** The client completed the operation, or the socket closed: stop at once. */
  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    throw error;
  }

  private corked(message: unknown, onMessage: (message: unknown) => void): void {
    const raw = Array.isArray(message) && message.length > 1 ? this.rawSocket() : undefined;
    raw?.cork();
    try {
      onMessage(message);
    } finally {
      raw?.uncork();
    }
  }

  /** ws's underlying net.Socket (undefined if ws ever stops exposing it: then nothing is corked or waited for). */
  private rawSocket(): Socket | undefined {
    return (this.target.socket as unknown as { _socket?: Socket })._socket;
  }

  private deliver(p: Prepared | Promise<Prepared>): void {
    if (this.sealed) return;
    if (p instanceof Promise) {
      this.queue.push({ kind: 'pending', promise: p });
      this.pump();
    } else if (p.kind === 'json' && this.queue.length === 0 && !this.handedOver) {
      this.write(p.json); // the path nearly every event takes
    } else {
      this.queue.push(p);
      this.pump();
    }
  }

  private seal(item: Item): void {
    if (this.sealed) return;
    this.sealed = true;
    this.queue.push(item);
    this.pump();
  }

  /** Access withdrawn: what was not written yet is dropped, then FORBIDDEN (an error result) and the end. */
  private revoke(): void {
    if (this.sealed) return;
    this.sequence.close();
    this.queue.length = 0;
    const forbidden = executePrepared(this.args, ACCESS_REVOKED);
    this.queue.push(forbidden instanceof Promise ? { kind: 'pending', promise: forbidden } : forbidden);
    this.seal({ kind: 'end' });
  }

  private pump(): void {
    while (!this.closed && !this.handedOver && this.queue.length > 0) {
      const head = this.queue[0]!;
      switch (head.kind) {
        case 'json':
          this.queue.shift();
          this.write(head.json);
          break;
        case 'pending':
          if (!this.awaiting) {
            this.awaiting = true;
            const settle = (item: Item): void => {
              this.awaiting = false;
              if (this.queue[0] === head) this.queue[0] = item;
              this.pump();
            };
            head.promise.then(settle, (error: unknown) => settle({ kind: 'failed', error }));
          }
          return;
        case 'result': {
          const waiter = this.takeWaiter();
          if (!waiter) return;
          this.queue.shift();
          this.handedOver = true;
          waiter.resolve({ value: head.result, done: false });
          return;
        }
        case 'end':
        case 'failed': {
          const waiter = this.takeWaiter();
          if (!waiter) return;
          this.queue.length = 0;
          this.close();
          if (head.kind === 'end') waiter.resolve(DONE);
          else waiter.reject(head.error);
          return;
        }
      }
    }
  }

  private takeWaiter(): BroadcastMember['waiter'] {
    const waiter = this.waiter;
    this.waiter = null;
    return waiter;
  }

  private write(json: string): void {
    const socket = this.target.socket;
    if (socket.readyState !== OPEN) return; // closing: graphql-ws ends the operation (return())
    socket.send(this.prefix + json + '}');
    sentDirect++;
  }

  /** Replay backpressure: another page only once the socket has drained below the high-water mark. */
  private room(): Promise<void> | void {
    const socket = this.target.socket;
    if (this.closed || socket.readyState !== OPEN || socket.bufferedAmount < REPLAY_HIGH_WATER_BYTES) return;
    const raw = this.rawSocket();
    if (!raw) return;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sealed = true;
    this.queue.length = 0;
    this.sequence.close();
    this.handover.release();
    this.takeWaiter()?.resolve(DONE);
  }
}
