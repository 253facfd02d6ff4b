import { EngineInputError } from '../errors.js';
import { Frame, type Column } from './frame.js';
import { sortedCategorical } from './infer.js';
import { checkColumnLimit, checkRowLimit, resolveLimits, type FrameLimits } from './limits.js';
import { isMissingToken, parseDecimal } from './numbers.js';
import { checkNotAllMissing } from './validate.js';

// RFC 4180 CSV: comma separator, header row, fields optionally in double quotes (which may hold commas,
// line breaks and "" for a quote), CRLF / LF / CR line ends, optional UTF-8 BOM, blank lines skipped
// (as pandas does). Empty cells and pandas' NA tokens are missing. One pass over the text: numeric columns
// parse straight into a Float64Array; a column turns categorical at its first non-numeric cell (its
// earlier cells are then re-read once from the recorded row starts).

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

interface ColumnState {
  numeric: boolean;
  values: Float64Array; // numeric mode
  codes: Int32Array; // categorical mode (codes into `levels`, first-seen order)
  dict: Map<string, number>;
  levels: string[];
}

/** Parses CSV text with a header row into a Frame. Throws EngineInputError BAD_CSV / TOO_LARGE / ALL_MISSING_COLUMN. */
export function parseCsv(text: string, limits?: FrameLimits): Frame {
  const { maxRows, maxColumns } = resolveLimits(limits);
  const reader = new CsvReader(text);
  reader.skipBlankLines();
  if (reader.atEnd()) throw new EngineInputError('BAD_CSV', 'The CSV is empty: it needs a header row and at least one data row');

  const header = reader.readHeader();
  checkColumnLimit(header.length, maxColumns);
  checkHeader(header);
  const ncols = header.length;

  reader.skipBlankLines();
  if (reader.atEnd()) throw new EngineInputError('BAD_CSV', 'The CSV has a header row but no data rows');

  let capacity = Math.min(maxRows + 1, reader.estimateRows());
  let rowStarts = new Int32Array(capacity);
  const cols: ColumnState[] = header.map(() => ({
    numeric: true,
    values: new Float64Array(capacity),
    codes: new Int32Array(0),
    dict: new Map<string, number>(),
    levels: [],
  }));

  let rows = 0;
  while (!reader.atEnd()) {
    if (rows === capacity) {
      checkRowLimit(rows + 1, maxRows);
      capacity = Math.min(maxRows + 1, capacity * 2);
      rowStarts = grow(rowStarts, capacity);
      for (const c of cols) {
        if (c.numeric) c.values = grow(c.values, capacity);
        else c.codes = grow(c.codes, capacity);
      }
    }
    const recordLine = reader.line;
    rowStarts[rows] = reader.pos;
    let j = 0;
    for (;;) {
      if (j === ncols) throw fieldCountError(recordLine, ncols, reader.countRemainingFields(ncols));
      reader.readField();
      const col = cols[j] as ColumnState;
      if (col.numeric) {
        const v = reader.unescaped === null ? parseDecimal(text, reader.start, reader.end) : NaN;
        if (v === v) col.values[rows] = v;
        else if (reader.unescaped === null && isMissingToken(text, reader.start, reader.end)) col.values[rows] = NaN;
        else {
          toCategorical(col, text, rowStarts, rows, j, capacity);
          col.codes[rows] = codeOf(col, reader.fieldString());
        }
      } else if (reader.unescaped === null && isMissingToken(text, reader.start, reader.end)) col.codes[rows] = -1;
      else col.codes[rows] = codeOf(col, reader.fieldString());
      j++;
      if (!reader.nextFieldInRecord()) break;
    }
    if (j !== ncols) throw fieldCountError(recordLine, ncols, j);
    rows++;
    reader.skipBlankLines();
  }
  checkRowLimit(rows, maxRows);

  const columns: Column[] = cols.map((c, j): Column => {
    const name = header[j] as string;
    if (c.numeric) return { kind: 'numeric', name, values: c.values.length === rows ? c.values : c.values.slice(0, rows) };
    return sortedCategorical(name, c.codes.length === rows ? c.codes : c.codes.slice(0, rows), c.levels);
  });
  const frame = new Frame(columns);
  checkNotAllMissing(frame);
  return frame;
}

export function fieldCountError(line: number, expected: number, found: number): EngineInputError {
  return new EngineInputError(
    'BAD_CSV',
    `Line ${line}: expected ${expected} fields as in the header row, found ${found}${found > expected ? ' (a value with a comma must be quoted)' : ''}`,
    `line ${line}`,
  );
}

export function checkHeader(header: readonly string[]): void {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name.trim().length === 0)
      throw new EngineInputError('BAD_CSV', `Header column ${i + 1} has no name: every column needs a name`, `column ${i + 1}`);
    if (seen.has(name)) throw new EngineInputError('BAD_CSV', `Column "${name}" appears twice in the header row`, name);
    seen.add(name);
  });
}

function codeOf(col: ColumnState, s: string): number {
  let code = col.dict.get(s);
  if (code === undefined) {
    code = col.levels.length;
    col.dict.set(s, code);
    col.levels.push(s);
  }
  return code;
}

/** Switches column j to categorical at row `rows`, re-reading its first `rows` cells as strings. */
function toCategorical(col: ColumnState, text: string, rowStarts: Int32Array, rows: number, j: number, capacity: number): void {
  col.numeric = false;
  col.codes = new Int32Array(capacity);
  col.values = new Float64Array(0);
  const reader = new CsvReader(text);
  for (let r = 0; r < rows; r++) {
    reader.pos = rowStarts[r] as number;
    for (let f = 0; f < j; f++) {
      reader.readField();
      reader.nextFieldInRecord();
    }
    reader.readField();
    col.codes[r] = reader.unescaped === null && isMissingToken(text, reader.start, reader.end) ? -1 : codeOf(col, reader.fieldString());
  }
}

function grow<T extends Float64Array | Int32Array>(a: T, capacity: number): T {
  const out = (a instanceof Float64Array ? new Float64Array(capacity) : new Int32Array(capacity)) as T;
  out.set(a);
  return out;
}

/** A cursor over CSV text: reads one field at a time, tracking the physical line number (csv-profile.ts reads chunks with it). */
export class CsvReader {
  pos = 0;
  line = 1;
  /** The last field is text[start, end), or `unescaped` when it was quoted with "" inside. */
  start = 0;
  end = 0;
  unescaped: string | null = null;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
    if (this.n > 0 && text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  atEnd(): boolean {
    return this.pos >= this.n;
  }

  skipBlankLines(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === LF) {
        this.pos++;
        this.line++;
      } else if (c === CR) {
        this.pos += t.charCodeAt(this.pos + 1) === LF ? 2 : 1;
        this.line++;
      } else return;
    }
  }

  readHeader(): string[] {
    const names: string[] = [];
    for (;;) {
      this.readField();
      names.push(this.fieldString().trim());
      if (!this.nextFieldInRecord()) return names;
    }
  }

  fieldString(): string {
    return this.unescaped ?? this.text.slice(this.start, this.end);
  }

  /** Reads the field at pos; leaves pos on the separator, line end or end of text after it. */
  readField(): void {
    const t = this.text;
    const n = this.n;
    let p = this.pos;
    this.unescaped = null;
    if (t.charCodeAt(p) === QUOTE) {
      const openLine = this.line;
      const from = p + 1;
      let q = from;
      let escaped = false;
      let close: number;
      for (;;) {
        close = t.indexOf('"', q);
        if (close < 0)
          throw new EngineInputError('BAD_CSV', `Line ${openLine}: a quoted field is never closed (missing ")`, `line ${openLine}`);
        if (t.charCodeAt(close + 1) === QUOTE) {
          escaped = true;
          q = close + 2;
        } else break;
      }
      for (let nl = t.indexOf('\n', from); nl >= 0 && nl < close; nl = t.indexOf('\n', nl + 1)) this.line++;
      this.start = from;
      this.end = close;
      if (escaped) this.unescaped = t.slice(from, close).replaceAll('""', '"');
      p = close + 1;
      while (p < n && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9)) p++; // spaces after the closing quote
      if (p < n) {
        const c = t.charCodeAt(p);
        if (c !== COMMA && c !== LF && c !== CR)
          throw new EngineInputError(
            'BAD_CSV',
            `Line ${this.line}: unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")`,
            `line ${this.line}`,
          );
      }
      this.pos = p;
      return;
    }
    this.start = p;
    for (; p < n; p++) {
      const c = t.charCodeAt(p);
      if (c === COMMA || c === LF || c === CR) break;
    }
    this.end = p;
    this.pos = p;
  }

  /** After a field: true and steps over the comma if another field follows; false at a line end (consumed) or end of text. */
  nextFieldInRecord(): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === COMMA) {
      this.pos++;
      return true;
    }
    if (c === LF) {
      this.pos++;
      this.line++;
    } else if (c === CR) {
      this.pos += t.charCodeAt(this.pos + 1) === LF ? 2 : 1;
      this.line++;
    }
    return false;
  }

  /** For an error message: how many fields the current record has in all (it already has `seen`). */
  countRemainingFields(seen: number): number {
    let count = seen;
    for (;;) {
      this.readField();
      count++;
      if (!this.nextFieldInRecord()) return count;
    }
  }

  /** A guess at the number of data rows from the length of the next line (growth covers a wrong guess). */
  estimateRows(): number {
    const nl = this.text.indexOf('\n', this.pos);
    const lineLength = Math.max(1, (nl < 0 ? this.n : nl + 1) - this.pos);
    return Math.max(16, Math.ceil(((this.n - this.pos) / lineLength) * 1.05) + 16);
  }
}
