import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { secretKey } from './auth/jwt.js';
import type { Config } from './config.js';
import { initORM, type Orm } from './db.js';
import { createLogger, type Logger } from './logger.js';
import { createPubSub, type AppPubSub } from './pubsub.js';
import { RunService } from './jobs/index.js';
import { LiveSubscriptions } from './subscriptions/live-subscriptions.js';
import { RateLimits } from './guard/rate-limits.js';
import { Metrics } from './metrics/registry.js';
import { Run, RUN_STATUSES } from './entities/index.js';

export type LifecycleHook = () => Promise<void> | void;

/**
 * Everything a request, a job or a test needs, built once per process.
 * To add a service (e.g. RUNS' run manager): add a field here, build it at the end of createServices, and push
 * its start/stop functions onto onStart/onStop (onStop runs in reverse order, before the database closes).
 */
export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly orm: Orm;
  readonly pubsub: AppPubSub;
  /** HS256 key for JWTs (from JWT_SECRET or ./var/jwt-secret). */
  readonly jwtKey: Uint8Array;
  /** Unique per process; used e.g. as Run.claimedBy. */
  readonly instanceId: string;
  /** Runs: queue, event sink, recovery, worker threads (src/jobs/index.ts). */
  readonly runs: RunService;
  /** Open subscriptions: caps per socket and user, re-authorisation while they stream. */
  readonly subscriptions: LiveSubscriptions;
  /** Throttling of log-ins, sign-ups, submissions and uploads (Redis-backed with REDIS_URL). */
  readonly rateLimits: RateLimits;
  /** Operator metrics (/metrics). */
  readonly metrics: Metrics;
  /** Open WebSockets of this process (kept by app.ts). */
  readonly sockets: { open: number };
  /** Run by startServices (after the HTTP server listens), in order. */
  readonly onStart: LifecycleHook[];
  /** Run by closeServices, in reverse order, before pub/sub and database close. */
  readonly onStop: LifecycleHook[];
}

export interface CreateServicesOptions {
  logger?: Logger;
  /** Where to keep a generated JWT secret when JWT_SECRET is unset (default ./var/jwt-secret). */
  jwtSecretFile?: string;
  /** Module the run workers train with instead of src/engine (see RunServiceOptions.planEngine). */
  planEngine?: URL;
}

function loadOrCreateJwtSecret(file: string, logger: Logger): string {
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  logger.warn('JWT_SECRET is not set: generated one and stored it; set JWT_SECRET in production (and for several processes)', {
    file,
  });
  return secret;
}

export async function createServices(config: Config, options: CreateServicesOptions = {}): Promise<Services> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const secret = config.jwtSecret ?? loadOrCreateJwtSecret(resolve(options.jwtSecretFile ?? './var/jwt-secret'), logger);
  mkdirSync(resolve(config.artifactDir), { recursive: true });
  const orm = await initORM(config.database, logger.child('db'));
  const pubsub = createPubSub(config, logger.child('pubsub'));
  const sockets = { open: 0 };
  let metrics: Metrics | null = null;
  const runLog = logger.child('runs');
  const runs: RunService = new RunService({
    orm,
    pubsub,
    logger: logger.child('runs'),
    artifactDir: config.artifactDir,
    concurrency: config.runConcurrency,
    engineThreads: config.runEngineThreads,
    shutdownGraceMs: config.shutdownGraceMs,
    heartbeatStaleMs: config.runHeartbeatStaleMs,
    maxUploadBytes: config.maxUploadBytes,
    workerMaxHeapMb: config.runWorkerMaxHeapMb,
    memoryLimitMb: config.runMemoryLimitMb,
    warmUp: config.runWarmUp,
    ...(options.planEngine ? { planEngine: options.planEngine } : {}),
    observer: {
      eventsCounted: (what, n) => (what === 'stored' ? metrics?.eventsStored : metrics?.eventsPublished)?.inc(n),
      runExecuted: (runId) => {
        void orm.em
          .fork()
          .findOne(Run, { id: runId }, { fields: ['plan', 'status', 'createdAt', 'startedAt', 'finishedAt'] })
          .then((run) => {
            if (!run || !metrics || !run.startedAt) return;
            metrics.queueWait.observe(Math.max(0, run.startedAt.getTime() - run.createdAt.getTime()) / 1000);
            if (run.finishedAt) metrics.runDuration.observe({ plan: run.plan, status: run.status }, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
          })
          .catch((err: unknown) => runLog.warn('run metrics failed', { runId, err }));
      },
    },
  });
  metrics = new Metrics({
    runsByStatus: async () => {
      const em = orm.em.fork();
      const counts = await Promise.all(RUN_STATUSES.map((status) => em.count(Run, { status })));
      return Object.fromEntries(RUN_STATUSES.map((status, i) => [status, counts[i] ?? 0]));
    },
    queue: () => ({ running: runs.queue.runningCount, waiting: runs.queue.waitingCount, slots: config.runConcurrency }),
    openSubscriptions: () => services.subscriptions.openCount,
    openSockets: () => sockets.open,
  });
  const services: Services = {
    config,
    logger,
    orm,
    pubsub,
    jwtKey: secretKey(secret),
    instanceId: `${process.pid}-${randomUUID().slice(0, 8)}`,
    runs,
    subscriptions: new LiveSubscriptions(
      orm,
      pubsub,
      {
        maxPerSocket: config.maxSubscriptionsPerSocket,
        maxPerUser: config.maxSubscriptionsPerUser,
        recheckMs: config.subscriptionRecheckMs,
      },
      logger.child('subscriptions'),
    ),
    rateLimits: new RateLimits(config.rateLimits, config.redisUrl),
    metrics,
    sockets,
    onStart: [],
    onStop: [],
  };
  // Further services are added here (see the interface comment).
  services.onStart.push(async () => {
    await runs.start(); // recovery: fail runs of dead processes, re-queue queued ones
  });
  services.onStart.push(() => services.subscriptions.start());
  services.onStop.push(() => services.rateLimits.close());
  services.onStop.push(() => services.subscriptions.stop());
  services.onStop.push(() => runs.stop()); // graceful: running runs get the grace period, then are cancelled
  return services;
}

export async function startServices(services: Services): Promise<void> {
  for (const hook of services.onStart) await hook();
}

export async function closeServices(services: Services): Promise<void> {
  for (const hook of [...services.onStop].reverse()) {
    try {
      await hook();
    } catch (err) {
      services.logger.error('stop hook failed', { err });
    }
  }
  await services.pubsub.close();
  await services.orm.close(true);
}
