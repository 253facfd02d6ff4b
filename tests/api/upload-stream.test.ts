// Uploads are streamed to disk: a CSV several times larger than what the test allows the server's heap to
// grow by goes through uploadDataset while the main thread's heap + ArrayBuffer memory is sampled; the body is
// generated chunk by chunk, so the client holds no copy either. With @whatwg-node's formData() (which keeps
// every chunk of a file until the part ends) the peak grows by the whole file and the first test fails.
// Also: the spool folder is empty afterwards, whether the file was kept, too large or the request malformed.
import { readdir } from 'node:fs/promises';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetsDocument, UploadDatasetDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { newOwner, type Owner } from '../helpers/runs.js';
import { uploadSpoolDir } from '../../src/plugins/index.js';

const FILE_MB = 64;
/** The file is FILE_MB; a server that buffers it grows by at least that much. */
const HEAP_BUDGET_MB = 20;
const UPLOAD_LIMIT = 100 * 1024 * 1024;

let t: TestApp;
let owner: Owner;

beforeAll(async () => {
  t = await startTestApp({ env: { MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) } });
  owner = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

const memory = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

interface Sent {
  status: number;
  body: { data?: { uploadDataset?: { id: string; rowCount: number } } | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  peakGrowthBytes: number;
  fileBytes: number;
}

/**
 * A multipart request whose file part is `rows` CSV lines made on demand (64 KB at a time); memory is sampled at
 * every chunk the server pulls. `operations` overrides the operations field (malformed-request tests).
 */
async function sendStreamed(rows: number, operations?: string, token = owner.user.token, url = t.url, workspaceId = owner.workspaceId): Promise<Sent> {
  const boundary = `----caretql${Date.now()}`;
  const enc = new TextEncoder();
  const ops = operations ?? JSON.stringify({ query: print(UploadDatasetDocument), variables: { workspaceId, name: 'big', file: null } });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${ops}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify({ 0: ['variables.file'] })}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nx,y,label,note,target\n`;
  const pad = 'p'.repeat(60);
  const line = (i: number): string => `${i % 997},${(i * 7919) % 10007}.25,L${i % 13},${pad}${i % 50},${i % 2}\n`; // 75-84 bytes
  const base = memory();
  let peak = base;
  let i = 0;
  let done = false;
  let fileBytes = 0;
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (process.env.DEBUG_GC && ++pulls % 10 === 0) (globalThis as unknown as { gc(): void }).gc();
      const m = memory();
      if (m > peak) { peak = m; if (process.env.DEBUG_GC) console.log(pulls, fileBytes, (globalThis as unknown as {serverRead: number}).serverRead, process.memoryUsage().arrayBuffers); }
      if (i === 0 && !done) controller.enqueue(enc.encode(head));
      if (i >= rows) {
        if (!done) controller.enqueue(enc.encode(`\r\n--${boundary}--\r\n`));
        done = true;
        controller.close();
        return;
      }
      let chunk = '';
      while (i < rows && chunk.length < 65_536) chunk += line(i++);
      fileBytes += chunk.length;
      controller.enqueue(enc.encode(chunk));
    },
  });
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Sent['body'], peakGrowthBytes: peak - base, fileBytes };
}

async function spoolLeftovers(app: TestApp): Promise<string[]> {
  return readdir(uploadSpoolDir(app.config.artifactDir)).catch(() => []);
}

describe('streamed uploads', () => {
  it(`stores a ${FILE_MB} MB CSV while the server's heap grows by less than ${HEAP_BUDGET_MB} MB, and profiles every row`, async () => {
    const rows = 900_000; // at least 75 bytes a line, under the 1,000,000-row limit
    const sent = await sendStreamed(rows);
    expect(sent.fileBytes).toBeGreaterThanOrEqual(FILE_MB * 2 ** 20);
    expect(sent.body.errors, JSON.stringify(sent.body.errors)).toBeUndefined();
    expect(sent.body.data?.uploadDataset?.rowCount).toBe(rows);
    const list = await t.gql(DatasetsDocument, { workspaceId: owner.workspaceId }, owner.user.token);
    const stored = list.data!.datasets.find((d) => d.id === sent.body.data!.uploadDataset!.id);
    expect(stored?.columns.map((c) => c.name)).toEqual(['x', 'y', 'label', 'note', 'target']);
    expect(sent.peakGrowthBytes / 2 ** 20).toBeLessThan(HEAP_BUDGET_MB);
    expect(await spoolLeftovers(t)).toEqual([]);
  });

  it('refuses a file over the upload limit with 413 BAD_USER_INPUT on "file", keeping no spool file', async () => {
    const small = await startTestApp({ env: { MAX_UPLOAD_BYTES: String(256 * 1024) } });
    try {
      const o = await newOwner(small);
      const sent = await sendStreamed(100_000, undefined, o.user.token, small.url, o.workspaceId);
      expect(sent.status).toBe(413);
      expect(sent.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
      const none = await small.gql(DatasetsDocument, { workspaceId: o.workspaceId }, o.user.token);
      expect(none.data!.datasets).toEqual([]);
      expect(await spoolLeftovers(small)).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('answers a malformed operations field with 400 BAD_REQUEST and keeps no spool file', async () => {
    const sent = await sendStreamed(1000, '{not json');
    expect(sent.status).toBe(400);
    expect(sent.body.errors?.[0]?.message).toMatch(/operations/);
    expect(sent.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    expect(await spoolLeftovers(t)).toEqual([]);
  });
});
