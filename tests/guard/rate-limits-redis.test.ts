// The Redis-backed limiter: the count is shared by every process using the same Redis (two RateLimits
// instances stand for two server processes), and a Redis outage falls back to the in-memory insurance
// limiter, which still refuses past the limit instead of letting every attempt through.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimits, type RateLimitConfig } from '../../src/guard/rate-limits.js';
import { haveRedisServer, PrivateRedis } from '../faults/private-redis.js';
import { canUse, isCI, TEST_REDIS_URL } from '../helpers/infra.js';

const RULES: RateLimitConfig = {
  loginPerEmail: { points: 3, windowSeconds: 600 },
  authPerIp: { points: 0, windowSeconds: 60 },
  submitPerUser: { points: 0, windowSeconds: 60 },
  uploadPerUser: { points: 0, windowSeconds: 60 },
};

async function reasonOf(p: Promise<void>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return String((e as { extensions?: { reason?: unknown } }).extensions?.reason ?? e);
  }
}

const useRedis = await canUse('redis');

describe.runIf(useRedis)('rate limits in Redis', () => {
  it('two processes share one count: 2 attempts in one and 1 in the other use up the 3 allowed', async () => {
    const a = new RateLimits(RULES, TEST_REDIS_URL);
    const b = new RateLimits(RULES, TEST_REDIS_URL);
    const email = `${randomUUID()}@example.com`;
    try {
      expect(await reasonOf(a.consume('loginPerEmail', email))).toBeNull();
      expect(await reasonOf(a.consume('loginPerEmail', email))).toBeNull();
      expect(await reasonOf(b.consume('loginPerEmail', email.toUpperCase()))).toBeNull();
      expect(await reasonOf(b.consume('loginPerEmail', email))).toBe('RATE_LIMITED');
      expect(await reasonOf(a.consume('loginPerEmail', email))).toBe('RATE_LIMITED');
      // A reset in one process (a successful log-in) clears the count for the other too.
      await b.reset('loginPerEmail', email);
      expect(await reasonOf(a.consume('loginPerEmail', email))).toBeNull();
      // Another key is counted on its own.
      expect(await reasonOf(a.consume('loginPerEmail', `${randomUUID()}@example.com`))).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

const haveServer = haveRedisServer();
if (!haveServer) {
  if (isCI()) throw new Error('CI=true but redis-server is not installed (the outage test starts its own)');
  console.warn('[skip] no redis-server binary: skipping the Redis outage test of the rate limiter');
}

describe.runIf(haveServer)('rate limits when Redis goes away', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it('the insurance limiter keeps refusing past the limit while Redis is down', async () => {
    const limits = new RateLimits(RULES, redis.url);
    const email = `${randomUUID()}@example.com`;
    try {
      expect(await reasonOf(limits.consume('loginPerEmail', email))).toBeNull();
      await redis.kill();
      const outcomes: Array<string | null> = [];
      for (let i = 0; i < 5; i++) outcomes.push(await reasonOf(limits.consume('loginPerEmail', email)));
      // The in-memory insurance limiter counts from zero: 3 allowed, then refused; never an unrelated error.
      expect(outcomes).toEqual([null, null, null, 'RATE_LIMITED', 'RATE_LIMITED']);
    } finally {
      await limits.close();
    }
  });
});
