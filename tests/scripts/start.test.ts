// `npm start` is `node scripts/start.mjs`: the staleness checks of web/dist and dist/ run in-process and the
// compiled server is imported into the same process, so the pid npm starts is the one listening (one node
// start-up, not three). From a tree with no dist/ (a fresh clone after `npm install` failed to build, or an
// edited src/) it builds first. The tree is a temp folder laid out like a clone: scripts/ and src/ copied, data/
// and web/ linked, node_modules without tsx (the server must not need it) and without vite (the web check then
// keeps the existing web build instead of running vite, which this test is not about).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let clone = '';
let server: ChildProcess | null = null;

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'caretql-start-'));
  for (const dir of ['scripts', 'src']) cpSync(join(root, dir), join(clone, dir), { recursive: true });
  cpSync(join(root, 'package.json'), join(clone, 'package.json'));
  for (const dir of ['data', 'web']) symlinkSync(join(root, dir), join(clone, dir));
  mkdirSync(join(clone, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'tsx' || name === 'vite' || name === '.bin') continue;
    symlinkSync(join(root, 'node_modules', name), join(clone, 'node_modules', name));
  }
});

async function stopServer(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  server = null;
}
afterEach(stopServer);
afterAll(() => rmSync(clone, { recursive: true, force: true }));

/** Runs the package's start script (from package.json) in the clone; resolves with the app URL and the output so far. */
function npmStartScript(): Promise<{ url: string; output: () => string }> {
  const script = (JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start'];
  expect(script).toBe('node scripts/start.mjs');
  const child = spawn(process.execPath, [join(clone, 'scripts', 'start.mjs')], {
    cwd: clone,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: 'start-script-test-secret-0123',
      LOG_LEVEL: 'info',
      RUN_CONCURRENCY: '1',
      RUN_ENGINE_THREADS: '1',
      RUN_WARM_UP: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /"app":"(http:\/\/[^"]+?)\/?"/.exec(output);
      if (m) resolve({ url: m[1]!, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`start script exited with ${code}:\n${output}`)));
  });
}

/** The pid whose open sockets include the one listening on `port` (Linux /proc), or null where /proc is not there. */
function listenerPid(pid: number, port: number): boolean | null {
  if (!existsSync('/proc/net/tcp')) return null;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') inodes.add(f[9] ?? '');
    }
  }
  expect(inodes.size, `a socket listens on ${port}`).toBeGreaterThan(0);
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}

/** Child processes of `pid` (all its threads), or null where /proc is not there. */
function childProcesses(pid: number): number[] | null {
  if (!existsSync(`/proc/${pid}/task`)) return null;
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

describe('npm start (scripts/start.mjs)', () => {
  it('builds a missing dist/ and serves from the same process; the next start does not rebuild', async () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const first = await npmStartScript();
    expect(first.output()).toMatch(/server: built dist\//);
    expect(existsSync(join(clone, 'dist', 'server.js'))).toBe(true);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const pid = server!.pid!;
    const port = Number(new URL(first.url).port);
    const listens = listenerPid(pid, port);
    if (listens !== null) expect(listens, 'the pid npm start runs is the one listening').toBe(true);
    const children = childProcesses(pid);
    if (children !== null) expect(children, 'no child processes').toEqual([]);
    expect(first.output()).not.toMatch(/tsx/);
    await stopServer();

    const second = await npmStartScript();
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    expect(second.output()).not.toMatch(/server: built/);
  }, 120_000);
});
