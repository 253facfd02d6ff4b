// The binary pipeline format: lossless round trip of any JSON value (number arrays narrowed only when exact,
// base64 blobs, typed arrays, keys that look like references), fitted pipelines that predict bit for bit as
// the JSON they replace (forest and boosting), the SHA-256 refusal of a flipped byte, older JSON artifacts
// still loading, and a malformed file with a valid hash refused with a reason.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDataset, loadPipeline, runPlan, type ColumnRecord, type PipelineJSON, type PlanRequest } from '../../../src/engine/index.js';
import { ArtifactIntegrityError, readJsonArtifact, writeBinaryArtifact, writeJsonArtifact } from '../../../src/jobs/storage/artifacts.js';
import { BinaryFormatError, decodeBinaryJson, encodeBinaryJson, isBinaryJson } from '../../../src/jobs/storage/binary-json.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caretql-binary-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('binary JSON container', () => {
  it('gives back exactly the value JSON would, for every kind of array and awkward keys', () => {
    const value = {
      small: [1, 2, 3],
      int8: range(40, (i) => i - 20),
      int16: range(40, (i) => i * 1000 - 20_000),
      int32: range(40, (i) => i * 100_000_000 - 2_000_000_000),
      f32: range(40, (i) => i / 4),
      f64: range(40, (i) => i / 3 + 1e-12),
      big: range(40, (i) => 2 ** 40 + i),
      negZero: [...range(20, (i) => i), -0],
      withNaN: [...range(20, (i) => i), NaN],
      mixed: [...range(20, (i) => i), 'x'],
      nested: [range(30, (i) => i * 0.1), { deep: range(30, (i) => -i) }],
      b64: Buffer.from(Float64Array.from(range(40, (i) => i + 0.5)).buffer).toString('base64'),
      notCanonicalB64: 'A'.repeat(63) + 'B',
      text: 'caretql',
      $bin: 3,
      $$x: { $bin: 'not a reference' },
      ['__proto__']: { polluted: true },
      nothing: null,
      skipped: undefined,
    };
    const bytes = encodeBinaryJson(value);
    expect(isBinaryJson(bytes)).toBe(true);
    const back = decodeBinaryJson(bytes) as Record<string, unknown>;
    expect(back).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.is((back.negZero as number[])[20], 0)).toBe(true); // as JSON has it
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps typed arrays as their own class', () => {
    const value = { a: Float32Array.from([0.1, 0.2, 0.3]), b: Int32Array.from(range(100, (i) => i * 7)), c: new Uint8Array(1000) };
    const back = decodeBinaryJson(encodeBinaryJson(value)) as typeof value;
    expect(back.a).toBeInstanceOf(Float32Array);
    expect(back.a).toEqual(value.a);
    expect(back.b).toEqual(value.b);
    expect(back.c).toEqual(value.c);
  });

  it('deflates large compressible sections and stores small ones raw (a fresh zlib state per section costs more than it saves)', () => {
    const codecOf = (bytes: Uint8Array, i: number): number => bytes[24 + i * 16 + 2] as number;
    // 8 KB and 2 KB of int16 values repeating with period 10: very compressible, on either side of the threshold.
    const large = encodeBinaryJson({ a: range(4096, (i) => (i % 10) * 1000) });
    expect(codecOf(large, 0)).toBe(1);
    expect(large.byteLength).toBeLessThan(4096);
    expect((decodeBinaryJson(large) as { a: number[] }).a).toEqual(range(4096, (i) => (i % 10) * 1000));
    const small = encodeBinaryJson({ a: range(1024, (i) => (i % 10) * 1000) });
    expect(codecOf(small, 0)).toBe(0);
    expect((decodeBinaryJson(small) as { a: number[] }).a).toEqual(range(1024, (i) => (i % 10) * 1000));
  });

  it('refuses a truncated file, a wrong version and a section reference out of range', () => {
    const bytes = encodeBinaryJson({ a: range(5000, (i) => i / 7) });
    expect(() => decodeBinaryJson(bytes.subarray(0, bytes.byteLength - 100))).toThrow(BinaryFormatError);
    const v2 = Uint8Array.from(bytes);
    v2[8] = 2;
    expect(() => decodeBinaryJson(v2)).toThrow(/format version 2/);
    const ref = encodeBinaryJson({ a: range(100, (i) => i / 7) });
    const text = Buffer.from(ref).toString('latin1').replace('{"$bin":0}', '{"$bin":9}');
    expect(() => decodeBinaryJson(Buffer.from(text, 'latin1'))).toThrow(/section 9 of 1/);
  });
});

const rows: ColumnRecord = (() => {
  const frame = loadBuiltinDataset('breast_cancer');
  const record: ColumnRecord = {};
  for (const c of frame.columns) if (c.kind === 'numeric' && c.name !== 'target') record[c.name] = Array.from(c.values.slice(0, 200));
  return record;
})();

async function fitted(modelId: string): Promise<PipelineJSON> {
  const req: PlanRequest = { task: 'classification', target: 'target', setup: { fold: 2, sessionId: 123 } as PlanRequest['setup'], plan: 'create', modelId, params: { analysis: false } };
  const result = await runPlan(loadBuiltinDataset('breast_cancer'), req, { emit() {} });
  if (!result.pipeline) throw new Error('no pipeline');
  return result.pipeline;
}

function predictionHash(json: unknown): string {
  const p = loadPipeline(json).predict(rows);
  const h = createHash('sha256');
  h.update(JSON.stringify(p.predictions));
  for (const row of p.probabilities ?? []) h.update(Buffer.from(Float64Array.from(row).buffer));
  return h.digest('hex');
}

describe('pipeline artifacts', () => {
  for (const modelId of ['rf', 'lightgbm']) {
    it(`${modelId}: the binary artifact is smaller than the JSON one and predicts hash-identically (probabilities to the bit)`, async () => {
      const pipeline = await fitted(modelId);
      const bin = await writeBinaryArtifact(dir, `run-${modelId}`, 'pipeline.bin', 'pipeline', pipeline);
      const json = await writeJsonArtifact(dir, `run-${modelId}`, 'pipeline.json', 'pipeline', pipeline);
      expect(bin.sizeBytes).toBeLessThan(json.sizeBytes);
      const fromBin = await readJsonArtifact(dir, bin);
      const fromJson = await readJsonArtifact(dir, json);
      expect(fromBin).toEqual(fromJson);
      expect(predictionHash(fromBin)).toBe(predictionHash(fromJson));
      expect(predictionHash(fromBin)).toBe(predictionHash(pipeline));
    });
  }

  it('refuses a binary artifact with one flipped byte before decoding it (ArtifactIntegrityError)', async () => {
    const pipeline = await fitted('dt');
    const bin = await writeBinaryArtifact(dir, 'run-flip', 'pipeline.bin', 'pipeline', pipeline);
    const full = join(dir, bin.path);
    const bytes = await readFile(full);
    expect(predictionHash(await readJsonArtifact(dir, bin))).toBe(predictionHash(pipeline));
    for (const at of [3, Math.floor(bytes.byteLength / 2), bytes.byteLength - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      await writeFile(full, flipped);
      await expect(readJsonArtifact(dir, bin)).rejects.toThrow(ArtifactIntegrityError);
      await expect(readJsonArtifact(dir, bin)).rejects.toThrow(/does not match its recorded SHA-256/);
    }
  });

  it('still loads a pipeline stored as JSON (artifacts from before the binary format)', async () => {
    const pipeline = await fitted('dt');
    const json = await writeJsonArtifact(dir, 'run-old', 'pipeline.json', 'pipeline', pipeline);
    expect((await readFile(join(dir, json.path), 'utf8')).startsWith('{')).toBe(true);
    expect(predictionHash(await readJsonArtifact(dir, json))).toBe(predictionHash(pipeline));
  });

  it('refuses a file whose hash matches its row but whose content is not a valid binary pipeline', async () => {
    const bytes = encodeBinaryJson({ a: range(5000, (i) => i / 7) }).subarray(0, 200);
    const path = 'runs/run-bad/pipeline.bin';
    await rm(join(dir, 'runs/run-bad'), { recursive: true, force: true });
    await writeBinaryArtifact(dir, 'run-bad', 'pipeline.bin', 'pipeline', {});
    await writeFile(join(dir, path), bytes);
    const row = { path, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.byteLength };
    await expect(readJsonArtifact(dir, row)).rejects.toThrow(ArtifactIntegrityError);
    await expect(readJsonArtifact(dir, row)).rejects.toThrow(/not a valid binary pipeline file/);
  });
});
