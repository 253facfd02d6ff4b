// npm run bench:events — run events, stored and published, and their delivery to graphql-ws subscribers.
//
// 1. Throughput: the event sink (seq allocation, batched SQLite transactions, publish after commit) driven
//    flat out; events/s counted when every event is stored AND has arrived at a bus subscriber.
// 2. Latency: a real server (this process) with 1, 100 and 1,000 graphql-ws subscribers (one socket each,
//    spread over BENCH_CLIENT_PROCS child processes, default 2) on one run; events emitted at 20/s carry their emit time, taken before they are
//    stored; the subscribers measure emit → receive and check that each event arrives once, in seq order.
//    Next to each row, the floor under it (bench/ws-write-floor.ts): the same process writing one message of
//    the same size to as many plain ws sockets, nothing else; server CPU is printed with its system share.
// Both with the in-memory bus and with Redis (when REDIS_URL / redis://127.0.0.1:6379 answers).
// Targets: >= 20,000 events/s; p99 <= 50 ms and <= 5 ms of server CPU per event at 1,000 subscribers.
// Never hangs: every wait has a deadline; a row whose subscribers did not all receive every event (or not in
// order) prints received/expected and the bench exits 1 naming it. After the last emit the subscribers get
// as long as they keep receiving (a loaded machine delivers late, not never): a row is cut short only when
// nothing arrived for BENCH_STALL_MS (default 15 s) or after BENCH_DRAIN_MS in all (default 300 s). A
// subscription the server refused or ended (an error result, a complete, a closed socket) fails the row
// with the server's message instead of waiting for events that cannot come.
// All subscribers are one user's: the server's per-user cap (MAX_SUBSCRIPTIONS_PER_USER, 500 by default)
// is raised to the largest subscriber count for the bench, or half of the 1,000 would be refused.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Experiment, Project, Run, User, Workspace, WorkspaceMember } from '../src/entities/index.js';
import { eventsOfMessage, runTopic } from '../src/jobs/events/event-sink.js';
import { createLogger } from '../src/logger.js';
import { createServices, type Services } from '../src/services.js';
import { issueToken } from '../src/resolvers/auth.js';
import { measureWriteFloor } from './ws-write-floor.js';

const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 60);
const EMIT_INTERVAL_MS = 50;
const SUBSCRIBER_COUNTS = (process.env.BENCH_SUBSCRIBERS ?? '1,100,1000').split(',').map(Number);
// BENCH_BUSES=memory|redis|memory,redis (default both) selects the pub/sub variants.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_EVENTS_PER_S = 20_000;
const TARGET_P99_MS = 50;
const TARGET_CPU_MS_PER_EVENT = 5;
/** After the last emit: at most this long in all for the subscribers to receive everything ... */
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 300_000);
/** ... and at most this long without any subscriber receiving anything. */
const STALL_MS = Number(process.env.BENCH_STALL_MS ?? 15_000);

const now = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- child: the subscribers
interface ClientResult {
  /** Server (this process) CPU time per emitted event during the measurement, ms. */
  serverCpuMsPerEvent?: number;
  /** Of which system (kernel) time. */
  serverSysMsPerEvent?: number;
  received: number;
  expected: number;
  orderErrors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Why the wait for the last events was given up (they had not all arrived). */
  cutShort?: string;
}
type ParentToChild = { type: 'measure'; afterSeq: number; count: number } | { type: 'report' };
type ChildToParent =
  | { type: 'connected' }
  | { type: 'ready' }
  | { type: 'result'; latencies: number[]; received: number; expected: number; orderErrors: number }
  /** Events received so far by this process's subscribers (sent at most every 500 ms while it changes). */
  | { type: 'progress'; received: number }
  | { type: 'error'; message: string };

async function runSubscribers(): Promise<void> {
  const env = process.env as Record<string, string>;
  const [WS_URL, TOKEN, RUN_ID, N] = [env.WS_URL!, env.TOKEN!, env.RUN_ID!, env.N!];
  const n = Number(N);
  const send = (m: ChildToParent): void => void process.send!(m);
  let receivedAll = 0;
  let progressTimer: NodeJS.Timeout | null = null;
  const progress = (): void => {
    progressTimer ??= setTimeout(() => {
      progressTimer = null;
      send({ type: 'progress', received: receivedAll });
    }, 500);
  };
  /** A subscription that cannot deliver any more: the row fails with why, instead of timing out. */
  const failed = (i: number, why: string): void => send({ type: 'error', message: `subscriber ${i}: ${why}` });
  const clients: Client[] = [];
  let connected = 0;
  const firstSeen = new Array<boolean>(n).fill(false);
  let readyCount = 0;
  const lastSeq = new Array<number>(n).fill(0);
  let orderErrors = 0;
  let measure: { afterSeq: number; count: number } | null = null;
  // Every tick is recorded as it arrives, also before the parent's 'measure' message (a busy client process
  // may read its sockets first); which ones count is decided by afterSeq once it is known.
  const ticks: Array<{ seq: number; latency: number }> = [];
  let countedTicks = 0; // ticks with seq > afterSeq, once measure is known
  const counted = () => (measure ? ticks.filter((k) => k.seq > measure!.afterSeq) : []);
  const query = 'subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) { seq kind payload } }';
  const startAfter = Number(process.env.AFTER ?? 0);
  let reported = false;
  const finish = () => {
    if (reported) return;
    reported = true;
    const mine = counted();
    send({ type: 'result', latencies: mine.map((k) => k.latency), received: mine.length, expected: n * (measure?.count ?? 0), orderErrors });
  };
  for (let i = 0; i < n; i++) {
    const client = createClient({
      url: WS_URL,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { authorization: `Bearer ${TOKEN}` },
      on: {
        connected: () => {
          if (++connected === n) send({ type: 'connected' });
        },
        closed: (event) => {
          const e = event as { code?: number; reason?: string };
          if (!reported) failed(i, `socket closed (${e.code ?? '?'} ${e.reason ?? ''})`);
        },
      },
    });
    clients.push(client);
    client.subscribe<{ runEvents: { seq: number; kind: string; payload: { t?: number } | null } }>(
      { query, variables: { runId: RUN_ID, after: startAfter } },
      {
        next: (r) => {
          const t = now();
          if (r.errors?.length) return failed(i, `error result: ${r.errors.map((x) => x.message).join('; ')}`);
          const e = r.data?.runEvents;
          if (!e) return failed(i, `a result without data: ${JSON.stringify(r)}`);
          receivedAll++;
          progress();
          if (lastSeq[i] !== 0 && e.seq !== lastSeq[i]! + 1) orderErrors++;
          lastSeq[i] = e.seq;
          if (!firstSeen[i]) {
            firstSeen[i] = true;
            if (++readyCount === n) send({ type: 'ready' });
          }
          if (e.kind === 'bench.tick' && typeof e.payload?.t === 'number') {
            ticks.push({ seq: e.seq, latency: t - e.payload.t });
            if (measure && e.seq > measure.afterSeq && ++countedTicks === n * measure.count) finish();
          }
        },
        error: (err) => failed(i, `error: ${err instanceof Error ? err.message : JSON.stringify(err)}`),
        // The run never closes during the bench: a complete means the server ended the subscription.
        complete: () => {
          if (!reported) failed(i, 'the server completed the subscription');
        },
      },
    );
  }
  process.on('message', (m: ParentToChild) => {
    if (m.type === 'measure') {
      measure = { afterSeq: m.afterSeq, count: m.count };
      countedTicks = counted().length;
      if (countedTicks === n * measure.count) finish();
    }
    if (m.type === 'report') finish(); // what arrived so far, complete or not
  });
  process.on('disconnect', () => {
    for (const c of clients) void c.dispose();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- parent: server and drivers
function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function seedRun(services: Services): Promise<{ runId: string; token: string }> {
  const em = services.orm.em.fork();
  const user = em.create(User, { email: `bench-${Date.now()}@example.com`, passwordHash: 'x' } as never);
  const ws = em.create(Workspace, { name: 'bench' } as never);
  em.create(WorkspaceMember, { workspace: ws, user, role: 'owner' } as never);
  const project = em.create(Project, { workspace: ws, name: 'bench' } as never);
  const exp = em.create(Experiment, { project, name: 'bench', task: 'classification', target: 'target', setupParams: {} } as never);
  // Claimed by this process, as a run it trains: a RUNNING run nobody claims is failed (run.closed, and
  // every subscription completes) by the recovery sweep, which a slow 1,000-socket set-up lives to see.
  const run = em.create(Run, {
    experiment: exp,
    plan: 'compare',
    status: 'running',
    snapshot: {},
    params: {},
    claimedBy: services.runs.processId,
    heartbeatAt: new Date(),
  } as never);
  await em.flush();
  const token = await issueToken({ em, services } as never, user);
  return { runId: run.id, token };
}

async function startServer(redisUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'caretql-bench-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    ARTIFACT_DIR: join(dir, 'artifacts'),
    JWT_SECRET: 'bench-secret-0123456789abcdef',
    LOG_LEVEL: 'error',
    REDIS_URL: redisUrl,
    MAX_SUBSCRIPTIONS_PER_USER: String(Math.max(500, ...SUBSCRIBER_COUNTS)),
    RUN_WARM_UP: 'false', // no engine warm-up compares competing for the CPU being measured
  });
  const services = await createServices(config, { logger: createLogger('error', 'bench') });
  const app = buildApp(services);
  const port = await app.start(0, '127.0.0.1');
  return {
    services,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function throughput(services: Services): Promise<number> {
  const { runId } = await seedRun(services);
  const { sink } = services.runs;
  let arrived = 0;
  let allArrived: () => void = () => undefined;
  const done = new Promise<void>((r) => (allArrived = r));
  const subId = await services.pubsub.subscribe(
    runTopic(runId),
    (message: unknown) => {
      arrived += eventsOfMessage(message).length;
      if (arrived === THROUGHPUT_EVENTS) allArrived();
    },
    {},
  );
  const payload = { model: 'lr', fold: 3, k: 10, metrics: { Accuracy: 0.9523, AUC: 0.9911, Recall: 0.9523, Precision: 0.9561, F1: 0.952, Kappa: 0.9285, MCC: 0.9305 } };
  const t0 = performance.now();
  for (let i = 0; i < THROUGHPUT_EVENTS; i++) {
    sink.emit(runId, { kind: 'model.fold.scored', payload, durationMs: 1.25 });
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r)); // an engine worker's messages arrive in bursts
  }
  await sink.flush(runId);
  await done;
  const seconds = (performance.now() - t0) / 1000;
  services.pubsub.unsubscribe(subId);
  return THROUGHPUT_EVENTS / seconds;
}

const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCS ?? 2);
/** As long as a bench.tick `next` message (a graphql-ws id is a UUID), for the bare-write floor. */
const FLOOR_MESSAGE = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  type: 'next',
  payload: { data: { runEvents: { seq: 123, kind: 'bench.tick', payload: { t: 1764872345123.456, i: 12 } } } },
});

async function latency(services: Services, wsUrl: string, subscribers: number): Promise<ClientResult> {
  const { runId, token } = await seedRun(services);
  // The sockets are spread over a few processes, so that one client's JSON parsing is not what is measured.
  const procs = Math.max(1, Math.min(CLIENT_PROCESSES, subscribers));
  const children = Array.from({ length: procs }, (_, i) =>
    fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_ROLE: 'subscribers',
        WS_URL: wsUrl,
        TOKEN: token,
        RUN_ID: runId,
        N: String(Math.floor(subscribers / procs) + (i < subscribers % procs ? 1 : 0)),
      },
    }),
  );
  const messages: ChildToParent[] = [];
  const messageChild: number[] = []; // which child sent messages[i]
  const waiters: Array<() => void> = [];
  for (const [index, child] of children.entries()) {
    child.on('message', (m: ChildToParent) => {
      messages.push(m);
      messageChild.push(index);
      for (const w of waiters.splice(0)) w();
    });
  }
  /** Events received by all subscribers so far (each child's latest progress report). */
  const receivedSoFar = (): number => {
    const latest = new Map<number, number>();
    messages.forEach((m, i) => {
      if (m.type === 'progress') latest.set(messageChild[i]!, m.received);
    });
    return [...latest.values()].reduce((a, b) => a + b, 0);
  };
  /**
   * Waits until every child has sent a message of this type: for at most timeoutMs, and (with stallMs) for
   * at most stallMs without any subscriber receiving an event.
   */
  const waitForAll = async (type: ChildToParent['type'], timeoutMs: number, onTick?: () => void, stallMs?: number): Promise<ChildToParent[]> => {
    const deadline = Date.now() + timeoutMs;
    let lastReceived = receivedSoFar();
    let lastChange = Date.now();
    for (;;) {
      const failed = messages.find((m) => m.type === 'error');
      if (failed?.type === 'error') throw new Error(`subscribers failed: ${failed.message}`);
      const found = messages.filter((m) => m.type === type);
      if (found.length === procs) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${type} (${found.length}/${procs} client processes)`);
      const received = receivedSoFar();
      if (received !== lastReceived) {
        lastReceived = received;
        lastChange = Date.now();
      } else if (stallMs !== undefined && Date.now() - lastChange > stallMs) {
        throw new Error(`nothing received for ${stallMs} ms while waiting for ${type}`);
      }
      onTick?.();
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 100);
        waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  };
  const { sink, store } = services.runs;
  try {
    await waitForAll('connected', 120_000);
    // Warm-up events until every subscription is live (each has received one).
    await waitForAll('ready', 120_000, () => sink.emit(runId, { kind: 'bench.warmup' }));
    await sink.flush(runId);
    const afterSeq = (await store.getRun(runId))!.lastSeq;
    for (const child of children) child.send({ type: 'measure', afterSeq, count: LATENCY_EVENTS } satisfies ParentToChild);
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      sink.emit(runId, { kind: 'bench.tick', payload: { t: now(), i } });
      await new Promise((r) => setTimeout(r, EMIT_INTERVAL_MS));
    }
    let results: Array<Extract<ChildToParent, { type: 'result' }>>;
    let cutShort: string | undefined;
    try {
      results = (await waitForAll('result', DRAIN_MS, undefined, STALL_MS)) as typeof results;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (reason.startsWith('subscribers failed')) throw error;
      // Not everything arrived: take what each subscriber has, and let the row say so (and why it stopped).
      cutShort = reason;
      for (const child of children) child.send({ type: 'report' } satisfies ParentToChild);
      results = (await waitForAll('result', 10_000)) as typeof results;
    }
    const cpu = process.cpuUsage(cpu0);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
    return {
      received: results.reduce((a, r) => a + r.received, 0),
      expected: results.reduce((a, r) => a + r.expected, 0),
      orderErrors: results.reduce((a, r) => a + r.orderErrors, 0),
      p50: q(50),
      p90: q(90),
      p99: q(99),
      max: latencies.at(-1) ?? NaN,
      serverCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / LATENCY_EVENTS,
      serverSysMsPerEvent: cpu.system / 1000 / LATENCY_EVENTS,
      ...(cutShort ? { cutShort } : {}),
    };
  } finally {
    for (const child of children) child.disconnect();
    await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
  }
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_BUSES ?? 'memory,redis').split(',');
  const buses: Array<['memory' | 'redis', string | undefined]> = wanted.includes('memory') ? [['memory', undefined]] : [];
  if (wanted.includes('redis')) {
    if (await reachable(REDIS_URL)) buses.push(['redis', REDIS_URL]);
    else console.log(`(Redis not reachable at ${REDIS_URL}: the Redis rows are skipped)`);
  }

  const throughputRows: string[] = [];
  const latencyRows: string[] = [];
  const failures: string[] = [];
  for (const [bus, url] of buses) {
    const server = await startServer(url);
    try {
      await throughput(server.services); // warm-up pass
      const perSecond = await throughput(server.services);
      throughputRows.push(`| ${bus.padEnd(6)} | ${THROUGHPUT_EVENTS} | ${Math.round(perSecond).toLocaleString('en-US').padStart(8)} | ${(perSecond / TARGET_EVENTS_PER_S).toFixed(2)}x |`);
      for (const n of SUBSCRIBER_COUNTS) {
        let r: ClientResult;
        try {
          r = await latency(server.services, server.wsUrl, n);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          failures.push(`${bus} ${n} subscribers: ${reason}`);
          latencyRows.push(`| ${bus.padEnd(6)} | ${String(n).padStart(5)} | failed: ${reason} |`);
          continue;
        }
        if (r.received !== r.expected || r.orderErrors > 0) {
          failures.push(`${bus} ${n} subscribers: received ${r.received}/${r.expected}, ${r.orderErrors} order errors${r.cutShort ? ` (${r.cutShort})` : ''}`);
        }
        const cpu = r.serverCpuMsPerEvent ?? NaN;
        const floor = await measureWriteFloor(n, LATENCY_EVENTS, EMIT_INTERVAL_MS, FLOOR_MESSAGE, CLIENT_PROCESSES).catch((error: unknown) => {
          failures.push(`${bus} ${n} write floor: ${error instanceof Error ? error.message : String(error)}`);
          return { cpuMsPerRound: NaN, userMsPerRound: NaN, systemMsPerRound: NaN, received: 0, expected: 0 };
        });
        if (floor.received !== floor.expected) failures.push(`${bus} ${n} write floor: received ${floor.received}/${floor.expected}`);
        const ratio = n === 1000 ? `${(TARGET_P99_MS / r.p99).toFixed(2)}x / ${(TARGET_CPU_MS_PER_EVENT / cpu).toFixed(2)}x` : '';
        latencyRows.push(
          `| ${bus.padEnd(6)} | ${String(n).padStart(5)} | ${fmt(r.p50).padStart(6)} | ${fmt(r.p90).padStart(6)} | ${fmt(r.p99).padStart(6)} | ${fmt(r.max).padStart(6)} | ${fmt(cpu, 2).padStart(6)} (${fmt(r.serverSysMsPerEvent ?? NaN, 2)}) | ${fmt(floor.cpuMsPerRound, 2)} (${fmt(floor.systemMsPerRound, 2)}) | ${r.received}/${r.expected} | ${r.orderErrors} | ${ratio} |`,
        );
        console.log(`  ${bus} ${n} subscribers: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, server CPU ${fmt(cpu, 2)} ms/event; bare ws writes ${fmt(floor.cpuMsPerRound, 2)} ms`);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`\nEvents stored (SQLite, batched) + published, ${THROUGHPUT_EVENTS} events; target ${TARGET_EVENTS_PER_S.toLocaleString('en-US')}/s`);
  console.log('| bus    | events | events/s | vs target |');
  console.log('|--------|--------|----------|-----------|');
  for (const row of throughputRows) console.log(row);
  console.log(`\nEmit → graphql-ws receive latency, ms (${LATENCY_EVENTS} events at ${1000 / EMIT_INTERVAL_MS}/s, one socket per subscriber, ${CLIENT_PROCESSES} client processes); target p99 <= ${TARGET_P99_MS} ms and server CPU <= ${TARGET_CPU_MS_PER_EVENT} ms/event at 1,000`);
  console.log('server CPU: this process per event while it was measured, (system time in brackets); bare ws writes: the same process writing one same-size message to as many plain ws sockets, no GraphQL/bus/store (bench/ws-write-floor.ts), measured right after');
  console.log('| bus    | subs  |    p50 |    p90 |    p99 |    max | server CPU ms/event (sys) | bare ws writes ms (sys) | received/expected | order errors | target/p99 / target/CPU |');
  console.log('|--------|-------|--------|--------|--------|--------|--------|--------|-----------|--------------|------------|');
  for (const row of latencyRows) console.log(row);
  if (failures.length > 0) {
    console.log(`\nFAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

if (process.env.BENCH_ROLE === 'subscribers') {
  void runSubscribers();
} else {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
