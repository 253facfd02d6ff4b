// The analysis-cost row of `npm run bench:engine` (--only=analysis): compare_models on breast_cancer and digits
// with params.analysis false and true (single thread, one warm-up compare per dataset first), the wall time of each,
// the analysis seconds the analysis.finished events report, and the extra share against the bar of issue 9 (≤ 15 %).
import { loadBuiltinDataset, runPlan, type BuiltinDatasetName, type TaskType } from '../src/engine/index.js';

const ANALYSIS_BAR = 0.15;

async function timedCompare(name: BuiltinDatasetName, task: TaskType, analysis: boolean): Promise<{ seconds: number; analysisSeconds: number }> {
  const frame = loadBuiltinDataset(name);
  let analysisSeconds = 0;
  const t0 = performance.now();
  await runPlan(frame, { task, target: 'target', setup: {}, plan: 'compare', params: { analysis } }, {
    emit: (e) => {
      if (e.kind === 'analysis.finished') analysisSeconds += Number(e.payload?.['seconds'] ?? 0);
    },
  });
  return { seconds: (performance.now() - t0) / 1000, analysisSeconds };
}

export async function benchAnalysisCost(): Promise<void> {
  console.log('\n## analysis cost: compare_models with vs without the holdout analysis (1 thread, session 123, 10-fold CV)\n');
  console.log(`${'dataset'.padEnd(14)}${'without s'.padStart(10)}${'with s'.padStart(9)}${'analysis s'.padStart(11)}${'extra'.padStart(8)}  bar`);
  for (const name of ['breast_cancer', 'digits'] as const) {
    await timedCompare(name, 'classification', false); // warm-up (JIT), untimed
    const without = await timedCompare(name, 'classification', false);
    const withAnalysis = await timedCompare(name, 'classification', true);
    const extra = withAnalysis.seconds / without.seconds - 1;
    console.log(
      `${name.padEnd(14)}${without.seconds.toFixed(2).padStart(10)}${withAnalysis.seconds.toFixed(2).padStart(9)}${withAnalysis.analysisSeconds.toFixed(2).padStart(11)}${`${(extra * 100).toFixed(1)} %`.padStart(8)}  ` +
        `≤ ${ANALYSIS_BAR * 100} % (analysis s / without: ${((withAnalysis.analysisSeconds / without.seconds) * 100).toFixed(1)} %): ${withAnalysis.analysisSeconds / without.seconds <= ANALYSIS_BAR ? 'PASS' : 'FAIL'}`,
    );
  }
}
