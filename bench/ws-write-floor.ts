// The floor under bench/events.ts's fan-out rows, measured in the same run: the server process's CPU for
// writing one message of a given size to each of n WebSockets (ws, no compression, the sockets' other ends
// in child processes on this machine), with no GraphQL, no pub/sub and no store at all. A fan-out cannot
// cost less than this per event; on loopback the kernel's receive side of every write is charged to the
// writer too (system time), which a server talking to remote clients would not pay.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';

export interface WriteFloor {
  /** Server CPU per round (one message to every socket), ms: user + system, and the two apart. */
  cpuMsPerRound: number;
  userMsPerRound: number;
  systemMsPerRound: number;
  received: number;
  expected: number;
}

type ChildToParent = { type: 'connected' } | { type: 'received'; received: number } | { type: 'error'; message: string };

async function runSockets(): Promise<void> {
  const url = process.env.WS_URL!;
  const n = Number(process.env.N);
  let connected = 0;
  let received = 0;
  const send = (m: ChildToParent): void => void process.send!(m);
  for (let i = 0; i < n; i++) {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      if (++connected === n) send({ type: 'connected' });
    });
    socket.on('message', () => {
      received++;
    });
    socket.on('error', (err) => send({ type: 'error', message: err.message }));
  }
  setInterval(() => send({ type: 'received', received }), 100);
  process.on('disconnect', () => process.exit(0));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `message` to n sockets every intervalMs, `rounds` times; waits (at most 30 s) until all arrived. */
export async function measureWriteFloor(n: number, rounds: number, intervalMs: number, message: string, processes: number): Promise<WriteFloor> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: WebSocket[] = [];
  wss.on('connection', (s) => sockets.push(s));
  const procs = Math.max(1, Math.min(processes, n));
  const children = Array.from({ length: procs }, (_, i) =>
    fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_ROLE: 'raw-sockets',
        WS_URL: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
        N: String(Math.floor(n / procs) + (i < n % procs ? 1 : 0)),
      },
    }),
  );
  const received = new Array<number>(procs).fill(0);
  let connected = 0;
  let failure: string | null = null;
  children.forEach((child, i) =>
    child.on('message', (m: ChildToParent) => {
      if (m.type === 'connected') connected++;
      else if (m.type === 'received') received[i] = m.received;
      else failure = m.message;
    }),
  );
  const total = () => received.reduce((a, b) => a + b, 0);
  try {
    for (let waited = 0; connected < procs || sockets.length < n; waited += 20) {
      if (failure) throw new Error(`raw sockets: ${failure}`);
      if (waited > 120_000) throw new Error(`raw sockets: ${sockets.length}/${n} connected`);
      await sleep(20);
    }
    for (const s of sockets) s.send(message); // warm-up round
    const cpu0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) {
      for (const s of sockets) s.send(message);
      await sleep(intervalMs);
    }
    const cpu = process.cpuUsage(cpu0);
    const expected = n * (rounds + 1);
    for (let waited = 0; total() < expected && waited < 30_000; waited += 20) await sleep(20);
    return {
      cpuMsPerRound: (cpu.user + cpu.system) / 1000 / rounds,
      userMsPerRound: cpu.user / 1000 / rounds,
      systemMsPerRound: cpu.system / 1000 / rounds,
      received: Math.max(0, total() - n), // the warm-up round is not counted
      expected: n * rounds,
    };
  } finally {
    for (const child of children) child.disconnect();
    await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
    for (const s of sockets) s.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

if (process.env.BENCH_ROLE === 'raw-sockets') void runSockets();
