// Bounds on every argument of every root field, checked before the resolver does any work (guard/index.ts
// installs the check on the schema). Arguments are walked with an explicit stack, never by recursion, so a
// JSON value nested 100,000 deep is refused instead of overflowing the stack later (JSON.stringify, the
// engine). Refused: nesting deeper than maxDepth, more than maxNodes values, a string or object key longer
// than its limit, a NUL character anywhere (PostgreSQL text and jsonb cannot hold one), and non-finite
// numbers (JSON.parse turns 1e999 into Infinity, which JSON.stringify would silently store as null).
import { badInput } from '../errors.js';

export interface InputLimits {
  /** Nesting of objects and arrays below a root argument (the argument itself is depth 0). */
  readonly maxDepth: number;
  /** Values (objects, arrays and scalars) in all arguments of one field together. */
  readonly maxNodes: number;
  /** Characters of one string value. Fields with tighter limits (passwords, names) check those themselves. */
  readonly maxStringLength: number;
  /** Characters of one object key (a column name, a parameter name). */
  readonly maxKeyLength: number;
}

export const INPUT_LIMITS: InputLimits = {
  maxDepth: 32,
  maxNodes: 5_000_000,
  maxStringLength: 100_000,
  maxKeyLength: 1_000,
};

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | null;
  readonly key: string | number;
}

const FIELD_SEGMENT_MAX = 64;

/**
 * The dotted path of a frame for extensions.field, as the resolvers name fields: array indexes left out,
 * long keys cut, and an `input` argument's own name dropped (`data.inline.x`, not `input.data.inline.x`).
 */
function fieldOf(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) {
    if (typeof f.key !== 'string' || (f.parent === null && f.key === 'input' && parts.length > 0)) continue;
    parts.push(f.key.length > FIELD_SEGMENT_MAX ? `${f.key.slice(0, FIELD_SEGMENT_MAX)}…` : f.key);
  }
  return parts.reverse().join('.');
}

function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkString(text: string, max: number, frame: Frame, what: string): void {
  if (text.length > max) badInput(`${what} is longer than ${max} characters`, fieldOf(frame));
  if (text.includes('\u0000')) badInput(`${what} must not contain NUL characters`, fieldOf(frame));
}

/** Throws BAD_USER_INPUT (field = the path of the offending value) when an argument exceeds the limits. */
export function checkInputBounds(args: Readonly<Record<string, unknown>>, limits: InputLimits = INPUT_LIMITS): void {
  const stack: Frame[] = [];
  for (const [key, value] of Object.entries(args)) stack.push({ value, depth: 0, parent: null, key });
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (++nodes > limits.maxNodes) badInput(`the input has more than ${limits.maxNodes} values`, fieldOf(frame).split('.')[0]);
    const { value } = frame;
    if (typeof value === 'string') {
      checkString(value, limits.maxStringLength, frame, 'a string');
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) badInput('numbers must be finite (1e999 and the like are out of range)', fieldOf(frame));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainRecord(value)) continue; // an uploaded File, a Date: checked by their resolvers
    if (frame.depth >= limits.maxDepth) badInput(`the input is nested deeper than ${limits.maxDepth} levels`, fieldOf(frame));
    const depth = frame.depth + 1;
    if (isArray) {
      const items = value as unknown[];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ value: items[i], depth, parent: frame, key: i });
    } else {
      for (const key of Object.keys(value)) {
        const child: Frame = { value: (value as Record<string, unknown>)[key], depth, parent: frame, key };
        checkString(key, limits.maxKeyLength, child, 'a key');
        stack.push(child);
      }
    }
  }
}
