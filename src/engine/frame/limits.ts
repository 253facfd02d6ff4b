import { EngineInputError } from '../errors.js';

export interface FrameLimits {
  maxRows?: number;
  maxColumns?: number;
}
export const DEFAULT_MAX_ROWS = 1_000_000;
export const DEFAULT_MAX_COLUMNS = 1_000;

export function resolveLimits(limits?: FrameLimits): { maxRows: number; maxColumns: number } {
  return { maxRows: limits?.maxRows ?? DEFAULT_MAX_ROWS, maxColumns: limits?.maxColumns ?? DEFAULT_MAX_COLUMNS };
}

export function checkColumnLimit(columns: number, maxColumns: number): void {
  if (columns > maxColumns)
    throw new EngineInputError('TOO_LARGE', `The dataset has ${columns} columns; the limit is ${maxColumns}`, 'columns');
}

export function checkRowLimit(rows: number, maxRows: number): void {
  if (rows > maxRows)
    throw new EngineInputError('TOO_LARGE', `The dataset has more than ${maxRows} rows; the limit is ${maxRows}`, 'rows');
}
