// The analysis-cost row of `npm run bench:engine` (--only=analysis): compare_models on breast_cancer and digits
// with params.analysis false and true (single thread, one warm-up compare per dataset first), the wall time of each,
// the analysis seconds the analysis.finished events report, and the extra share against the bar of issue 9 (≤ 15 %).
import { loadavg } from 'node:os';
import { loadBuiltinDataset, runPlan, type BuiltinDatasetName, type TaskType } from '../src/engine/index.js';
import { shapModelFor } from '../src/engine/analysis/shap-adapters.js';
import { shapSummary } from '../src/engine/analysis/shap-summary.js';
import { treeShap, type ShapModel, type TreeShapAlgorithm } from '../src/engine/analysis/tree-shap.js';
import { takeRows, type Matrix } from '../src/engine/core/matrix.js';
import { RandomForestClassifier } from '../src/engine/ensemble/forest.js';
import { shapSummaryPlan } from '../src/engine/experiment/pipeline-analysis.js';
import { makeClassification } from './synthetic.js';

const ANALYSIS_BAR = 0.15;

async function timedCompare(name: BuiltinDatasetName, task: TaskType, analysis: boolean): Promise<{ seconds: number; cpu: number; analysisSeconds: number }> {
  const frame = loadBuiltinDataset(name);
  let analysisSeconds = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await runPlan(frame, { task, target: 'target', setup: {}, plan: 'compare', params: { analysis } }, {
    emit: (e) => {
      if (e.kind === 'analysis.finished') analysisSeconds += Number(e.payload?.['seconds'] ?? 0);
    },
  });
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, analysisSeconds };
}

const SHAP_BAR_SECONDS = 2;

function timed<T>(f: () => T): { value: T; seconds: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/**
 * TreeSHAP on 100-tree random forests fitted on make_classification(10,000 × 20, 10 informative, seed 0): exact
 * values of all 10k rows by each algorithm, and the summary as the analysis computes it (its seeded sample within
 * the work budget). Algorithm 2 ('path') is timed on 1,000 rows and scaled ×10 (all rows take minutes). A fully
 * grown forest (~800 leaves per tree, depth ~28) is out of reach of any exact per-row TreeSHAP in 2 s.
 */
export function benchTreeShap(): void {
  console.log('\n## TreeSHAP on a 100-tree random forest, 10,000 x 20 rows (make_classification seed 0), 1 thread\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (cpu s = this thread's CPU time)\n`);
  console.log(`${'forest'.padEnd(22)}${'what'.padEnd(40)}${'rows'.padStart(7)}${'seconds'.padStart(9)}${'cpu s'.padStart(8)}  bar`);
  const d = makeClassification({ nSamples: 10_000, nFeatures: 20, nInformative: 10, seed: 0 });
  const names = Array.from({ length: 20 }, (_, j) => `x${j}`);
  const row = (forest: string, what: string, rows: number, t: { seconds: number; cpu: number }, bar: boolean): void =>
    console.log(`${forest.padEnd(22)}${what.padEnd(40)}${String(rows).padStart(7)}${t.seconds.toFixed(2).padStart(9)}${t.cpu.toFixed(2).padStart(8)}  ${bar ? `≤ ${SHAP_BAR_SECONDS} s: ${t.seconds <= SHAP_BAR_SECONDS ? 'PASS' : 'FAIL'}` : ''}`);
  for (const maxDepth of [6, 8, null] as const) {
    const forest = `rf maxDepth ${maxDepth ?? 'none'}`;
    const rf = new RandomForestClassifier({ randomState: 0, maxDepth });
    rf.fit(d.X, d.y);
    const model: ShapModel = shapModelFor(rf, d.X) as ShapModel;
    const exact = (algorithm: TreeShapAlgorithm, X: Matrix) => timed(() => treeShap(model, X, { algorithm }));
    const first1k = takeRows(d.X, Array.from({ length: 1000 }, (_, i) => i));
    if (maxDepth !== null) {
      const path = exact('path', first1k);
      row(forest, "exact, Algorithm 2 ('path', 1k rows ×10)", 10_000, { seconds: path.seconds * 10, cpu: path.cpu * 10 }, false);
      for (const algorithm of ['linear', 'auto'] as const) row(forest, `exact, all rows ('${algorithm}')`, 10_000, exact(algorithm, d.X), algorithm === 'auto');
    } else {
      row(forest, "exact, 1k rows ('auto'; all rows ~×10)", 1000, exact('auto', first1k), false);
    }
    const plan = shapSummaryPlan(model, d.X.rows);
    row(forest, `summary as the analysis computes it`, plan.rows, timed(() => shapSummary(model, d.X, names, null, 123, plan.rows, plan.algorithm)), true);
  }
}

export async function benchAnalysisCost(): Promise<void> {
  console.log('\n## analysis cost: compare_models with vs without the holdout analysis (1 thread, session 123, 10-fold CV)\n');
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; without / with alternate twice (sums shown), so load drift hits both`);
  console.log('(cpu s = process CPU time, the steadier figure on a loaded machine; the bar reads the analysis seconds against the compare without it)\n');
  console.log(`${'dataset'.padEnd(14)}${'without s'.padStart(10)}${'cpu s'.padStart(8)}${'with s'.padStart(9)}${'cpu s'.padStart(8)}${'analysis s'.padStart(11)}${'extra cpu'.padStart(10)}  bar`);
  for (const name of ['breast_cancer', 'digits'] as const) {
    await timedCompare(name, 'classification', false); // warm-up (JIT), untimed
    const without = { seconds: 0, cpu: 0, analysisSeconds: 0 };
    const withAnalysis = { seconds: 0, cpu: 0, analysisSeconds: 0 };
    for (let i = 0; i < 2; i++)
      for (const [on, acc] of [[false, without], [true, withAnalysis]] as const) {
        const r = await timedCompare(name, 'classification', on);
        acc.seconds += r.seconds;
        acc.cpu += r.cpu;
        acc.analysisSeconds += r.analysisSeconds;
      }
    const share = withAnalysis.analysisSeconds / without.seconds;
    console.log(
      `${name.padEnd(14)}${without.seconds.toFixed(2).padStart(10)}${without.cpu.toFixed(2).padStart(8)}${withAnalysis.seconds.toFixed(2).padStart(9)}${withAnalysis.cpu.toFixed(2).padStart(8)}${withAnalysis.analysisSeconds.toFixed(2).padStart(11)}${`${((withAnalysis.cpu / without.cpu - 1) * 100).toFixed(1)} %`.padStart(10)}  ` +
        `≤ ${ANALYSIS_BAR * 100} % (analysis s / without s: ${(share * 100).toFixed(1)} %): ${share <= ANALYSIS_BAR ? 'PASS' : 'FAIL'}`,
    );
  }
}
