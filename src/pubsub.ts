import { EventEmitter } from 'node:events';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from './logger.js';
import { ioredis, redisSubscriptions } from './redis-modules.js';

/** Topic of one run's stored events (payloads are published only after they are committed). */
export const runTopic = (runId: string): `run:${string}` => `run:${runId}`;

/** A PubSubEngine whose subscribe() resolves once delivery is live, plus close(). */
export abstract class AppPubSub extends PubSubEngine {
  abstract readonly kind: 'memory' | 'redis';
  abstract close(): Promise<void>;
}

class MemoryPubSub extends AppPubSub {
  readonly kind = 'memory' as const;
  private readonly inner: PubSub;
  constructor() {
    super();
    const ee = new EventEmitter();
    ee.setMaxListeners(0); // many subscribers may share one run topic
    this.inner = new PubSub({ eventEmitter: ee });
  }
  publish(topic: string, payload: unknown): Promise<void> {
    return this.inner.publish(topic, payload);
  }
  subscribe(topic: string, onMessage: (payload: unknown) => void): Promise<number> {
    return this.inner.subscribe(topic, onMessage);
  }
  unsubscribe(subId: number): void {
    this.inner.unsubscribe(subId);
  }
  async close(): Promise<void> {}
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE_KEYS = new Set(['emittedAt', 'createdAt', 'startedAt', 'finishedAt', 'updatedAt']);

class RedisBackedPubSub extends AppPubSub {
  readonly kind = 'redis' as const;
  private readonly inner: RedisPubSub;
  private readonly clients: Redis[];
  constructor(url: string, logger: Logger) {
    super();
    // disableClientInfo: ioredis 5.8.2+ can hang a subscriber on the CLIENT SETINFO handshake (stack-notes 6.3).
    const options: RedisOptions = { disableClientInfo: true, maxRetriesPerRequest: null };
    const { Redis } = ioredis();
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, options);
    for (const c of [publisher, subscriber]) c.on('error', (err: Error) => logger.warn('redis error', { err: err.message }));
    this.clients = [publisher, subscriber];
    this.inner = new (redisSubscriptions().RedisPubSub)({
      publisher,
      subscriber,
      // JSON drops Date; the in-memory bus keeps them, so revive to give subscribers the same shape.
      reviver: (key: string, value: unknown) => {
        try {
          return DATE_KEYS.has(key) && typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value;
        } catch (err) {
          logger.warn('pubsub reviver failed', { key, err: String(err) });
          return value;
        }
      },
    });
  }
  publish(topic: string, payload: unknown): Promise<void> {
    return this.inner.publish(topic, payload);
  }
  subscribe(topic: string, onMessage: (payload: unknown) => void): Promise<number> {
    return this.inner.subscribe(topic, onMessage);
  }
  unsubscribe(subId: number): void {
    this.inner.unsubscribe(subId);
  }
  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((c) => c.quit()));
    for (const c of this.clients) c.disconnect();
  }
}

/** In-memory bus (one process) unless a Redis URL is given (several processes). */
export function createPubSub(config: { readonly redisUrl: string | undefined }, logger: Logger): AppPubSub {
  return config.redisUrl ? new RedisBackedPubSub(config.redisUrl, logger) : new MemoryPubSub();
}
