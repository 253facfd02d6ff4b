import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createPubSub, runTopic } from '../src/pubsub.js';
import { canUse, TEST_REDIS_URL } from './helpers/infra.js';

const buses: Array<'memory' | 'redis'> = (await canUse('redis')) ? ['memory', 'redis'] : ['memory'];
const logger = createLogger('silent');

describe.each(buses)('pub/sub (%s)', (kind) => {
  it('delivers to a subscriber once subscribe() has resolved, with Dates intact, until unsubscribed', async () => {
    const bus = createPubSub({ redisUrl: kind === 'redis' ? TEST_REDIS_URL : undefined }, logger);
    try {
      expect(bus.kind).toBe(kind);
      const topic = runTopic(`t-${process.pid}-${Date.now()}`);
      expect(topic.startsWith('run:')).toBe(true);
      const received: unknown[] = [];
      let wake: () => void = () => {};
      const two = new Promise<void>((resolve) => (wake = resolve));
      const id = await bus.subscribe(topic, (payload: unknown) => {
        received.push(payload);
        if (received.length === 2) wake();
      }, {});
      const emittedAt = new Date('2026-01-02T03:04:05.678Z');
      await bus.publish(topic, { seq: 1, emittedAt });
      await bus.publish(topic, { seq: 2, emittedAt });
      await two;
      expect(received).toEqual([
        { seq: 1, emittedAt },
        { seq: 2, emittedAt },
      ]);
      expect((received[0] as { emittedAt: unknown }).emittedAt).toBeInstanceOf(Date);
      bus.unsubscribe(id);
    } finally {
      await bus.close();
    }
  });

  it('does not cross topics', async () => {
    const bus = createPubSub({ redisUrl: kind === 'redis' ? TEST_REDIS_URL : undefined }, logger);
    try {
      const u = `${process.pid}-${Date.now()}`;
      const seen: string[] = [];
      let wake: () => void = () => {};
      const got = new Promise<void>((resolve) => (wake = resolve));
      await bus.subscribe(runTopic(`b-${u}`), () => seen.push('b'), {});
      await bus.subscribe(runTopic(`a-${u}`), () => {
        seen.push('a');
        wake();
      }, {});
      await bus.publish(runTopic(`other-${u}`), {});
      await bus.publish(runTopic(`a-${u}`), {});
      await got;
      expect(seen).toEqual(['a']);
    } finally {
      await bus.close();
    }
  });
});
