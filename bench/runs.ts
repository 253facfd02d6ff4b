// npm run bench:runs [-- --large] — end-to-end compare through the real server, next to scikit-learn.
//
// Builds and starts the production server (node dist/server.js, RUN_CONCURRENCY=1, fresh SQLite and artifact
// folder), waits for its engine threads to be warmed, then for each built-in dataset submits a COMPARE over
// GraphQL (PyCaret's defaults: 10 folds, session 123, turbo models) and times submitRun → run.succeeded received on
// the run's runEvents subscription (graphql-ws, one socket held open as a client would), three times; the median is
// printed next to scikit-learn's compare timed in the same run
// (/usr/bin/python3 ../shared/tools/sklearn-compare.py --njobs 1, after the server has stopped) when
// scikit-learn (and pandas, which the script uses) is importable, else the reference figures of README's engine table.
// --large: a generated, seeded 1,000,000-row CSV (a date, two ~300-level categoricals, a number, a binary
// target) uploaded, set up alone (issue 10: ≤ 10 s) and compared on lightgbm, lr and dt; prints the times and the
// server's peak RSS. Then the boot to ready of the same build (bench/boot.ts).
// Per run, the server logs its timeline ('run timeline': submit, queue, claim, worker, engine, artifact, terminal
// transaction, event store/publish latencies; src/jobs/lifecycle/run-timeline.ts): the median run of each dataset
// is broken down next to the table, with the client's own submit and 'seen' times on the same clock.
// BENCH_SERVER_NODE_ARGS: node options for the server (profiling). --datasets=iris,wine: only those; --no-sklearn: the reference figures instead of timing scikit-learn; --trace:
// every run's whole server timeline (each mark to the next, event hops).
// Targets: ≤ 0.1 × scikit-learn on iris, wine and breast_cancer, ≤ 0.15 × on digits; 1M rows ≤ 60 s, ≤ 1.5 GB; boot ≤ 2 s.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAsBlob } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { BOOT_HEADER, BOOT_TARGET_MS, formatBootRows, measureBoot } from './boot.js';
import { writeLargeCsv } from './large-csv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const LARGE = process.argv.includes('--large');
const NO_SKLEARN = process.argv.includes('--no-sklearn');
const TRACE = process.argv.includes('--trace');
const ONLY = process.argv.find((a) => a.startsWith('--datasets='))?.slice('--datasets='.length).split(',');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const PYTHON = '/usr/bin/python3';
const SKLEARN_COMPARE = join(root, '..', 'shared', 'tools', 'sklearn-compare.py');

interface Dataset {
  name: 'iris' | 'wine' | 'breast_cancer' | 'diabetes' | 'digits';
  builtin: string;
  task: 'CLASSIFICATION' | 'REGRESSION';
  /** Largest caretql / scikit-learn ratio allowed (issue 8), if any. */
  target: number | null;
  /** scikit-learn 1.2.1, one thread, from README's engine table (used when scikit-learn is not importable). */
  referenceSeconds: number;
}
const ALL_DATASETS: Dataset[] = [
  { name: 'iris', builtin: 'IRIS', task: 'CLASSIFICATION', target: 0.1, referenceSeconds: 4.5 },
  { name: 'wine', builtin: 'WINE', task: 'CLASSIFICATION', target: 0.1, referenceSeconds: 5.9 },
  { name: 'breast_cancer', builtin: 'BREAST_CANCER', task: 'CLASSIFICATION', target: 0.1, referenceSeconds: 7.3 },
  { name: 'diabetes', builtin: 'DIABETES', task: 'REGRESSION', target: null, referenceSeconds: 4.5 },
  { name: 'digits', builtin: 'DIGITS', task: 'CLASSIFICATION', target: 0.15, referenceSeconds: 55.1 },
];
const DATASETS = ALL_DATASETS.filter((d) => !ONLY || ONLY.includes(d.name));
/** Epoch ms with sub-ms precision: the clock the server's run timelines use (same machine). */
const epochMs = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- the server
interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

async function startServer(dir: string): Promise<Server> {
  // CARETQL_DIST_DIR: a build the caller made (e.g. of another commit, for an A/B run): used as it is.
  if (!process.env.CARETQL_DIST_DIR) execFileSync(process.execPath, [join(root, 'scripts', 'build-server.mjs'), '--if-stale'], { stdio: 'inherit' });
  // BENCH_SERVER_NODE_ARGS: node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(process.env.CARETQL_DIST_DIR ?? join(root, 'dist'), 'server.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
      ARTIFACT_DIR: join(dir, 'artifacts'),
      JWT_SECRET: 'bench-runs-secret-0123456789',
      LOG_LEVEL: 'info',
      RUN_CONCURRENCY: '1',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /"graphql":"(http:\/\/[^"]+\/graphql)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForLog(server: Server, pattern: RegExp, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(server.output())) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Peak resident set of a process (VmHWM), MB; null where /proc is not there. */
function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- GraphQL
type Data = Record<string, any>;
async function gql(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Data> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Data; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data!;
}

async function account(url: string): Promise<{ token: string; workspaceId: string; projectId: string }> {
  const { signUp } = await gql(url, 'mutation($e: String!) { signUp(email: $e, password: "bench password 123") { token } }', { e: `bench-${Date.now()}@example.com` });
  const token = signUp.token as string;
  const ws = await gql(url, 'mutation { createWorkspace(input: { name: "bench" }) { id } }', {}, token);
  const workspaceId = ws.createWorkspace.id as string;
  const p = await gql(url, 'mutation($w: ID!) { createProject(input: { workspaceId: $w, name: "bench" }) { id } }', { w: workspaceId }, token);
  return { token, workspaceId, projectId: p.createProject.id as string };
}

async function experiment(url: string, token: string, projectId: string, task: string, name: string): Promise<string> {
  const e = await gql(
    url,
    'mutation($p: ID!, $t: TaskType!, $n: String!) { createExperiment(input: { projectId: $p, name: $n, task: $t, target: "target", setupParams: { sessionId: 123 } }) { id } }',
    { p: projectId, t: task, n: name },
    token,
  );
  return e.createExperiment.id as string;
}

/** The run's server-side timeline, as its 'run timeline' log line gives it. */
interface ServerTimeline {
  phases: Record<string, number>;
  events: Record<string, { count: number; meanMs: number; maxMs: number }>;
  marks: Record<string, number>;
  cpu: Record<string, number>;
}
interface TimedRun {
  seconds: number;
  runId: string;
  /** Client clock (epoch ms): before submitRun was sent, and when run.succeeded arrived. */
  submittedAt: number;
  seenAt: number;
}

/** The terminal event of a run on its runEvents subscription (replayed from seq 0, so none is missed). */
function terminalEvent(ws: Client, runId: string): Promise<{ kind: string; message: string | null; at: number }> {
  return new Promise((resolve, reject) => {
    let done = false;
    const stop = ws.subscribe<{ runEvents: { kind: string; message: string | null } }>(
      { query: 'subscription($r: ID!) { runEvents(runId: $r, after: 0) { kind message } }', variables: { r: runId } },
      {
        next: (r) => {
          const e = r.data?.runEvents;
          if (!done && e && ['run.succeeded', 'run.failed', 'run.cancelled'].includes(e.kind)) {
            done = true;
            resolve({ ...e, at: epochMs() });
            stop();
          }
        },
        error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => {
          if (!done) reject(new Error(`run ${runId}: runEvents completed without a terminal event`));
        },
      },
    );
  });
}

/** submitRun → run.succeeded received on the run's subscription (an honest client: no polling interval). */
async function timedCompare(url: string, ws: Client, token: string, experimentId: string, data: Record<string, unknown>, params: Record<string, unknown> = {}, plan = 'COMPARE'): Promise<TimedRun> {
  const submittedAt = epochMs();
  const s = await gql(
    url,
    'mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }',
    { i: { experimentId, plan, data, params } },
    token,
  );
  const runId = s.submitRun.id as string;
  const end = await terminalEvent(ws, runId);
  if (end.kind !== 'run.succeeded') throw new Error(`run ${runId} ended ${end.kind}: ${end.message}`);
  return { seconds: (end.at - submittedAt) / 1000, runId, submittedAt, seenAt: end.at };
}

/** The 'run timeline' log line of a run (written just after its terminal transition). */
async function serverTimeline(server: Server, runId: string): Promise<ServerTimeline | null> {
  const find = (): ServerTimeline | null => {
    for (const line of server.output().split('\n')) {
      if (!line.includes('"run timeline"') || !line.includes(runId)) continue;
      try {
        return JSON.parse(line) as ServerTimeline;
      } catch {
        return null;
      }
    }
    return null;
  };
  const deadline = Date.now() + 5_000;
  for (;;) {
    const t = find();
    if (t || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One run's breakdown in ms: the client's hops and the server's phases grouped as the table prints them. */
function breakdown(run: TimedRun, t: ServerTimeline | null): Record<string, number> | null {
  if (!t) return null;
  const m = t.marks;
  const between = (a: number | undefined, b: number | undefined): number => (a === undefined || b === undefined ? NaN : b - a);
  return {
    total: run.seenAt - run.submittedAt,
    'client→submit': between(run.submittedAt, m['submitReceived']),
    submit: between(m['submitReceived'], m['queued']),
    'queue+claim': between(m['queued'], m['taskPosted']),
    'to worker': between(m['taskPosted'], m['dataLoaded']),
    engine: between(m['dataLoaded'], m['engineDone']),
    'engine cpu': t.cpu['engine'] ?? NaN,
    artifact: between(m['engineDone'], m['artifactWritten']),
    'outcome→main': between(m['artifactWritten'], m['doneReceived']),
    terminal: between(m['doneReceived'], m['terminalCommitted']),
    'main cpu': t.cpu['main'] ?? NaN,
    'seen by client': between(m['terminalCommitted'], run.seenAt),
    'event store (mean)': t.events['receivedToStored']?.meanMs ?? NaN,
    'event publish (mean)': t.events['storedToPublished']?.meanMs ?? NaN,
    events: t.events['receivedToStored']?.count ?? NaN,
    batches: t.events['storedToPublished']?.count ?? NaN,
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---------------------------------------------------------------- scikit-learn
function sklearnSeconds(dir: string): Map<string, number> | null {
  if (NO_SKLEARN) return null;
  if (!existsSync(PYTHON) || !existsSync(SKLEARN_COMPARE)) return null;
  if (spawnSync(PYTHON, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status !== 0) return null;
  const out = join(dir, 'sklearn');
  console.log('scikit-learn: timing the same compares (one thread) …');
  const r = spawnSync(PYTHON, [SKLEARN_COMPARE, '--datasets', DATASETS.map((d) => d.name).join(','), '--njobs', '1', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 1_800_000 });
  if (r.status !== 0 || !existsSync(`${out}.json`)) return null;
  const json = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { datasets: Record<string, Record<string, { compare_total_s: number }>> };
  const seconds = new Map<string, number>();
  for (const [name, entry] of Object.entries(json.datasets)) {
    const t = entry['n_jobs=1']?.compare_total_s;
    if (typeof t === 'number') seconds.set(name, t);
  }
  return seconds;
}

// ---------------------------------------------------------------- --large
async function upload(url: string, token: string, workspaceId: string, file: string): Promise<string> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($f: File!, $w: ID!) { uploadDataset(file: $f, name: "large", workspaceId: $w) { id rowCount } }', variables: { f: null, w: workspaceId } }));
  form.append('map', JSON.stringify({ 0: ['variables.f'] }));
  form.append('0', await openAsBlob(file), 'large.csv');
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'graphql-require-preflight': '1' }, body: form });
  const body = (await res.json()) as { data?: Data; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`upload: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data!.uploadDataset.id as string;
}

/** Per dataset, each column's median over the repeats (ms), in the order a run passes through them. */
function printBreakdowns(breakdowns: Map<string, Array<Record<string, number> | null>>): void {
  const rows = [...breakdowns].map(([name, runs]) => [name, runs.filter((r): r is Record<string, number> => r !== null)] as const).filter(([, r]) => r.length > 0);
  const first = rows[0]?.[1][0];
  if (!first) return;
  const columns = Object.keys(first);
  console.log(`\nWhere the milliseconds go (median per column over the ${REPEATS} runs; server timeline + client clock; 'engine' is the compare itself, analysis included):`);
  console.log(`| compare | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---').join('|')}|`);
  for (const [name, runs] of rows) {
    const cells = columns.map((c) => {
      const v = median(runs.map((r) => r[c] ?? NaN));
      return Number.isNaN(v) ? 'n/a' : c === 'events' || c === 'batches' ? String(v) : v.toFixed(1);
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'caretql-bench-runs-'));
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  try {
    const server = await startServer(dir);
    const ours = new Map<string, number[]>();
    const breakdowns = new Map<string, Array<Record<string, number> | null>>();
    let ws: Client | null = null;
    let large: { uploadSeconds: number; setupSeconds: number; seconds: number; rssMb: number | null } | null = null;
    try {
      const warmed = await waitForLog(server, /engine threads warmed/, 180_000);
      if (!warmed) console.log('(the engine warm-up did not finish within 180 s: measuring anyway)');
      const { token, workspaceId, projectId } = await account(server.url);
      const socket = createClient({
        url: server.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
      });
      ws = socket;
      if (LARGE) {
        const csv = join(dir, 'large.csv');
        await writeLargeCsv(csv);
        const t0 = performance.now();
        const datasetId = await upload(server.url, token, workspaceId, csv);
        const uploadSeconds = (performance.now() - t0) / 1000;
        const exp = await experiment(server.url, token, projectId, 'CLASSIFICATION', 'large');
        // Issue 10's bar: setup alone (parse, split, date features, target encoding) on this file ≤ 10 s.
        const setupSeconds = (await timedCompare(server.url, socket, token, exp, { datasetId }, {}, 'SETUP')).seconds;
        console.log(`  upload ${uploadSeconds.toFixed(1)} s, setup ${setupSeconds.toFixed(1)} s; compare …`);
        const seconds = (await timedCompare(server.url, socket, token, exp, { datasetId }, { include: ['lightgbm', 'lr', 'dt'] })).seconds;
        large = { uploadSeconds, setupSeconds, seconds, rssMb: peakRssMb(server.child.pid!) };
      } else {
        for (const d of DATASETS) {
          const exp = await experiment(server.url, token, projectId, d.task, d.name);
          const times: number[] = [];
          const parts: Array<Record<string, number> | null> = [];
          for (let i = 0; i < REPEATS; i++) {
            const run = await timedCompare(server.url, socket, token, exp, { builtin: d.builtin });
            times.push(run.seconds);
            const timeline = await serverTimeline(server, run.runId);
            if (TRACE) console.log(`    ${d.name} #${i + 1} ${run.seconds.toFixed(3)} s: ${JSON.stringify({ phases: timeline?.phases, events: timeline?.events, cpu: timeline?.cpu })}`);
            parts.push(breakdown(run, timeline));
          }
          ours.set(d.name, times);
          breakdowns.set(d.name, parts);
          console.log(`  ${d.name}: ${times.map((t) => t.toFixed(2)).join(', ')} s`);
        }
      }
    } finally {
      await ws?.dispose();
      await server.stop();
    }
    if (large) {
      console.log(`\n1,000,000 rows × 5 columns (date, two 300-level categoricals, a number, binary target), compare lightgbm/lr/dt; load average ${load}`);
      console.log('| step | submit → SUCCEEDED | target |');
      console.log('|---|---|---|');
      console.log(`| upload (streamed) + profile | ${large.uploadSeconds.toFixed(1)} s | |`);
      console.log(`| setup alone (issue 10) | ${large.setupSeconds.toFixed(1)} s | ≤ 10 s ${large.setupSeconds <= 10 ? 'met' : 'missed'} |`);
      console.log(`| compare lightgbm, lr, dt | ${large.seconds.toFixed(1)} s | ≤ 60 s ${large.seconds <= 60 ? 'met' : 'missed'} (${(60 / large.seconds).toFixed(2)}x) |`);
      console.log(`| server peak RSS (whole run) | ${large.rssMb === null ? 'n/a' : `${Math.round(large.rssMb)} MB`} | ≤ 1,536 MB ${large.rssMb !== null && large.rssMb <= 1536 ? 'met' : 'missed'} |`);
      console.log(`load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      return;
    }
    const skl = sklearnSeconds(dir);
    const source = skl ? 'scikit-learn 1.2.1 timed in this run (one thread)' : "scikit-learn reference (README's engine table; not importable here)";
    console.log(`\nCompare (all turbo models, 10-fold CV) submitted over GraphQL to the built server, median of ${REPEATS}; ${source}; load average at start ${load}`);
    console.log('| compare | caretql submit → SUCCEEDED | scikit-learn | ratio | target |');
    console.log('|---|---|---|---|---|');
    for (const d of DATASETS) {
      const ourSeconds = median(ours.get(d.name)!);
      const theirs = skl?.get(d.name) ?? d.referenceSeconds;
      const ratio = ourSeconds / theirs;
      const verdict = d.target === null ? '' : `≤ ${d.target} ${ratio <= d.target ? 'met' : 'missed'}`;
      console.log(`| ${d.name} | ${ourSeconds.toFixed(2)} s | ${theirs.toFixed(2)} s | ${ratio.toFixed(3)} | ${verdict} |`);
    }
    printBreakdowns(breakdowns);
    // Boot to ready of the same build (bench/boot.ts has the npm start rows too).
    const boot = await measureBoot('node', Number(process.env.BENCH_BOOT_REPEATS ?? 3));
    console.log(`\nBoot to ready, target ≤ ${BOOT_TARGET_MS} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const line of [...BOOT_HEADER, ...formatBootRows(boot)]) console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
