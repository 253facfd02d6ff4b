// Broadcast groups: every graphql-ws subscription of one run with the same document (broadcast-key.ts)
// in this process shares one group. The group holds ONE bus subscription on run:<id> (in memory, or one
// Redis channel listener) and hands each message to its members' sequences (replay, buffer, dedupe, holes:
// jobs/events/run-event-sequence.ts) synchronously; each event is executed and serialised once per group,
// and the members write it to their sockets (broadcast-member.ts). Results do not depend on the viewer
// (RunEvent's fields are the event's), so the first member's execution arguments serve the whole group,
// as in plugins/shared-subscription-results.ts.
import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { LiveFeed } from '../jobs/events/index.js';
import { runTopic } from '../jobs/events/index.js';
import type { StoredEvent } from '../jobs/types.js';
import { broadcastKey } from './broadcast-key.js';

/** An executed event: its JSON when it has no errors (sent as is), else the result (sent by graphql-ws, masked). */
export type Prepared = { readonly kind: 'json'; readonly json: string } | { readonly kind: 'result'; readonly result: ExecutionResult };

export function prepare(result: ExecutionResult): Prepared {
  return result.errors?.length ? { kind: 'result', result } : { kind: 'json', json: JSON.stringify(result) };
}

export function executePrepared(args: ExecutionArgs, rootValue: unknown): Prepared | Promise<Prepared> {
  const result = execute({ ...args, rootValue });
  return result instanceof Promise ? result.then(prepare) : prepare(result);
}

export class BroadcastGroup implements LiveFeed {
  private readonly listeners = new Map<number, (message: unknown) => void>();
  private nextListener = 1;
  private busSubscription: Promise<number> | null = null;
  private readonly prepared = new WeakMap<StoredEvent, Prepared | Promise<Prepared>>();
  private readonly topic: string;

  constructor(
    private readonly bus: LiveFeed,
    readonly runId: string,
    private readonly template: ExecutionArgs,
    private readonly onEmpty: () => void,
  ) {
    this.topic = runTopic(runId);
  }

  get memberCount(): number {
    return this.listeners.size;
  }

  /** A member's live feed: resolves once the group's bus subscription is active. */
  subscribe(topic: string, onMessage: (message: unknown) => void): Promise<number> {
    if (topic !== this.topic) return Promise.reject(new Error(`broadcast group of ${this.topic} asked for ${topic}`));
    const id = this.nextListener++;
    this.listeners.set(id, onMessage);
    if (!this.busSubscription) {
      const subscription = this.bus.subscribe(this.topic, (message) => this.dispatch(message), {});
      this.busSubscription = subscription;
      subscription.catch(() => {
        if (this.busSubscription === subscription) this.busSubscription = null;
      });
    }
    return this.busSubscription.then(
      () => id,
      (error: unknown) => {
        this.unsubscribe(id);
        throw error;
      },
    );
  }

  unsubscribe(id: number): void {
    if (!this.listeners.delete(id) || this.listeners.size > 0) return;
    const subscription = this.busSubscription;
    this.busSubscription = null;
    subscription?.then((busId) => this.bus.unsubscribe(busId)).catch(() => undefined);
    this.onEmpty();
  }

  /** The event executed with the group's document, once for every member (replayed events included). */
  prepare(e: StoredEvent): Prepared | Promise<Prepared> {
    let p = this.prepared.get(e);
    if (!p) {
      p = executePrepared(this.template, e);
      this.prepared.set(e, p);
    }
    return p;
  }

  private dispatch(message: unknown): void {
    for (const listener of this.listeners.values()) {
      try {
        listener(message);
      } catch {
        // A member's failure (its socket) must not cost the others their event; that member's socket closes.
      }
    }
  }
}

/** The groups of this process, by run and broadcast key. */
export class BroadcastHub {
  private readonly groups = new Map<string, BroadcastGroup>();

  constructor(private readonly bus: LiveFeed) {}

  get groupCount(): number {
    return this.groups.size;
  }

  /** The group for this run and document (created with `args` as its execution template when new). */
  group(runId: string, args: ExecutionArgs): BroadcastGroup {
    const key = `${runId}\u0000${broadcastKey(args)}`;
    let group = this.groups.get(key);
    if (!group) {
      const created: BroadcastGroup = new BroadcastGroup(this.bus, runId, args, () => {
        if (this.groups.get(key) === created) this.groups.delete(key);
      });
      group = created;
      this.groups.set(key, group);
    }
    return group;
  }
}
