// Uploads are streamed to disk: a CSV several times larger than what the test allows the server's heap to
// grow by goes through uploadDataset while the main thread's heap + ArrayBuffer memory is sampled after a forced
// collection every ~4 MB; the body is generated chunk by chunk, so the client holds no copy either. With
// @whatwg-node's formData() (which keeps every chunk of a file until the part ends) the retained memory grows
// by the whole file (~70 MB measured) and the first test fails; streamed, it stays within ~5 MB.
// Also: the spool folder is empty afterwards, whether the file was kept, too large or the request malformed.
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetsDocument, UploadDatasetDocument } from '../gql/generated/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { newOwner, type Owner } from '../helpers/runs.js';
import { uploadSpoolDir } from '../../src/plugins/index.js';

const FILE_MB = 128;
/**
 * The file is FILE_MB; a server that buffers it keeps at least that much (measured with formData() on a 72 MB
 * file: 70 MB). Streamed, what stays is the buffers in flight in the pipes: 13-15 MB, with a spike to 31 once.
 */
const HEAP_BUDGET_MB = 40;
const UPLOAD_LIMIT = 200 * 1024 * 1024;

let t: TestApp;
let owner: Owner;

beforeAll(async () => {
  t = await startTestApp({ env: { MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT) } });
  owner = await newOwner(t);
});
afterAll(async () => {
  await t?.stop();
});

// A collection on demand without --expose-gc on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

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
 * A multipart request whose file part is `rows` CSV lines made on demand (64 KB at a time), written with node:http
 * as the socket drains (undici's fetch keeps a streamed request body in memory); memory is sampled at every chunk.
 * `operations` overrides the operations field (malformed-request tests).
 */
async function sendStreamed(rows: number, operations?: string, token = owner.user.token, url = t.url, workspaceId = owner.workspaceId): Promise<Sent> {
  const boundary = `----caretql${Date.now()}`;
  const ops = operations ?? JSON.stringify({ query: print(UploadDatasetDocument), variables: { workspaceId, name: 'big', file: null } });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${ops}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify({ 0: ['variables.file'] })}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nx,y,label,note,target\n`;
  const pad = 'p'.repeat(140);
  const line = (i: number): string => `${i % 997},${(i * 7919) % 10007}.25,L${i % 13},${pad}${i % 50},${i % 2}\n`; // 155-164 bytes
  gc();
  const base = memory();
  let peak = base;
  let fileBytes = 0;
  let chunks = 0;
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const write = async (): Promise<void> => {
      req.write(head);
      for (let i = 0; i < rows; ) {
        let chunk = '';
        while (i < rows && chunk.length < 65_536) chunk += line(i++);
        fileBytes += chunk.length;
        // What stays after a collection, every ~4 MB: garbage between collections is not what the server keeps.
        if (++chunks % 64 === 0) {
          gc();
          peak = Math.max(peak, memory());
        }
        if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', r));
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    // A server that answers early (413) closes the socket: the remaining writes just fail.
    write().catch(() => undefined);
  });
  const res = await response;
  return { status: res.status, body: JSON.parse(res.text) as Sent['body'], peakGrowthBytes: peak - base, fileBytes };
}

async function spoolLeftovers(app: TestApp): Promise<string[]> {
  return readdir(uploadSpoolDir(app.config.artifactDir)).catch(() => []);
}

describe('streamed uploads', () => {
  it(`stores a ${FILE_MB} MB CSV while the server's heap keeps less than ${HEAP_BUDGET_MB} MB more, and profiles every row`, async () => {
    const rows = 900_000; // at least 155 bytes a line, under the 1,000,000-row limit
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
