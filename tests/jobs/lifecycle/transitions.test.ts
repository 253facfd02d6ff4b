import { describe, expect, it } from 'vitest';
import { durationSince } from '../../../src/jobs/lifecycle/transitions.js';

describe('run duration', () => {
  it('is the milliseconds between start and finish, absent for a run that never started', () => {
    expect(durationSince(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:01.250Z'))).toBe(1250);
    expect(durationSince(null, new Date())).toBeUndefined();
  });

  it('never goes negative (clock skew between processes)', () => {
    expect(durationSince(new Date('2026-01-01T00:00:05Z'), new Date('2026-01-01T00:00:00Z'))).toBe(0);
  });

  it('saturates at the 32-bit column limit for a run recovered weeks later', () => {
    expect(durationSince(new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(2_147_483_647);
  });
});
