// Issue 13 item 11 (throttling, CORS) and the operator metrics at /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApp, type TestApp } from '../helpers/app.js';
import { newExperiment, newOwner, submit, waitFor } from '../helpers/runs.js';

const LOGIN = 'mutation L($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }';
const METRICS_TOKEN = 'metrics-token-0123456789';

describe('throttling, CORS and /metrics (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_PER_EMAIL: '5',
        AUTH_RATE_PER_IP: '40',
        SUBMIT_RATE_PER_MINUTE: '3',
        CORS_ORIGINS: 'https://app.example.com',
        METRICS_TOKEN,
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const metricsBase = (): string => t.url.replace(/\/graphql$/, '/metrics');

  it('item 11: after 5 wrong log-ins for an email even the right password is refused (RATE_LIMITED, HTTP 429); other emails are not affected', async () => {
    const victim = await t.signUpUser();
    for (let i = 0; i < 5; i++) expect(errorCode(await t.gql(LOGIN, { e: victim.email, p: `wrong-password-${i}` }))).toBe('UNAUTHENTICATED');
    const right = await t.gql(LOGIN, { e: victim.email, p: victim.password });
    expect(right.status).toBe(429);
    expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'RATE_LIMITED' });
    expect(Number(right.errors?.[0]?.extensions?.['retryAfterSeconds'])).toBeGreaterThan(0);
    const other = await t.signUpUser();
    expect((await t.gql(LOGIN, { e: other.email, p: other.password })).errors).toBeUndefined();
  });

  it('item 11: submitRun is throttled per user', async () => {
    const owner = await newOwner(t);
    const experimentId = await newExperiment(t, owner);
    for (let i = 0; i < 3; i++) await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
    const fourth = await t.gql('mutation S($input: SubmitRunInput!) { submitRun(input: $input) { id } }', { input: { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } } }, owner.user.token);
    expect(fourth.errors?.[0]?.extensions?.['reason']).toBe('RATE_LIMITED');
  });

  it('item 11: CORS answers only the allowed origin', async () => {
    const preflight = (origin: string) =>
      fetch(t.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const good = await preflight('https://app.example.com');
    expect(good.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const post = await fetch(t.url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' });
    expect(post.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('serves Prometheus metrics at /metrics behind METRICS_TOKEN', async () => {
    expect((await fetch(metricsBase())).status).toBe(401);
    expect((await fetch(metricsBase(), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const owner = await newOwner(t);
    const experimentId = await newExperiment(t, owner);
    const run = await submit(t, owner.user.token, { experimentId, plan: 'SETUP', data: { builtin: 'IRIS' } });
    expect((await waitFor(t, owner.user.token, run.id)).status).toBe('SUCCEEDED');
    await t.gql('query { run(id: "") { id } }', {}, owner.user.token); // a BAD_USER_INPUT for the error counter
    const scrape = async (): Promise<string> => {
      const res = await fetch(metricsBase(), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    await expect.poll(async () => /caretql_run_duration_seconds_count\{plan="setup",status="succeeded"\} [1-9]/.test(await scrape())).toBe(true);
    const text = await scrape();
    const value = (line: RegExp): number => Number(line.exec(text)?.[1] ?? NaN);
    expect(value(/^caretql_runs\{status="succeeded"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^caretql_queue_depth (\d+)$/m)).toBeGreaterThanOrEqual(0);
    expect(value(/^caretql_run_events_stored_total (\d+)$/m)).toBeGreaterThan(3);
    expect(value(/^caretql_run_events_published_total (\d+)$/m)).toBeGreaterThan(3);
    expect(value(/^caretql_run_queue_wait_seconds_count (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^caretql_graphql_errors_total\{code="BAD_USER_INPUT"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^caretql_graphql_operation_duration_seconds_count\{type="mutation",field="submitRun"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^caretql_subscriptions_open 0$/m);
    expect(text).toMatch(/^caretql_websockets_open 0$/m);
    expect(text).toMatch(/^caretql_run_slots_busy_ratio /m);
    expect(text).toMatch(/^caretql_nodejs_eventloop_lag_seconds /m);
  });
  // Last: it uses up this address's allowance for the rest of the file.
  it('item 11: log-ins and sign-ups are throttled per client address', async () => {
    let refused = 0;
    for (let i = 0; i < 45 && refused === 0; i++) {
      const r = await t.gql(LOGIN, { e: `nobody${i}@example.com`, p: 'whatever-password' });
      if (r.errors?.[0]?.extensions?.['reason'] === 'RATE_LIMITED') refused++;
    }
    expect(refused).toBe(1);
    const signUp = await t.gql('mutation { signUp(email: "late@example.com", password: "long enough pw") { token } }', {});
    expect(signUp.errors?.[0]?.extensions?.['reason']).toBe('RATE_LIMITED');
  });
});
