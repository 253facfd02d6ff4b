// Every live subscription of this process, registered when it starts: capped per socket and per user, and
// re-authorised while it streams. Access is re-checked (the token or API key still valid, the user still a
// member of the workspace) when a membership or key changes — any process publishes the change on
// ACCESS_CHANGED_TOPIC, so a removal on process A ends the stream on process B — and on a timer for
// everything (expiry, or a change whose message was lost). A subscription that lost access yields one
// last value, ACCESS_REVOKED, which the field's resolve turns into a FORBIDDEN error (resolveLive), then ends.
// Generic: a subscription field registers its workspace and its source iterator (runEvents; experimentRuns).
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Viewer } from '../auth/authenticate.js';
import type { Em, Orm } from '../db.js';
import { ApiKey, User, WorkspaceMember } from '../entities/index.js';
import { badInput, forbidden } from '../errors.js';
import type { Logger } from '../logger.js';

export const ACCESS_CHANGED_TOPIC = 'access:changed';

/** What changed: subscriptions of this user, this API key or in this workspace are re-checked. */
export interface AccessChange {
  userId?: string;
  apiKeyId?: string;
  workspaceId?: string;
}

/** The last value of a subscription whose access was withdrawn (see resolveLive). */
export const ACCESS_REVOKED: unique symbol = Symbol('access revoked');
export type Live<T> = T | typeof ACCESS_REVOKED;

/** For a subscription field's resolve: the event, or FORBIDDEN once the subscriber lost access. */
export function resolveLive<T>(value: Live<T>): T {
  if (value === ACCESS_REVOKED) return forbidden('Access to this subscription was withdrawn (membership or key changed)');
  return value;
}

export interface LiveSubscriptionLimits {
  maxPerSocket: number;
  maxPerUser: number;
  /** Every open subscription's access is re-checked this often. */
  recheckMs: number;
}

/**
 * A registered subscription taken over by another deliverer (a broadcast group writes its events to the
 * socket): the same cap slot and re-authorisation, without the wrapper iterator.
 */
export interface Handover<T> {
  readonly source: AsyncIterableIterator<T>;
  /** Called once if access is withdrawn (at once if it already was). */
  onRevoke(listener: () => void): void;
  /** Frees the cap slot and stops re-checks (idempotent). */
  release(): void;
}

const handovers = new WeakMap<object, (accept: (source: AsyncIterableIterator<unknown>) => boolean) => Handover<unknown> | undefined>();

/**
 * Takes over a subscription returned by LiveSubscriptions.register when `accept` accepts its source: the
 * wrapper is then spent (it yields nothing) and the taker delivers, revokes and releases. Otherwise undefined.
 */
export function takeOver(iterator: object, accept: (source: AsyncIterableIterator<unknown>) => boolean): Handover<unknown> | undefined {
  return handovers.get(iterator)?.(accept);
}

interface Entry {
  readonly viewer: Viewer;
  readonly workspaceId: string;
  readonly socketId: string | null;
  revoke(): void;
}

/** Still the same viewer with access to the workspace: token's user exists / key valid, and a membership. */
export async function stillAuthorised(em: Em, viewer: Viewer, workspaceId: string, now = new Date()): Promise<boolean> {
  if (viewer.via === 'apikey') {
    if (!viewer.apiKeyId) return false;
    const key = await em.findOne(ApiKey, { id: viewer.apiKeyId }, { fields: ['revokedAt', 'expiresAt'] });
    if (!key || key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= now.getTime())) return false;
  } else if (!(await em.count(User, { id: viewer.userId }))) return false;
  return (await em.count(WorkspaceMember, { workspace: workspaceId, user: viewer.userId })) > 0;
}

export class LiveSubscriptions {
  private readonly entries = new Set<Entry>();
  private readonly perSocket = new Map<string, number>();
  private readonly perUser = new Map<string, number>();
  private subId: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: Orm,
    private readonly pubsub: PubSubEngine,
    private readonly limits: LiveSubscriptionLimits,
    private readonly log: Logger,
  ) {}

  get openCount(): number {
    return this.entries.size;
  }

  async start(): Promise<void> {
    this.subId = await this.pubsub.subscribe(ACCESS_CHANGED_TOPIC, (change: AccessChange) => this.recheck((e) => matches(e, change)), {});
    this.timer = setInterval(() => this.recheck(() => true), this.limits.recheckMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.subId !== null) this.pubsub.unsubscribe(this.subId);
    this.subId = null;
  }

  /** Tells every process that access changed (after the change committed). Never throws. */
  async accessChanged(change: AccessChange): Promise<void> {
    try {
      await this.pubsub.publish(ACCESS_CHANGED_TOPIC, change);
    } catch (err) {
      this.log.warn('could not publish an access change; the periodic re-check will catch it', { err });
    }
  }

  /** Re-checks the matching subscriptions one after another (one database fork per check). */
  recheck(which: (e: Entry) => boolean): Promise<void> {
    const selected = [...this.entries].filter(which);
    this.checking = this.checking.then(async () => {
      for (const entry of selected) {
        if (!this.entries.has(entry)) continue;
        try {
          if (!(await stillAuthorised(this.orm.em.fork() as Em, entry.viewer, entry.workspaceId))) entry.revoke();
        } catch (err) {
          this.log.warn('subscription access re-check failed', { err });
        }
      }
    });
    return this.checking;
  }

  /**
   * Registers a subscription (BAD_USER_INPUT when the socket or the user is at the cap) and returns its
   * source wrapped: it ends when the client stops, the source ends, or access is withdrawn.
   */
  register<T>(
    source: AsyncIterableIterator<T>,
    owner: { viewer: Viewer; workspaceId: string; socketId: string | null },
  ): AsyncIterableIterator<Live<T>> {
    const { viewer, socketId } = owner;
    if (socketId !== null && (this.perSocket.get(socketId) ?? 0) >= this.limits.maxPerSocket) {
      void source.return?.();
      return badInput(`at most ${this.limits.maxPerSocket} subscriptions per connection`, 'subscription');
    }
    if ((this.perUser.get(viewer.userId) ?? 0) >= this.limits.maxPerUser) {
      void source.return?.();
      return badInput(`at most ${this.limits.maxPerUser} open subscriptions per user`, 'subscription');
    }
    let revoked = false;
    let finished = false;
    // Wakes the next() waiting for the source, if one is. Per call rather than one Promise.race against a
    // long-lived "revoked" promise: each race would leave a reaction on that promise until the
    // subscription ends (one per event per subscriber, which a 1,000-subscriber run pays for in GC).
    let wakeRevoked: (() => void) | null = null;
    let takenOver = false;
    let revokeListener: (() => void) | null = null;
    const release = (): void => {
      if (finished) return;
      finished = true;
      this.entries.delete(entry);
      bump(this.perUser, viewer.userId, -1);
      if (socketId !== null) bump(this.perSocket, socketId, -1);
    };
    const entry: Entry = {
      viewer,
      workspaceId: owner.workspaceId,
      socketId,
      revoke: () => {
        if (revoked) return;
        revoked = true;
        this.log.info('subscription ended: access withdrawn', { userId: viewer.userId, workspaceId: owner.workspaceId });
        if (revokeListener) revokeListener();
        else wakeRevoked?.();
      },
    };
    this.entries.add(entry);
    bump(this.perUser, viewer.userId, 1);
    if (socketId !== null) bump(this.perSocket, socketId, 1);

    let sentRevoked = false;
    const iterator: AsyncIterableIterator<Live<T>> = {
      [Symbol.asyncIterator]: () => iterator,
      async next(): Promise<IteratorResult<Live<T>>> {
        if (takenOver || (finished && !revoked)) return { value: undefined, done: true };
        if (revoked) {
          if (sentRevoked) return { value: undefined, done: true };
          sentRevoked = true;
          release();
          void source.return?.();
          return { value: ACCESS_REVOKED, done: false };
        }
        const result = await new Promise<IteratorResult<T> | 'revoked'>((resolve, reject) => {
          wakeRevoked = () => resolve('revoked');
          source.next().then(resolve, reject);
        });
        wakeRevoked = null;
        if (result === 'revoked') return iterator.next();
        if (result.done) release();
        return result;
      },
      async return(): Promise<IteratorResult<Live<T>>> {
        if (takenOver) return { value: undefined, done: true };
        release();
        await source.return?.();
        return { value: undefined, done: true };
      },
      async throw(error?: unknown): Promise<IteratorResult<Live<T>>> {
        if (takenOver) throw error;
        release();
        await source.return?.();
        throw error;
      },
    };
    handovers.set(iterator, (accept) => {
      if (takenOver || finished || !accept(source)) return undefined;
      takenOver = true;
      handovers.delete(iterator);
      return {
        source,
        onRevoke: (listener) => {
          revokeListener = listener;
          if (revoked) listener();
        },
        release,
      };
    });
    return iterator;
  }
}

function matches(e: Entry, change: AccessChange): boolean {
  return (
    (change.userId !== undefined && e.viewer.userId === change.userId) ||
    (change.apiKeyId !== undefined && e.viewer.apiKeyId === change.apiKeyId) ||
    (change.workspaceId !== undefined && e.workspaceId === change.workspaceId)
  );
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
