import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/engine/frame/csv.js';
import type { Column } from '../../src/engine/frame/frame.js';
import { parseDecimal } from '../../src/engine/frame/numbers.js';
import type { EngineInputError } from '../../src/engine/errors.js';

function values(c: Column | undefined): Array<number | string | null> {
  if (!c) throw new Error('no column');
  if (c.kind === 'numeric') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
  return Array.from(c.codes, (code) => (code < 0 ? null : (c.levels[code] as string)));
}

function csvError(text: string, limits?: { maxRows?: number; maxColumns?: number }): EngineInputError {
  try {
    parseCsv(text, limits);
  } catch (e) {
    return e as EngineInputError;
  }
  throw new Error('expected parseCsv to throw');
}

describe('parseCsv: RFC 4180 shapes', () => {
  it('reads a header row and typed columns', () => {
    const f = parseCsv('a,b,c\n1,x,2.5\n2,y,-3e2\n');
    expect(f.rows).toBe(2);
    expect(f.names()).toEqual(['a', 'b', 'c']);
    expect(f.column('a')?.kind).toBe('numeric');
    expect(f.column('b')?.kind).toBe('categorical');
    expect(values(f.column('c'))).toEqual([2.5, -300]);
  });

  it('handles quoted fields with commas, line breaks and doubled quotes', () => {
    const f = parseCsv('id,text\n1,"a, b"\n2,"line1\nline2"\n3,"say ""hi"""\n4,""\n');
    expect(values(f.column('text'))).toEqual(['a, b', 'line1\nline2', 'say "hi"', null]);
    expect(values(f.column('id'))).toEqual([1, 2, 3, 4]);
  });

  it('tolerates spaces after a closing quote', () => {
    const f = parseCsv('a,b\n"x" ,1\n"y"\t,2\n');
    expect(values(f.column('a'))).toEqual(['x', 'y']);
  });

  it('reads quoted numbers as numbers', () => {
    const f = parseCsv('x\n"1.5"\n"2"\n');
    expect(values(f.column('x'))).toEqual([1.5, 2]);
  });

  it('accepts CRLF, LF and CR line ends, a BOM, blank lines and no final newline', () => {
    const lf = parseCsv('a,b\n1,2\n3,4');
    const crlf = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r\n');
    const cr = parseCsv('a,b\r1,2\r3,4\r');
    for (const f of [lf, crlf, cr]) {
      expect(f.names()).toEqual(['a', 'b']);
      expect(values(f.column('a'))).toEqual([1, 3]);
      expect(values(f.column('b'))).toEqual([2, 4]);
    }
  });

  it('reads empty cells and NA-like tokens as missing', () => {
    const f = parseCsv('x,y,z\n1,,a\nNA,2,NaN\nnull,N/A,b\n4,5,\n');
    expect(values(f.column('x'))).toEqual([1, null, null, 4]);
    expect(values(f.column('y'))).toEqual([null, 2, null, 5]);
    expect(values(f.column('z'))).toEqual(['a', null, 'b', null]);
    expect(f.column('z')?.kind).toBe('categorical');
  });

  it('turns a column categorical at its first non-numeric cell, keeping the earlier cells as written', () => {
    const f = parseCsv('v,w\n1.0,1\n007,2\nabc,3\n');
    const v = f.column('v');
    expect(v?.kind).toBe('categorical');
    expect(values(v)).toEqual(['1.0', '007', 'abc']);
    if (v?.kind === 'categorical') expect(v.levels).toEqual(['007', '1.0', 'abc']); // sorted
    expect(f.column('w')?.kind).toBe('numeric');
  });

  it('keeps True/False and Infinity as categorical (only finite decimal numbers are numeric)', () => {
    const f = parseCsv('b,i,h\nTrue,1,0x10\nFalse,Infinity,0x11\n');
    expect(f.columns.map((c) => c.kind)).toEqual(['categorical', 'categorical', 'categorical']);
  });

  it('parses the full decimal grammar exactly as Number() does', () => {
    for (const s of ['0', '-0', '+3', '1.', '.5', '-.5', '1e5', '1E-5', '1.e3', '00012', '123456789012345678', '0.1', '2.2250738585072014e-308', '1.7976931348623157e308', '3.14159265358979323846'])
      expect(Object.is(parseDecimal(s, 0, s.length), Number(s))).toBe(true);
    for (const s of ['', '.', 'e5', '1e', '1e+', '1,5', '1.2.3', '--1', 'abc', '1 2', 'NaN', '1e400'])
      expect(parseDecimal(s, 0, s.length)).toBeNaN();
  });
});

describe('parseCsv: errors', () => {
  it('reports a row with too few or too many fields with its line number', () => {
    const few = csvError('a,b,c\n1,2,3\n4,5\n');
    expect(few.code).toBe('BAD_CSV');
    expect(few.field).toBe('line 3');
    expect(few.message).toMatch(/Line 3: expected 3 fields.*found 2/);
    const many = csvError('a,b\n1,2\n"x\ny",2\n5,6,7\n');
    expect(many.code).toBe('BAD_CSV');
    expect(many.field).toBe('line 5'); // the quoted line break counts as a line
    expect(many.message).toMatch(/found 3/);
  });

  it('reports an unterminated quote and text after a closing quote', () => {
    const open = csvError('a,b\n1,"abc\n2,3\n');
    expect(open.code).toBe('BAD_CSV');
    expect(open.message).toMatch(/Line 2: a quoted field is never closed/);
    const after = csvError('a,b\n1,"abc"x\n');
    expect(after.code).toBe('BAD_CSV');
    expect(after.field).toBe('line 2');
  });

  it('rejects empty input, a header without rows, empty and duplicate column names', () => {
    expect(csvError('').code).toBe('BAD_CSV');
    expect(csvError('\n\n').code).toBe('BAD_CSV');
    expect(csvError('a,b\n').message).toMatch(/no data rows/);
    const empty = csvError('a,,c\n1,2,3\n');
    expect([empty.code, empty.field]).toEqual(['BAD_CSV', 'column 2']);
    const dup = csvError('a,b,a\n1,2,3\n');
    expect([dup.code, dup.field]).toEqual(['BAD_CSV', 'a']);
  });

  it('rejects an all-missing column naming it', () => {
    const e = csvError('a,b\n1,\n2,NA\n');
    expect([e.code, e.field]).toEqual(['ALL_MISSING_COLUMN', 'b']);
  });

  it('enforces the row and column limits with TOO_LARGE', () => {
    const rows = ['x', ...Array.from({ length: 50 }, (_, i) => String(i))].join('\n');
    expect(parseCsv(rows, { maxRows: 50 }).rows).toBe(50);
    const tooMany = csvError(rows, { maxRows: 49 });
    expect([tooMany.code, tooMany.field]).toEqual(['TOO_LARGE', 'rows']);
    const wide = csvError('a,b,c\n1,2,3\n', { maxColumns: 2 });
    expect([wide.code, wide.field]).toEqual(['TOO_LARGE', 'columns']);
  });

  it('grows past a wrong row estimate (short first row, long file)', () => {
    const text = 'a\n1\n' + Array.from({ length: 5000 }, (_, i) => String(i * 1000003)).join('\n');
    const f = parseCsv(text);
    expect(f.rows).toBe(5001);
    expect(values(f.column('a')).at(-1)).toBe(4999 * 1000003);
  });
});
