// A server on SQLite without Redis loads neither the PostgreSQL driver (and pg) nor ioredis and
// graphql-redis-subscriptions: checked in a fresh process (this one's module cache is shared with other
// tests), which builds the services and the app as src/server.ts does, then lists the packages loaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'caretql-boot-imports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadedPackages(env: Record<string, string>): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { loadConfig } = await import('./src/config.ts');
    const { createLogger } = await import('./src/logger.ts');
    const { createServices, closeServices } = await import('./src/services.ts');
    const { buildApp } = await import('./src/app.ts');
    const services = await createServices(loadConfig(process.env), { logger: createLogger('silent') });
    buildApp(services);
    const names = new Set();
    for (const file of Object.keys(createRequire(import.meta.url).cache)) {
      if (file.endsWith('package.json')) continue; // MikroORM reads every @mikro-orm package's version
      const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file.slice(file.lastIndexOf('node_modules/')));
      if (m) names.add(m[1]);
    }
    await closeServices(services);
    console.log(JSON.stringify([...names].sort()));
  `;
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent', RUN_WARM_UP: 'false', JWT_SECRET: 'boot-imports-secret-0123456789' },
    encoding: 'utf8',
  });
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as string[];
}

describe('boot imports', () => {
  it('SQLite without Redis: the SQLite driver only, no PostgreSQL driver, no Redis client', () => {
    const loaded = loadedPackages({ DATABASE_URL: `sqlite:${join(tmp, 'db.sqlite')}`, ARTIFACT_DIR: join(tmp, 'artifacts'), REDIS_URL: '' });
    expect(loaded).toContain('@mikro-orm/sqlite');
    expect(loaded).toContain('@mikro-orm/core');
    for (const absent of ['@mikro-orm/postgresql', 'pg', 'ioredis', 'graphql-redis-subscriptions']) expect(loaded).not.toContain(absent);
  }, 60_000);
});
