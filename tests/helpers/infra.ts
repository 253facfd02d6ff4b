// Reachability of the optional infrastructure (PostgreSQL, Redis). Locally a missing service skips the
// tests that need it (with the reason printed); under CI=true it FAILS instead, so CI cannot go green by skipping.
import { connect } from 'node:net';

const pgFromEnv = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined;
/** Server on which each PostgreSQL test app creates (and drops) its own database. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? pgFromEnv ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Infra = 'postgresql' | 'redis';

function tcpReachable(url: string, defaultPort: number, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const cache = new Map<Infra, Promise<boolean>>();

export function isReachable(infra: Infra): Promise<boolean> {
  let p = cache.get(infra);
  if (!p) {
    p = infra === 'postgresql' ? tcpReachable(TEST_PG_ADMIN_URL, 5432) : tcpReachable(TEST_REDIS_URL, 6379);
    cache.set(infra, p);
  }
  return p;
}

export const isCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * true: run the tests that need `infra`. false: skip them (reason printed).
 * Under CI=true an unreachable service throws, failing the test file.
 */
export async function canUse(infra: Infra): Promise<boolean> {
  if (await isReachable(infra)) return true;
  const where = infra === 'postgresql' ? TEST_PG_ADMIN_URL : TEST_REDIS_URL;
  if (isCI()) throw new Error(`CI=true but ${infra} is not reachable at ${where}; start it (see .ci/run)`);
  console.warn(`[skip] ${infra} is not reachable at ${where}: skipping the tests that need it`);
  return false;
}

/** The databases a parametrised suite runs against: SQLite always, PostgreSQL when usable. */
export async function testDatabases(): Promise<Array<'sqlite' | 'postgresql'>> {
  return (await canUse('postgresql')) ? ['sqlite', 'postgresql'] : ['sqlite'];
}
