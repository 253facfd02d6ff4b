// src/engine/index.ts is the engine's only import surface: code in src/ (outside the engine), bench/ and
// tests/ (outside tests/engine, which tests the internals) may import src/engine/index only.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const ENGINE = join(ROOT, 'src', 'engine');
const SURFACE = new Set(['index.js', 'index.ts', 'index']);

/**
 * Files that still reach into the engine, with the internal modules they import. src/ has none and must
 * keep none. bench/ is the benchmarks' (they time estimators directly); emptying it is left to the bench
 * clean-up. A new entry here is a decision, not a fix.
 */
const ALLOWED: Record<string, readonly string[]> = {
  'bench/analysis-cost.ts': ['analysis/shap-adapters.js', 'analysis/shap-summary.js', 'analysis/tree-shap.js', 'core/matrix.js', 'ensemble/forest.js', 'experiment/pipeline-analysis.js'],
  'bench/dev-binning-memory.ts': ['core/matrix.js', 'core/random.js', 'tree/binning.js'],
  'bench/dev-boost-digits.ts': ['core/matrix.js', 'core/random.js', 'models/boosting.js'],
  'bench/dev-boost-memory.ts': ['boosting/lightgbm.js'],
  'bench/dev-boost-parity.ts': ['core/estimator.js', 'core/matrix.js', 'models/boosting.js'],
  'bench/dev-boost-speed.ts': ['core/matrix.js', 'models/boosting.js'],
  'bench/dev-lightgbm-fit.ts': ['boosting/lightgbm.js'],
  'bench/dev-lightgbm-large-fold.ts': ['boosting/lightgbm.js', 'experiment/fold-data.js', 'experiment/setup.js', 'models/registry.js'],
  'bench/dev-tree-parity.ts': ['core/estimator.js', 'core/matrix.js', 'ensemble/forest.js', 'tree/decision-tree.js'],
  'bench/dev-tree-speed.ts': ['core/estimator.js', 'core/matrix.js', 'ensemble/forest.js', 'tree/decision-tree.js'],
  'bench/engine.ts': ['types.js', 'core/estimator.js', 'core/matrix.js', 'frame/frame.js', 'metrics/index.js', 'models/registry.js', 'preprocessing/preprocessor.js'],
  'bench/linear-parity.ts': ['core/matrix.js', 'models/linear.js'],
  'bench/mlp.ts': ['neural/mlp.js'],
  'bench/linear-speed.ts': ['core/matrix.js', 'core/random.js', 'models/linear.js'],
  'bench/row-steps.ts': ['core/matrix.js', 'core/random.js', 'preprocessing/isolation-forest.js', 'preprocessing/smote.js'],
  'bench/synthetic.ts': ['core/matrix.js', 'selection/numpy-random.js'],
};

// static imports and re-exports (`from '…'`), side-effect imports, dynamic and type-level import('…')
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

/** The engine-internal modules (paths relative to src/engine) that a file's source imports. */
function engineInternalImports(file: string, source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[2] as string;
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const inEngine = relative(ENGINE, target);
    if (inEngine.startsWith('..') || inEngine === '' || SURFACE.has(inEngine)) continue;
    found.push(inEngine.split('\\').join('/'));
  }
  return [...new Set(found)].sort();
}

function sourceFiles(dir: string, skip: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip || entry.name === 'node_modules' || entry.name === 'generated') continue;
    if (entry.isDirectory()) out.push(...sourceFiles(path, skip));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('engine import surface', () => {
  it('the scanner finds internal imports of every form and lets index through', () => {
    const file = join(ROOT, 'src', 'jobs', 'x.ts');
    const source = [
      "import type { A } from '../engine/types.js';",
      "import { b } from '../engine/index.js';",
      "export { c } from '../engine/tree/grow.js';",
      "import '../engine/frame/csv.js';",
      "type E = typeof import('../engine/models/registry.js');",
      "const m = await import('../engine/index.js');",
      "import { d } from './neighbour.js';",
    ].join('\n');
    expect(engineInternalImports(file, source)).toEqual(['frame/csv.js', 'models/registry.js', 'tree/grow.js', 'types.js']);
  });

  it('src/, bench/ and tests/ (outside the engine and its tests) import src/engine/index only', () => {
    const files = [
      ...sourceFiles(join(ROOT, 'src'), ENGINE),
      ...sourceFiles(join(ROOT, 'bench'), ''),
      ...sourceFiles(join(ROOT, 'tests'), join(ROOT, 'tests', 'engine')),
    ];
    expect(files.length).toBeGreaterThan(20);
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(ROOT, file).split('\\').join('/');
      const allowed = new Set(ALLOWED[rel] ?? []);
      for (const internal of engineInternalImports(file, readFileSync(file, 'utf8'))) {
        if (!allowed.has(internal)) violations.push(`${rel} imports src/engine/${internal}`);
      }
    }
    expect(violations, 'import these from src/engine/index.js instead').toEqual([]);
  });
});
