import { EngineInputError } from '../errors.js';

/** A numeric column: NaN marks a missing cell. */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}
/**
 * A categorical column: `codes[i]` indexes `levels`, -1 marks a missing cell. Levels are sorted
 * (code-unit order). After `Frame.select` a level may have no row left: levels are kept so that codes
 * stay comparable between the parts of one dataset.
 */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}
export type Column = NumericColumn | CategoricalColumn;

export function columnLength(c: Column): number {
  return c.kind === 'numeric' ? c.values.length : c.codes.length;
}

export function isMissingAt(c: Column, row: number): boolean {
  return c.kind === 'numeric' ? Number.isNaN(c.values[row] as number) : (c.codes[row] as number) < 0;
}

/** A column-oriented table with named numeric and categorical columns. Immutable by convention. */
export class Frame {
  readonly rows: number;
  readonly columns: readonly Column[];
  private readonly byName: Map<string, Column>;

  constructor(columns: Column[]) {
    const byName = new Map<string, Column>();
    const first = columns[0];
    const rows = first ? columnLength(first) : 0;
    for (const c of columns) {
      if (typeof c.name !== 'string' || c.name.length === 0)
        throw new EngineInputError('BAD_INPUT', 'Every column needs a non-empty name', c.name);
      if (byName.has(c.name)) throw new EngineInputError('BAD_INPUT', `Column "${c.name}" appears twice`, c.name);
      const n = columnLength(c);
      if (n !== rows)
        throw new EngineInputError(
          'RAGGED_COLUMNS',
          `Column "${c.name}" has ${n} values but column "${first?.name}" has ${rows}: every column needs the same number of rows`,
          c.name,
        );
      byName.set(c.name, c);
    }
    this.rows = rows;
    this.columns = columns;
    this.byName = byName;
  }

  names(): string[] {
    return this.columns.map((c) => c.name);
  }

  column(name: string): Column | undefined {
    return this.byName.get(name);
  }

  /** The column `name`; EngineInputError UNKNOWN_TARGET (field = name) when there is none. */
  require(name: string): Column {
    const c = this.byName.get(name);
    if (!c) throw new EngineInputError('UNKNOWN_TARGET', unknownColumnMessage(name, this.names()), name);
    return c;
  }

  /** The rows `rows` (0-based row numbers, any order, repeats allowed), copied. */
  select(rows: ArrayLike<number>): Frame {
    const n = rows.length;
    for (let i = 0; i < n; i++) {
      const r = rows[i] as number;
      if (!Number.isInteger(r) || r < 0 || r >= this.rows)
        throw new EngineInputError('BAD_INPUT', `Row ${r} does not exist: the dataset has rows 0..${this.rows - 1}`, 'rows');
    }
    return new Frame(
      this.columns.map((c): Column => {
        if (c.kind === 'numeric') {
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = c.values[rows[i] as number] as number;
          return { kind: 'numeric', name: c.name, values: out };
        }
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = c.codes[rows[i] as number] as number;
        return { kind: 'categorical', name: c.name, codes: out, levels: c.levels };
      }),
    );
  }

  /** A frame without the named columns (names that do not exist are ignored). */
  drop(names: readonly string[]): Frame {
    const gone = new Set(names);
    return new Frame(this.columns.filter((c) => !gone.has(c.name)));
  }
}

export function unknownColumnMessage(name: string, names: readonly string[]): string {
  const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')}, ... (${names.length} in all)` : names.join(', ');
  return `Column "${name}" is not in the dataset; its columns are: ${shown}`;
}
