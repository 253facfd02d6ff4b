// npm run bench:boot — boot to ready of the production server: from spawning `node dist/server.js` (and,
// separately, `npm start`, which first checks that web/dist and dist/ are up to date, then imports dist/server.js in the same process) to the first 200 from
// /healthz, on a fresh SQLite database and, again, on the now migrated one (the usual restart). Median of
// BENCH_BOOT_REPEATS (default 3) each, with the server's own CPU time at that moment (from /proc, so the
// figure says how much of the wall time was the server's work rather than a busy machine's wait) and the
// load average. Target (issue 8): ≤ 2 s. bench:runs prints the `node dist/server.js` line too.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BOOT_TARGET_MS = 2000;

export interface BootSample {
  wallMs: number;
  /** The server process's user + system CPU when it answered, ms (null where /proc is not there). */
  cpuMs: number | null;
}

/** utime + stime of a process, ms. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** The node process that serves: `npm start` runs it as a descendant, found by its command line. */
function serverPid(rootPid: number): number {
  try {
    const children = readFileSync(`/proc/${rootPid}/task/${rootPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    for (const child of children) {
      const argv = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      // The node process itself, not the shell npm runs the start script in.
      // scripts/start.mjs runs the server in its own process (npm start); older trees spawned node dist/server.js.
      if (/(^|\/)node$/.test(argv[0] ?? '') && argv.some((a) => a.endsWith('dist/server.js') || a.endsWith('scripts/start.mjs'))) return child;
      const deeper = serverPid(child);
      if (deeper !== child) return deeper;
    }
  } catch {
    // not Linux, or it exited
  }
  return rootPid;
}

/** Spawns the server on `dataDir` (PORT=0), reads its port from the 'listening' line, waits for /healthz 200 (at most 60 s), stops it. */
export async function bootOnce(command: 'node' | 'npm', dataDir: string): Promise<BootSample> {
  const [file, args] = command === 'node' ? [process.execPath, [join(root, 'dist', 'server.js')]] : ['npm', ['start', '--silent']];
  const started = performance.now();
  const child = spawn(file, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dataDir, 'boot.sqlite')}`,
      ARTIFACT_DIR: join(dataDir, 'artifacts'),
      JWT_SECRET: 'bench-boot-secret-0123456789',
      LOG_LEVEL: 'info',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: npm does not pass SIGTERM on to the server it started, so the group is signalled
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const deadline = started + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
      if (performance.now() > deadline) throw new Error(`server not ready within 60 s: ${output}`);
      const url = /"app":"(http:\/\/[^"]+?)\/?"/.exec(output)?.[1];
      const ok =
        url !== undefined &&
        (await fetch(`${url}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        ));
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const wallMs = performance.now() - started;
    return { wallMs, cpuMs: cpuMsOf(serverPid(child.pid!)) };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export interface BootRow {
  label: string;
  wallMs: number;
  cpuMs: number | null;
}

/** Median boot of `command`, on a fresh database and on a migrated one. */
export async function measureBoot(command: 'node' | 'npm', repeats: number): Promise<BootRow[]> {
  const rows: BootRow[] = [];
  for (const fresh of [true, false]) {
    const samples: BootSample[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'caretql-boot-'));
    try {
      if (!fresh) await bootOnce(command, dir); // migrates; the timed boots find nothing to do
      for (let i = 0; i < repeats; i++) {
        if (fresh) for (const f of ['boot.sqlite', 'boot.sqlite-wal', 'boot.sqlite-shm']) rmSync(join(dir, f), { force: true });
        samples.push(await bootOnce(command, dir));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const cpus = samples.map((s) => s.cpuMs).filter((c): c is number => c !== null);
    rows.push({
      label: `${command === 'node' ? 'node dist/server.js' : 'npm start'}, ${fresh ? 'new database' : 'migrated database'}`,
      wallMs: median(samples.map((s) => s.wallMs)),
      cpuMs: cpus.length ? median(cpus) : null,
    });
  }
  return rows;
}

export function formatBootRows(rows: BootRow[]): string[] {
  return rows.map(
    (r) =>
      `| ${r.label.padEnd(38)} | ${String(Math.round(r.wallMs)).padStart(7)} | ${(r.cpuMs === null ? 'n/a' : String(Math.round(r.cpuMs))).padStart(7)} | ${(BOOT_TARGET_MS / r.wallMs).toFixed(2)}x |`,
  );
}

export const BOOT_HEADER = ['| boot to ready (/healthz 200)           | wall ms | CPU ms  | target/wall |', '|----------------------------------------|---------|---------|-------------|'];

async function main(): Promise<void> {
  const repeats = Number(process.env.BENCH_BOOT_REPEATS ?? 3);
  execFileSync(process.execPath, [join(root, 'scripts', 'build-server.mjs'), '--if-stale'], { stdio: 'inherit' });
  const rows = [...(await measureBoot('node', repeats)), ...(await measureBoot('npm', repeats))];
  console.log(`Boot to ready, median of ${repeats}; target ≤ ${BOOT_TARGET_MS} ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const line of [...BOOT_HEADER, ...formatBootRows(rows)]) console.log(line);
  if (rows.some((r) => r.wallMs > BOOT_TARGET_MS)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
