// The profile of a CSV (rows, each column's storage and inferred type, missing and distinct counts) computed
// from chunks of its text, without holding the text or a Frame: the same answer as
// profileFrame(parseCsv(text)) and the same errors (BAD_CSV with its line, TOO_LARGE, ALL_MISSING_COLUMN).
// Each chunk is cut after its last line end outside quotes (a quote toggles; "" toggles twice); the rest
// waits for the next chunk. Per column it keeps counts of distinct values only. A numeric column remembers
// the text of its distinct cells, because a later non-numeric cell makes it categorical over all its cells
// (as parseCsv re-reads them); past MAX_REMEMBERED distinct texts it stops, and if such a column then turns
// categorical the answer is null: the caller profiles the whole text instead (a rare, exotic file).
import type { ColumnProfile, DatasetProfile } from '../types.js';
import { EngineInputError } from '../errors.js';
import { CsvReader, checkHeader, fieldCountError } from './csv.js';
import { inferFromLevels } from './feature-types.js';
import { checkColumnLimit, checkRowLimit, resolveLimits, type FrameLimits } from './limits.js';
import { isMissingToken, parseDecimal } from './numbers.js';

const MAX_REMEMBERED = 100_000;
/** A carried-over remainder this long means the file has no usable line ends (CR-only, or one huge quote). */
const MAX_CARRY = 64 * 1024 * 1024;

interface ColumnCounts {
  name: string;
  numeric: boolean;
  missing: number;
  numbers: Set<number>;
  /** Numeric mode: how often each cell text occurred (null once past MAX_REMEMBERED); categorical: level counts. */
  texts: Map<string, number> | null;
}

class Fallback extends Error {}

/** The streamed profile without a content hash (sha256 is ''; the caller hashes the file bytes). null: profile the whole text. */
export async function profileCsvChunks(chunks: AsyncIterable<string>, limits?: FrameLimits): Promise<DatasetProfile | null> {
  const { maxRows, maxColumns } = resolveLimits(limits);
  let cols: ColumnCounts[] | null = null;
  let rows = 0;
  let lineBase = 0;
  let carry = '';
  let first = true;

  const parsePiece = (piece: string): void => {
    // CsvReader skips a byte-order mark at the start of its text: only the file's own may be skipped.
    if (!first && piece.charCodeAt(0) === 0xfeff) throw new Fallback();
    first = false;
    const reader = new CsvReader(piece);
    reader.line = lineBase + 1; // the file's line numbers in every error
    reader.skipBlankLines();
    if (cols === null) {
      if (reader.atEnd()) {
        lineBase = reader.line - 1;
        return;
      }
      const header = reader.readHeader();
      checkColumnLimit(header.length, maxColumns);
      checkHeader(header);
      cols = header.map((name) => ({ name, numeric: true, missing: 0, numbers: new Set<number>(), texts: new Map<string, number>() }));
      reader.skipBlankLines();
    }
    const ncols = cols.length;
    while (!reader.atEnd()) {
      const recordLine = reader.line;
      let j = 0;
      for (;;) {
        if (j === ncols) throw fieldCountError(recordLine, ncols, reader.countRemainingFields(ncols));
        reader.readField();
        count(cols[j] as ColumnCounts, reader, piece);
        j++;
        if (!reader.nextFieldInRecord()) break;
      }
      if (j !== ncols) throw fieldCountError(recordLine, ncols, j);
      rows++;
      if (rows > maxRows) checkRowLimit(rows, maxRows);
      reader.skipBlankLines();
    }
    lineBase = reader.line - 1;
  };

  try {
    for await (const chunk of chunks) {
      const text = carry + chunk;
      const cut = lastRecordEnd(text);
      carry = text.slice(cut);
      if (carry.length > MAX_CARRY) return null;
      if (cut > 0) parsePiece(text.slice(0, cut));
    }
    if (carry.length > 0) parsePiece(carry);
  } catch (error) {
    if (error instanceof Fallback) return null;
    throw error;
  }
  if (cols === null) throw new EngineInputError('BAD_CSV', 'The CSV is empty: it needs a header row and at least one data row');
  if (rows === 0) throw new EngineInputError('BAD_CSV', 'The CSV has a header row but no data rows');
  const done: ColumnCounts[] = cols;
  for (const c of done)
    if (c.missing === rows)
      throw new EngineInputError(
        'ALL_MISSING_COLUMN',
        `Column "${c.name}" has no values (every cell is empty or NA): drop it or ignore it with setupParams.ignoreFeatures`,
        c.name,
      );
  return { rows, columns: done.map(columnProfile), sha256: '' };
}

function count(c: ColumnCounts, reader: CsvReader, text: string): void {
  const plain = reader.unescaped === null;
  if (c.numeric) {
    const v = plain ? parseDecimal(text, reader.start, reader.end) : NaN;
    if (v === v) {
      c.numbers.add(v + 0);
      if (c.texts !== null) {
        const s = reader.fieldString();
        c.texts.set(s, (c.texts.get(s) ?? 0) + 1);
        if (c.texts.size > MAX_REMEMBERED) c.texts = null;
      }
      return;
    }
    if (plain && isMissingToken(text, reader.start, reader.end)) {
      c.missing++;
      return;
    }
    if (c.texts === null) throw new Fallback();
    c.numeric = false;
  } else if (plain && isMissingToken(text, reader.start, reader.end)) {
    c.missing++;
    return;
  }
  const texts = c.texts as Map<string, number>;
  const s = reader.fieldString();
  texts.set(s, (texts.get(s) ?? 0) + 1);
}

function columnProfile(c: ColumnCounts): ColumnProfile {
  if (c.numeric) return { name: c.name, type: 'numeric', inferredType: 'numeric', missing: c.missing, distinct: c.numbers.size };
  const texts = c.texts as Map<string, number>;
  return { name: c.name, type: 'categorical', inferredType: inferFromLevels([...texts.keys()], [...texts.values()]), missing: c.missing, distinct: texts.size };
}

/** Index just after the last LF of text that is outside quotes (0: none). */
function lastRecordEnd(text: string): number {
  let end = 0;
  let pos = 0;
  let quote = text.indexOf('"');
  for (;;) {
    if (quote < 0) {
      const nl = text.lastIndexOf('\n');
      return nl >= pos ? nl + 1 : end;
    }
    const nl = text.lastIndexOf('\n', quote);
    if (nl >= pos) end = nl + 1;
    const close = text.indexOf('"', quote + 1);
    if (close < 0) return end;
    pos = close + 1;
    quote = text.indexOf('"', pos);
  }
}
