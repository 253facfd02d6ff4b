// A real server for tests: free port, fresh database (SQLite file in a temp dir, or a PostgreSQL database
// created for this app and dropped on stop), real HTTP and WebSocket.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPostgresDatabase, dropPostgresDatabase } from '../../src/db.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL } from './infra.js';

export const TEST_JWT_SECRET = 'caretql-test-secret-0123456789';

export interface GqlError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; field?: string; [k: string]: unknown };
}
export interface GqlResult<TData> {
  status: number;
  data?: TData | null;
  errors?: GqlError[];
}

export type Document<TData, TVars> = string | TypedDocumentNode<TData, TVars>;

export interface TestUser {
  token: string;
  id: string;
  email: string;
  password: string;
}

export interface StartTestAppOptions {
  database?: 'sqlite' | 'postgresql';
  /** Use Redis pub/sub (TEST_REDIS_URL, default redis://127.0.0.1:6379). */
  redis?: boolean;
  /** Extra environment (e.g. RUN_CONCURRENCY); applied over the test defaults. */
  env?: Record<string, string | undefined>;
  /** Use this database URL instead of a fresh one (e.g. two apps sharing one database). Not dropped on stop. */
  databaseUrl?: string;
  /** Module the run workers train with instead of src/engine (e.g. fakeEngineUrl(...) from fake-engine.ts). */
  planEngine?: URL;
}

export interface TestApp {
  url: string;
  wsUrl: string;
  config: Config;
  services: Services;
  app: App;
  /** The database URL in use (share it with a second app via options.databaseUrl). */
  databaseUrl: string;
  gql<TData = Record<string, unknown>, TVars = Record<string, unknown>>(
    doc: Document<TData, TVars>,
    variables?: TVars,
    token?: string | null,
  ): Promise<GqlResult<TData>>;
  /** Signs up a fresh user (unique email) and returns its token. */
  signUpUser(email?: string, password?: string): Promise<TestUser>;
  stop(): Promise<void>;
}

let counter = 0;
const uniqueSuffix = (): string => `${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;

export async function startTestApp(options: StartTestAppOptions = {}): Promise<TestApp> {
  const tmp = mkdtempSync(join(tmpdir(), 'caretql-test-'));
  let databaseUrl = options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (!databaseUrl) {
    if (options.database === 'postgresql') {
      const name = `caretql_test_${uniqueSuffix()}`;
      databaseUrl = await createPostgresDatabase(TEST_PG_ADMIN_URL, name);
      dropDatabase = () => dropPostgresDatabase(TEST_PG_ADMIN_URL, name);
    } else {
      databaseUrl = `sqlite:${join(tmp, 'caretql.sqlite')}`;
    }
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ARTIFACT_DIR: join(tmp, 'artifacts'),
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: options.redis ? TEST_REDIS_URL : undefined,
    // Warm-up compares would only add CPU load to the suite (tests/jobs/threads covers them).
    RUN_WARM_UP: 'false',
    // Test files sign up and submit far more than a person would: throttling is off unless a test sets it.
    LOGIN_RATE_PER_EMAIL: '0',
    AUTH_RATE_PER_IP: '0',
    SUBMIT_RATE_PER_MINUTE: '0',
    UPLOAD_RATE_PER_HOUR: '0',
    ...options.env,
  });
  let services: Services;
  try {
    services = await createServices(config, {
      logger: createLogger(config.logLevel, 'test'),
      ...(options.planEngine ? { planEngine: options.planEngine } : {}),
    });
  } catch (err) {
    await dropDatabase?.();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const app = buildApp(services);
  const port = await app.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;

  const gql: TestApp['gql'] = async (doc, variables, token) => {
    const query = typeof doc === 'string' ? doc : print(doc);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
    const body = (await res.json()) as { data?: never; errors?: GqlError[] };
    return { status: res.status, ...body };
  };

  const signUpUser: TestApp['signUpUser'] = async (email, password = 'correct-horse-battery') => {
    const address = email ?? `user_${uniqueSuffix()}@example.com`;
    const r = await gql<{ signUp: { token: string; user: { id: string; email: string } } }>(
      'mutation SignUpHelper($email: String!, $password: String!) { signUp(email: $email, password: $password) { token user { id email } } }',
      { email: address, password },
    );
    if (!r.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(r.errors)}`);
    return { token: r.data.signUp.token, id: r.data.signUp.user.id, email: r.data.signUp.user.email, password };
  };

  let stopped = false;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    config,
    services,
    app,
    databaseUrl,
    gql,
    signUpUser,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await app.stop();
      } finally {
        await dropDatabase?.();
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

/** The extensions.code of the first error (undefined when there is none). */
export function errorCode(result: GqlResult<unknown>): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
