// ModelAnalysis and its parts (the contract's ModelAnalysis, ConfusionMatrix, Curve, CurvePoint, ResidualPoint,
// FeatureImportance, plus the typed extras beside them): what PyCaret's plot_model / interpret_model draw,
// as data, on the holdout part of the split. Read from the run's stored analysis (resolvers/analysis.ts).
import type {
  CalibrationCurve,
  ClassReportRow,
  ConfusionMatrix,
  Curve,
  CurvePoint,
  FeatureImportance,
  HistogramBin,
  LearningCurvePoint,
  LiftGain,
  OptimalThreshold,
  PredictionError,
  ResidualPoint,
  RunModelAnalysis,
  ThresholdPoint,
} from '../engine/index.js';
import { importances } from '../resolvers/analysis.js';
import { builder } from './builder.js';
import { MetricEnum, MetricScoreRef } from './leaderboard.js';

/** Stored JSON turns NaN / ±Infinity into null: a point's threshold may come back null. */
const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const CurvePointRef = builder.objectRef<CurvePoint>('CurvePoint').implement({
  fields: (t) => ({
    x: t.exposeFloat('x'),
    y: t.exposeFloat('y'),
    threshold: t.float({ nullable: true, description: 'Score threshold of the point (null where the curve has none).', resolve: (p) => finite(p.threshold) }),
  }),
});

export const CurveRef = builder.objectRef<Curve>('Curve').implement({
  description: 'ROC: x = FPR, y = TPR, area = AUC. PR: x = recall, y = precision, area = average precision. At most 200 points, corners kept.',
  fields: (t) => ({
    label: t.exposeString('label'),
    area: t.exposeFloat('area'),
    points: t.field({ type: [CurvePointRef], resolve: (c) => c.points }),
  }),
});

export const ConfusionMatrixRef = builder.objectRef<ConfusionMatrix>('ConfusionMatrix').implement({
  fields: (t) => ({
    labels: t.exposeStringList('labels'),
    counts: t.field({ type: t.listRef(t.listRef('Int')), description: 'counts[actual][predicted], labels in class order.', resolve: (m) => m.counts }),
  }),
});

export const ResidualPointRef = builder.objectRef<ResidualPoint>('ResidualPoint').implement({
  fields: (t) => ({ actual: t.exposeFloat('actual'), predicted: t.exposeFloat('predicted') }),
});

export const FeatureImportanceRef = builder.objectRef<FeatureImportance>('FeatureImportance').implement({
  fields: (t) => ({
    feature: t.exposeString('feature'),
    importance: t.exposeFloat('importance'),
    std: t.exposeFloat('std'),
    method: t.exposeString('method', { description: '"permutation", "native" (impurity / gain / |coef|) or "shap" (mean |SHAP|).' }),
  }),
});

const ClassReportRowRef = builder.objectRef<ClassReportRow>('ClassReportRow').implement({
  description: "One row of PyCaret's class_report (scikit-learn's classification_report).",
  fields: (t) => ({
    label: t.exposeString('label'),
    precision: t.exposeFloat('precision'),
    recall: t.exposeFloat('recall'),
    f1: t.exposeFloat('f1'),
    support: t.exposeInt('support'),
  }),
});

const CalibrationCurveRef = builder.objectRef<CalibrationCurve>('CalibrationCurve').implement({
  description: 'Per non-empty bin of `bins` uniform bins: fraction of positives vs mean predicted probability.',
  fields: (t) => ({
    label: t.exposeString('label'),
    bins: t.exposeInt('bins'),
    fractionOfPositives: t.exposeFloatList('fractionOfPositives'),
    meanPredicted: t.exposeFloatList('meanPredicted'),
    counts: t.exposeIntList('counts'),
  }),
});

const ThresholdPointRef = builder.objectRef<ThresholdPoint>('ThresholdPoint').implement({
  fields: (t) => ({
    threshold: t.exposeFloat('threshold'),
    accuracy: t.float({ resolve: (p) => p.Accuracy }),
    precision: t.float({ resolve: (p) => p.Precision }),
    recall: t.float({ resolve: (p) => p.Recall }),
    f1: t.float({ resolve: (p) => p.F1 }),
    kappa: t.float({ resolve: (p) => p.Kappa }),
    mcc: t.float({ resolve: (p) => p.MCC }),
  }),
});

const OptimizedThresholdRef = builder.objectRef<OptimalThreshold>('OptimizedThreshold').implement({
  description: "PyCaret's optimize_threshold: the threshold of the threshold curve that maximises `metric`.",
  fields: (t) => ({
    metric: t.field({ type: MetricEnum, resolve: (o) => o.metric }),
    threshold: t.exposeFloat('threshold'),
    value: t.exposeFloat('value'),
  }),
});

const PointCurveRef = builder.objectRef<{ label: string; points: CurvePoint[] }>('PointCurve').implement({
  description: 'A curve without an area: lift (y = gain / x) or cumulative gain (y = fraction of positives caught) vs fraction of rows targeted.',
  fields: (t) => ({ label: t.exposeString('label'), points: t.field({ type: [CurvePointRef], resolve: (c) => c.points }) }),
});

const KsStatisticRef = builder.objectRef<{ label: string; statistic: number; threshold: number }>('KsStatistic').implement({
  description: 'Kolmogorov-Smirnov statistic of a class: max over thresholds of TPR − FPR, and where it is reached.',
  fields: (t) => ({ label: t.exposeString('label'), statistic: t.exposeFloat('statistic'), threshold: t.float({ nullable: true, resolve: (k) => finite(k.threshold) }) }),
});

const HistogramBinRef = builder.objectRef<HistogramBin>('HistogramBin').implement({
  fields: (t) => ({ lower: t.exposeFloat('lower'), upper: t.exposeFloat('upper'), count: t.exposeInt('count') }),
});

const PredictionErrorRef = builder.objectRef<PredictionError>('PredictionError').implement({
  description: 'Least-squares line of predicted against actual on the holdout, and the holdout R2.',
  fields: (t) => ({ slope: t.exposeFloat('slope'), intercept: t.exposeFloat('intercept'), r2: t.exposeFloat('r2') }),
});

const LearningCurvePointRef = builder.objectRef<LearningCurvePoint>('LearningCurvePoint').implement({
  fields: (t) => ({
    trainSize: t.exposeInt('trainSize'),
    trainScore: t.float({ nullable: true, resolve: (p) => finite(p.trainScore) }),
    trainScoreStd: t.float({ nullable: true, resolve: (p) => finite(p.trainScoreStd) }),
    validationScore: t.float({ nullable: true, resolve: (p) => finite(p.validationScore) }),
    validationScoreStd: t.float({ nullable: true, resolve: (p) => finite(p.validationScoreStd) }),
  }),
});

const LearningCurveRef = builder.objectRef<NonNullable<RunModelAnalysis['learningCurve']>>('LearningCurve').implement({
  description: 'CV score (mean over folds) vs train size, 5 sizes (scikit-learn learning_curve); only with params.learningCurve.',
  fields: (t) => ({
    metric: t.field({ type: MetricEnum, resolve: (c) => c.metric }),
    points: t.field({ type: [LearningCurvePointRef], resolve: (c) => c.points }),
  }),
});

const liftGains = (a: RunModelAnalysis): LiftGain[] => a.classification?.liftGain ?? [];

export const ModelAnalysisRef = builder.objectRef<RunModelAnalysis>('ModelAnalysis').implement({
  description: 'The holdout analysis of one fitted model, computed in the run and stored with it.',
  fields: (t) => ({
    modelId: t.exposeString('modelId'),
    modelName: t.exposeString('modelName'),
    holdout: t.field({ type: [MetricScoreRef], description: 'Holdout scores (std 0).', resolve: (a) => a.holdout }),
    confusionMatrix: t.field({ type: ConfusionMatrixRef, nullable: true, resolve: (a) => a.confusionMatrix }),
    rocCurves: t.field({ type: [CurveRef], description: 'Binary: the positive class; multiclass: one per class (one-vs-rest).', resolve: (a) => a.rocCurves }),
    prCurves: t.field({ type: [CurveRef], resolve: (a) => a.prCurves }),
    residuals: t.field({ type: [ResidualPointRef], description: 'Regression: one point per holdout row (sampled above 5,000).', resolve: (a) => a.residuals }),
    featureImportance: t.field({
      type: [FeatureImportanceRef],
      description: 'One per input feature, largest first, by `method`. encoded: per model input column instead (permutation: only when each input column has one).',
      args: { method: t.arg.string({ defaultValue: 'permutation' }), encoded: t.arg.boolean({ defaultValue: false }) },
      resolve: (a, args) => importances(a, args.method ?? 'permutation', args.encoded ?? false),
    }),
    classReport: t.field({ type: [ClassReportRowRef], resolve: (a) => a.classification?.classReport ?? [] }),
    calibrationCurves: t.field({ type: [CalibrationCurveRef], resolve: (a) => a.classification?.calibrationCurves ?? [] }),
    thresholdCurve: t.field({ type: [ThresholdPointRef], description: 'Binary tasks: metrics vs probability threshold (step 0.01).', resolve: (a) => a.classification?.thresholdCurve ?? [] }),
    optimizedThreshold: t.field({ type: OptimizedThresholdRef, nullable: true, resolve: (a) => a.classification?.optimalThreshold ?? null }),
    probabilityThreshold: t.float({ nullable: true, description: 'Binary tasks: the threshold the predictions and scores use.', resolve: (a) => a.classification?.probabilityThreshold ?? null }),
    liftCurve: t.field({ type: [PointCurveRef], resolve: (a) => liftGains(a).map((l) => ({ label: l.label, points: l.lift })) }),
    gainCurve: t.field({ type: [PointCurveRef], resolve: (a) => liftGains(a).map((l) => ({ label: l.label, points: l.gain })) }),
    ks: t.field({ type: [KsStatisticRef], resolve: (a) => liftGains(a).map((l) => ({ label: l.label, ...l.ks })) }),
    residualHistogram: t.field({ type: [HistogramBinRef], resolve: (a) => a.regression?.residualHistogram ?? [] }),
    predictionError: t.field({ type: PredictionErrorRef, nullable: true, resolve: (a) => a.regression?.predictionError ?? null }),
    cooksDistance: t.floatList({ nullable: true, description: "Linear regressors: Cook's distance per train row.", resolve: (a) => a.regression?.cooksDistance ?? null }),
    shapSummary: t.field({ type: [FeatureImportanceRef], nullable: true, description: 'Tree models: mean |SHAP| per input feature (TreeSHAP on the holdout).', resolve: (a) => a.shapSummary }),
    shapRowsExplained: t.int({ nullable: true, description: 'Holdout rows the SHAP summary explained (a seeded sample within its work budget); null without a summary.', resolve: (a) => a.shapRowsExplained ?? null }),
    permutationRows: t.int({ nullable: true, description: 'Holdout rows permutation importance permuted (a seeded sample within its work budget).', resolve: (a) => a.permutationRows ?? null }),
    learningCurve: t.field({ type: LearningCurveRef, nullable: true, resolve: (a) => a.learningCurve }),
    seconds: t.exposeFloat('seconds', { description: 'Wall time of the analysis.' }),
  }),
});
