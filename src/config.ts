import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { RateLimitConfig } from './guard/rate-limits.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string; readonly url: string }
  | { readonly kind: 'postgresql'; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly artifactDir: string;
  /** Unset: in-memory pub/sub (one process only). */
  readonly redisUrl: string | undefined;
  /** Unset: services generate one and keep it in ./var/jwt-secret. */
  readonly jwtSecret: string | undefined;
  readonly jwtExpiresInSeconds: number;
  readonly runConcurrency: number;
  /** Threads the engine may use inside one run (RUN_ENGINE_THREADS); unset: the cores shared out between the run slots. */
  readonly runEngineThreads: number;
  /** Largest accepted dataset upload in bytes (MAX_UPLOAD_BYTES). */
  readonly maxUploadBytes: number;
  /** Graceful shutdown: how long running runs may continue before they are cancelled (SHUTDOWN_GRACE_MS). */
  readonly shutdownGraceMs: number;
  /** A RUNNING run whose owner's heartbeat is older than this is failed by recovery (RUN_HEARTBEAT_STALE_MS). */
  readonly runHeartbeatStaleMs: number;
  /** Old-generation heap limit of each engine thread in MB (RUN_WORKER_MAX_HEAP_MB); a run past it fails, its thread is replaced. */
  readonly runWorkerMaxHeapMb: number;
  /** A run whose estimated memory (rows × encoded columns × 8 bytes × copies) is above this many MB is refused at submit (RUN_MEMORY_LIMIT_MB, 0: no limit). */
  readonly runMemoryLimitMb: number;
  /** Warm the engine threads with a small synthetic compare after boot (RUN_WARM_UP, default true). */
  readonly runWarmUp: boolean;
  /** Open subscriptions allowed on one WebSocket (MAX_SUBSCRIPTIONS_PER_SOCKET). */
  readonly maxSubscriptionsPerSocket: number;
  /** Open subscriptions allowed for one user on this process (MAX_SUBSCRIPTIONS_PER_USER). */
  readonly maxSubscriptionsPerUser: number;
  /** How often every open subscription's access is re-checked (SUBSCRIPTION_RECHECK_MS). */
  readonly subscriptionRecheckMs: number;
  /** Throttling of log-ins, sign-ups, submissions and uploads (0 points: off). */
  readonly rateLimits: RateLimitConfig;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS); empty: same origin only. */
  readonly corsOrigins: readonly string[];
  /** Bearer token /metrics requires (METRICS_TOKEN); unset: /metrics is open (bind HOST to a private interface). */
  readonly metricsToken: string | undefined;
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function parseDatabaseUrl(raw: string, ctx: z.RefinementCtx): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'sqlite: URL needs a file path, e.g. sqlite:./var/caretql.sqlite' });
      return z.NEVER;
    }
    return { kind: 'sqlite', path, url: raw };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a valid PostgreSQL URL: ${raw}` });
      return z.NEVER;
    }
    return { kind: 'postgresql', url: raw };
  }
  ctx.addIssue({
    code: 'custom',
    message: `must start with "sqlite:" or "postgres://" (got "${raw}")`,
  });
  return z.NEVER;
}

const EnvSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(4000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().default('sqlite:./var/caretql.sqlite').transform(parseDatabaseUrl),
  ),
  ARTIFACT_DIR: z.preprocess(emptyToUndefined, z.string().default('./var/artifacts')),
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => v.startsWith('redis://') || v.startsWith('rediss://'), 'must start with redis:// or rediss://')
      .optional(),
  ),
  JWT_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  JWT_EXPIRES_IN_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(7 * 24 * 3600)),
  RUN_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(2)),
  RUN_ENGINE_THREADS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).optional()),
  MAX_UPLOAD_BYTES: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(200 * 1024 * 1024)),
  SHUTDOWN_GRACE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(30_000)),
  RUN_HEARTBEAT_STALE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).default(60_000)),
  RUN_WORKER_MAX_HEAP_MB: z.preprocess(emptyToUndefined, z.coerce.number().int().min(64).default(4096)),
  RUN_MEMORY_LIMIT_MB: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(4096)),
  RUN_WARM_UP: z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  ),
  MAX_SUBSCRIPTIONS_PER_SOCKET: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(100)),
  MAX_SUBSCRIPTIONS_PER_USER: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(500)),
  SUBSCRIPTION_RECHECK_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).default(30_000)),
  LOGIN_RATE_PER_EMAIL: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(10)),
  AUTH_RATE_PER_IP: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(100)),
  AUTH_RATE_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(900)),
  SUBMIT_RATE_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(60)),
  UPLOAD_RATE_PER_HOUR: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(60)),
  CORS_ORIGINS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o.length > 0))
      .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), 'a comma-separated list of origins like https://app.example.com (or *)'),
  ),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
    z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ),
});

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
        return `${name}: ${issue.message}${value !== undefined ? ` (got "${value}")` : ''}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL,
    artifactDir: e.ARTIFACT_DIR,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    jwtExpiresInSeconds: e.JWT_EXPIRES_IN_SECONDS,
    runConcurrency: e.RUN_CONCURRENCY,
    runEngineThreads: e.RUN_ENGINE_THREADS ?? Math.max(1, Math.floor(availableParallelism() / e.RUN_CONCURRENCY)),
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    runHeartbeatStaleMs: e.RUN_HEARTBEAT_STALE_MS,
    runWorkerMaxHeapMb: e.RUN_WORKER_MAX_HEAP_MB,
    runMemoryLimitMb: e.RUN_MEMORY_LIMIT_MB,
    runWarmUp: e.RUN_WARM_UP,
    maxSubscriptionsPerSocket: e.MAX_SUBSCRIPTIONS_PER_SOCKET,
    maxSubscriptionsPerUser: e.MAX_SUBSCRIPTIONS_PER_USER,
    subscriptionRecheckMs: e.SUBSCRIPTION_RECHECK_MS,
    rateLimits: {
      loginPerEmail: { points: e.LOGIN_RATE_PER_EMAIL, windowSeconds: e.AUTH_RATE_WINDOW_SECONDS },
      authPerIp: { points: e.AUTH_RATE_PER_IP, windowSeconds: e.AUTH_RATE_WINDOW_SECONDS },
      submitPerUser: { points: e.SUBMIT_RATE_PER_MINUTE, windowSeconds: 60 },
      uploadPerUser: { points: e.UPLOAD_RATE_PER_HOUR, windowSeconds: 3600 },
    },
    corsOrigins: e.CORS_ORIGINS,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
