import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has embedded-mode defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', path: './var/caretql.sqlite' },
      artifactDir: './var/artifacts',
      redisUrl: undefined,
      jwtSecret: undefined,
      runConcurrency: 2,
      maxUploadBytes: 200 * 1024 * 1024,
      shutdownGraceMs: 30_000,
      runHeartbeatStaleMs: 60_000,
      runWorkerMaxHeapMb: 4096,
      runWarmUp: true,
      logLevel: 'info',
    });
  });

  it('shares the cores out between the run slots unless RUN_ENGINE_THREADS says otherwise', () => {
    const cores = availableParallelism();
    expect(loadConfig({ RUN_CONCURRENCY: '1' }).runEngineThreads).toBe(cores);
    expect(loadConfig({ RUN_CONCURRENCY: String(cores * 2) }).runEngineThreads).toBe(1);
    expect(loadConfig({ RUN_ENGINE_THREADS: '2' }).runEngineThreads).toBe(2);
    expect(() => loadConfig({ RUN_ENGINE_THREADS: '0' })).toThrow(/RUN_ENGINE_THREADS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: ' ', LOG_LEVEL: '' })).toMatchObject({ port: 4000, redisUrl: undefined, logLevel: 'info' });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/caretql',
      ARTIFACT_DIR: '/data/artifacts',
      REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: 'a-very-long-secret-value',
      RUN_CONCURRENCY: '4',
      RUN_ENGINE_THREADS: '3',
      MAX_UPLOAD_BYTES: '1048576',
      SHUTDOWN_GRACE_MS: '0',
      RUN_HEARTBEAT_STALE_MS: '15000',
      RUN_WORKER_MAX_HEAP_MB: '512',
      RUN_WARM_UP: 'false',
      LOG_LEVEL: 'DEBUG',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      database: { kind: 'postgresql', url: 'postgres://u:p@db:5432/caretql' },
      artifactDir: '/data/artifacts',
      redisUrl: 'redis://cache:6379',
      jwtSecret: 'a-very-long-secret-value',
      runConcurrency: 4,
      runEngineThreads: 3,
      maxUploadBytes: 1048576,
      shutdownGraceMs: 0,
      runHeartbeatStaleMs: 15_000,
      runWorkerMaxHeapMb: 512,
      runWarmUp: false,
      logLevel: 'debug',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x/db.sqlite' }).database).toMatchObject({ kind: 'sqlite', path: '/tmp/x/db.sqlite' });
  });

  it('names every bad variable with its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RUN_CONCURRENCY: '0', MAX_UPLOAD_BYTES: '-1', LOG_LEVEL: 'loud', JWT_SECRET: 'short', REDIS_URL: 'http://x', RUN_HEARTBEAT_STALE_MS: '500', RUN_WORKER_MAX_HEAP_MB: '10', RUN_WARM_UP: 'maybe', RUN_MEMORY_LIMIT_MB: '-1' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'RUN_CONCURRENCY', 'MAX_UPLOAD_BYTES', 'LOG_LEVEL', 'JWT_SECRET', 'REDIS_URL', 'RUN_HEARTBEAT_STALE_MS', 'RUN_WORKER_MAX_HEAP_MB', 'RUN_WARM_UP', 'RUN_MEMORY_LIMIT_MB']) expect(problems).toContain(name);
    expect(problems).toContain('(got "mysql://x")');
    expect(() => loadConfig({ DATABASE_URL: 'sqlite:' })).toThrow(/DATABASE_URL.*file path/);
  });
});
