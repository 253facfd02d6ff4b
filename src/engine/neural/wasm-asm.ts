// A minimal WebAssembly binary encoder for the few instructions the SIMD kernels use (simd-kernels.ts): enough
// to write small loop nests over f64 / f64x2 data in one imported memory, without a toolchain or a dependency.
// Instructions are plain byte arrays; a function body is the concatenation of its instructions.

export type Code = number[];

export const I32 = 0x7f;
export const V128 = 0x7b;

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const simd = (op: number, ...imm: number[]): Code => [0xfd, ...uleb(op), ...imm];
/** memarg: alignment hint 2^3 (f64 data is 8-byte aligned, not necessarily 16), no static offset. */
const MEM8 = [3, 0];

export const op = {
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  i32: (v: number): Code => [0x41, ...sleb(v)],
  add: [0x6a] as Code,
  mul: [0x6c] as Code,
  geS: [0x4e] as Code,
  /** if the i32 on the stack is non-zero, run `then` */
  ifThen: (then: Code): Code => [0x04, 0x40, ...then, 0x0b],
  /** v128 lanes = 2 × f64 at the i32 address on the stack */
  load: simd(0x00, ...MEM8),
  /** both lanes = the f64 at the i32 address on the stack */
  loadSplat: simd(0x0a, ...MEM8),
  /** lane 0 = the f64 at the address, lane 1 = 0 */
  loadZero: simd(0x5d, ...MEM8),
  /** [address, v128] → the v128 with lane `lane` replaced by the f64 at the address */
  loadLane: (lane: number): Code => simd(0x57, ...MEM8, lane),
  /** [address, v128] → memory */
  store: simd(0x0b, ...MEM8),
  zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  fadd: simd(0xf0),
  fmul: simd(0xf2),
  fmax: simd(0xf5),
};

/** `local += step` for an i32 local. */
export function inc(local: number, step: Code): Code {
  return [...op.get(local), ...step, ...op.add, ...op.set(local)];
}

/** for (local = 0; local < limit; local += step) body — limit and step are i32-producing code. */
export function forLoop(local: number, limit: Code, step: Code, body: Code): Code {
  return [
    ...op.i32(0),
    ...op.set(local),
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...op.get(local),
    ...limit,
    ...op.geS,
    0x0d, 1, // br_if to the block's end
    ...body,
    ...inc(local, step),
    0x0c, 0, // br to the loop's start
    0x0b, // end loop
    0x0b, // end block
  ];
}

export interface WasmFunction {
  name: string;
  params: number[];
  /** extra locals, by type, after the params */
  locals: number[];
  body: Code;
}

/** A module importing `env.memory` and exporting `functions` (no results). */
export function encodeModule(functions: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
  const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
  const name = (s: string): Code => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]));
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = vec(
    functions.map((f) => {
      const body = [...vec(f.locals.map((t) => [1, t])), ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    }),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(1, types), ...section(2, imports), ...section(3, funcs), ...section(7, exports), ...section(10, bodies)]);
}
