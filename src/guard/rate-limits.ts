// Throttling with rate-limiter-flexible: in memory for one process, in Redis (shared by every process)
// when REDIS_URL is set, with an in-memory insurance limiter so a Redis outage neither blocks nor opens
// logins. Counted: log-in attempts per email and per client IP, sign-ups per IP (with the log-ins), and per
// user the run submissions and dataset uploads. A refusal is FORBIDDEN with extensions.reason
// "RATE_LIMITED", retryAfterSeconds and HTTP 429.
import { createGraphQLError } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ioredis } from '../redis-modules.js';

export interface RateLimitRule {
  /** Actions allowed per window (0: no limit). */
  readonly points: number;
  readonly windowSeconds: number;
}

export interface RateLimitConfig {
  /** Log-in attempts per email address. */
  readonly loginPerEmail: RateLimitRule;
  /** Log-in and sign-up attempts per client IP. */
  readonly authPerIp: RateLimitRule;
  /** submitRun calls per user. */
  readonly submitPerUser: RateLimitRule;
  /** uploadDataset calls per user. */
  readonly uploadPerUser: RateLimitRule;
}

export type RateLimitName = keyof RateLimitConfig;

export class RateLimits {
  private readonly limiters = new Map<RateLimitName, RateLimiterAbstract>();
  private readonly redis: Redis | null;
  /**
   * Settles when Redis is first ready or first fails. With the offline queue off (rate-limiter-flexible's advice
   * for ioredis), a command sent while still connecting fails at once and the insurance limiter would count it
   * instead, so every process would start with its own count.
   */
  private readonly connected: Promise<void>;

  constructor(config: RateLimitConfig, redisUrl?: string) {
    this.redis = redisUrl ? new (ioredis().Redis)(redisUrl, { disableClientInfo: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.redis?.on('error', () => undefined); // the insurance limiter takes over; pubsub logs Redis errors
    const redis = this.redis;
    this.connected = redis
      ? new Promise((resolve) => {
          redis.once('ready', () => resolve());
          redis.once('error', () => resolve());
        })
      : Promise.resolve();
    for (const name of Object.keys(config) as RateLimitName[]) {
      const rule = config[name];
      if (rule.points <= 0) continue;
      const base = { keyPrefix: `caretql:rl:${name}`, points: rule.points, duration: rule.windowSeconds };
      this.limiters.set(
        name,
        this.redis
          ? new RateLimiterRedis({ ...base, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(base) })
          : new RateLimiterMemory(base),
      );
    }
  }

  /** Counts one action for key; throws the FORBIDDEN / RATE_LIMITED error when over the limit. */
  async consume(name: RateLimitName, key: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    await this.connected;
    try {
      await limiter.consume(key.toLowerCase());
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw createGraphQLError(`Too many attempts; try again in ${retryAfterSeconds} s`, {
        extensions: { code: 'FORBIDDEN', reason: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
      });
    }
  }

  /** Forgets the count of key (a successful log-in clears its email's failures). */
  async reset(name: RateLimitName, key: string): Promise<void> {
    await this.connected;
    await this.limiters.get(name)?.delete(key.toLowerCase()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.redis) {
      await this.redis.quit().catch(() => undefined);
      this.redis.disconnect();
    }
  }
}
