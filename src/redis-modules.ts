// ioredis and graphql-redis-subscriptions are needed only with REDIS_URL: they are loaded on first use
// (synchronously: both are CommonJS), so a server without Redis does not load them at boot.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function ioredis(): typeof import('ioredis') {
  return require('ioredis') as typeof import('ioredis');
}

export function redisSubscriptions(): typeof import('graphql-redis-subscriptions') {
  return require('graphql-redis-subscriptions') as typeof import('graphql-redis-subscriptions');
}
