// PyCaret's RareCategoryGrouping (rare_to_value, rare_value): levels seen in fewer than fraction × rows training
// rows are replaced by one value before the column is encoded; levels unseen at fit stay unseen.
import { compareStrings } from '../frame/infer.js';
import { EngineInputError } from '../errors.js';

export interface RareGrouping {
  /** The levels replaced, in level order. */
  rare: string[];
  value: string;
}

/** The grouping fitted on `rows`, or null when no level is rare. */
export function fitRareGrouping(codes: Int32Array, levels: readonly string[], rows: ArrayLike<number>, fraction: number, value: string): RareGrouping | null {
  const counts = new Float64Array(levels.length);
  for (let i = 0; i < rows.length; i++) {
    const c = codes[rows[i] as number] as number;
    if (c >= 0) counts[c]!++;
  }
  const limit = fraction * rows.length;
  const rare = levels.filter((_, c) => (counts[c] as number) > 0 && (counts[c] as number) < limit);
  return rare.length > 0 ? { rare, value } : null;
}

export function groupLevel(level: string, g: RareGrouping): string {
  return g.rare.includes(level) ? g.value : level;
}

/** The column recoded with the rare levels merged into g.value (levels sorted as the frame sorts them). */
export function groupCodes(codes: Int32Array, levels: readonly string[], g: RareGrouping): { codes: Int32Array; levels: string[] } {
  const rare = new Set(g.rare);
  const renamed = levels.map((l) => (rare.has(l) ? g.value : l));
  const grouped = [...new Set(renamed)].sort(compareStrings);
  const index = new Map(grouped.map((l, i) => [l, i]));
  const remap = Int32Array.from(renamed, (l) => index.get(l) as number);
  return { codes: Int32Array.from(codes, (c) => (c < 0 ? c : (remap[c] as number))), levels: grouped };
}

/** The frame's level names with the rare ones replaced (for an encoder's mapLevels). */
export function groupedLevelNames(levels: readonly string[], g: RareGrouping): string[] {
  const rare = new Set(g.rare);
  return levels.map((l) => (rare.has(l) ? g.value : l));
}

export function rareFromJSON(json: unknown, where: string): RareGrouping | undefined {
  if (json === undefined || json === null) return undefined;
  const o = json as Partial<RareGrouping>;
  if (!Array.isArray(o.rare) || o.rare.length === 0 || !o.rare.every((l) => typeof l === 'string') || typeof o.value !== 'string')
    throw new EngineInputError('BAD_PIPELINE', `malformed rare-level grouping (${where})`, 'pipeline');
  return { rare: [...o.rare], value: o.value };
}
