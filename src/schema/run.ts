import type { BuiltinDatasetName, PlanKind } from '../engine/index.js';
import type { Run } from '../entities/index.js';
import type { RunStatus } from '../jobs/index.js';
import { holdoutPredictionsPage, runAnalyses, runAnalysis } from '../resolvers/analysis.js';
import { runLeaderboard, runProgressOf, subscribeExperimentRuns } from '../resolvers/live-runs.js';
import { runEventsPage } from '../resolvers/run-events.js';
import {
  cancelRun,
  experimentRuns,
  finalizeRun,
  getRun,
  listRuns,
  runArtifacts,
  runExperiment,
  submitRun,
  waitForRun,
} from '../resolvers/runs.js';
import { resolveLive } from '../subscriptions/live-subscriptions.js';
import { ArtifactRef } from './artifact.js';
import { builder } from './builder.js';
import { HoldoutPredictionRef } from './holdout-prediction.js';
import { LeaderboardRef } from './leaderboard.js';
import { ModelAnalysisRef } from './model-analysis.js';
import { ExperimentRef } from './refs.js';
import { RunEventRef } from './run-event.js';
import { RunProgressRef } from './run-progress.js';

export const RunPlanEnum = builder.enumType('RunPlan', {
  values: {
    SETUP: { value: 'setup' as PlanKind },
    CREATE: { value: 'create' as PlanKind },
    COMPARE: { value: 'compare' as PlanKind },
    TUNE: { value: 'tune' as PlanKind },
    ENSEMBLE: { value: 'ensemble' as PlanKind, description: 'Bagging or boosting of one model (modelId; params method, nEstimators, chooseBetter).' },
    BLEND: { value: 'blend' as PlanKind, description: 'Voting over models (params estimators: ids, {modelId, modelParams} or {fromRun, top}; method, weights).' },
    STACK: { value: 'stack' as PlanKind, description: 'Stacking (params estimators as BLEND; metaModel, metaModelFold, method, restack).' },
    CALIBRATE: { value: 'calibrate' as PlanKind, description: 'Probability calibration of one classifier (modelId; params method sigmoid|isotonic, calibrateFold).' },
  } as const,
});

export const RunStatusEnum = builder.enumType('RunStatus', {
  values: {
    QUEUED: { value: 'queued' as RunStatus },
    RUNNING: { value: 'running' as RunStatus },
    SUCCEEDED: { value: 'succeeded' as RunStatus },
    FAILED: { value: 'failed' as RunStatus },
    CANCELLED: { value: 'cancelled' as RunStatus },
  } as const,
});

export const BuiltinDatasetEnum = builder.enumType('BuiltinDataset', {
  values: {
    IRIS: { value: 'iris' as BuiltinDatasetName },
    WINE: { value: 'wine' as BuiltinDatasetName },
    BREAST_CANCER: { value: 'breast_cancer' as BuiltinDatasetName },
    DIABETES: { value: 'diabetes' as BuiltinDatasetName },
    DIGITS: { value: 'digits' as BuiltinDatasetName },
  } as const,
});

export const RunRef = builder.objectRef<Run>('Run').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    experiment: t.field({ type: ExperimentRef, resolve: (r, _a, ctx) => runExperiment(ctx, r) }),
    plan: t.field({ type: RunPlanEnum, resolve: (r) => r.plan }),
    modelId: t.exposeString('modelId', { nullable: true }),
    status: t.field({ type: RunStatusEnum, resolve: (r) => r.status }),
    error: t.exposeString('error', { nullable: true }),
    snapshot: t.field({
      type: 'JSON',
      description: 'Experiment config + plan + params + data source + dataset content hash + engine version, frozen at submit.',
      resolve: (r) => r.snapshot,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    leaderboard: t.field({
      type: LeaderboardRef,
      nullable: true,
      description: 'While RUNNING: provisional, means over the folds done so far (updated as each fold is scored); then the final one.',
      resolve: (r) => runLeaderboard(r),
    }),
    progress: t.field({ type: RunProgressRef, resolve: (r) => runProgressOf(r) }),
    summary: t.field({ type: 'JSON', nullable: true, description: '{rows, best, ...}', resolve: (r) => r.summary ?? null }),
    artifacts: t.field({ type: [ArtifactRef], resolve: (r, _a, ctx) => runArtifacts(ctx, r) }),
    events: t.field({
      type: [RunEventRef],
      args: { after: t.arg.int(), limit: t.arg.int({ defaultValue: 100 }) },
      resolve: (r, args, ctx) => runEventsPage(ctx, r, args.after, args.limit),
    }),
    analysis: t.field({
      type: ModelAnalysisRef,
      nullable: true,
      description: "Holdout analysis of the run's fitted pipeline (the chosen model); null until it exists.",
      resolve: (r, _a, ctx) => runAnalysis(ctx, r),
    }),
    analyses: t.field({
      type: [ModelAnalysisRef],
      description: 'The analysis of each model the run fitted on the train part (compare with nSelect > 1: each selected one, best first).',
      resolve: (r, _a, ctx) => runAnalyses(ctx, r),
    }),
    holdoutPredictions: t.field({
      type: [HoldoutPredictionRef],
      description: "The chosen model's predictions on the holdout rows after position `after`.",
      args: { after: t.arg.int(), limit: t.arg.int({ defaultValue: 100 }) },
      resolve: (r, args, ctx) => holdoutPredictionsPage(ctx, r, args.after, args.limit ?? 100),
    }),
  }),
});

builder.objectField(ExperimentRef, 'runs', (t) =>
  t.field({ type: [RunRef], description: 'Newest first.', resolve: (e, _a, ctx) => experimentRuns(ctx, e) }),
);

const DataSourceInput = builder.inputType('DataSourceInput', {
  description: 'Exactly one of the three must be given.',
  fields: (t) => ({
    builtin: t.field({ type: BuiltinDatasetEnum }),
    inline: t.field({ type: 'JSON', description: 'Dict of equal-length column arrays: {"x1":[...],"target":[...]}' }),
    datasetId: t.id({ description: 'An uploaded dataset of the same workspace.' }),
  }),
});

const SubmitRunInput = builder.inputType('SubmitRunInput', {
  fields: (t) => ({
    experimentId: t.id({ required: true }),
    plan: t.field({ type: RunPlanEnum, required: true }),
    modelId: t.string({ description: 'Required for CREATE, TUNE, ENSEMBLE and CALIBRATE (e.g. "lr", "rf").' }),
    data: t.field({ type: DataSourceInput, required: true }),
    params: t.field({ type: 'JSON', description: 'include, exclude, sort, nSelect, turbo, budgetSeconds, fold, modelParams, nIter, optimize, searchSpace, library, earlyStopping, chooseBetter, customGrid, estimators, method, weights, metaModel, metaModelFold, restack, nEstimators, calibrateFold, probabilityThreshold, analysis, analysisRepeats, learningCurve' }),
    idempotencyKey: t.string({ description: 'The same key on the same experiment returns the same run.' }),
  }),
});

builder.queryFields((t) => ({
  runs: t.field({
    type: [RunRef],
    description: 'Newest first.',
    args: { experimentId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => listRuns(ctx, String(args.experimentId)),
  }),
  run: t.field({
    type: RunRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => getRun(ctx, String(args.id)),
  }),
}));

builder.subscriptionFields((t) => ({
  experimentRuns: t.field({
    type: RunRef,
    description: "A Run each time one of the experiment's runs is created or changes status, progress or leaderboard.",
    args: { experimentId: t.arg.id({ required: true }) },
    subscribe: (_r, args, ctx) => subscribeExperimentRuns(ctx, { experimentId: String(args.experimentId) }),
    resolve: (run) => resolveLive(run),
  }),
}));

builder.mutationFields((t) => ({
  submitRun: t.field({
    type: RunRef,
    description: 'Validates, freezes a snapshot and queues the run; returns at once with status QUEUED.',
    args: { input: t.arg({ type: SubmitRunInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      submitRun(ctx, {
        experimentId: String(input.experimentId),
        plan: input.plan,
        modelId: input.modelId,
        data: { builtin: input.data.builtin, inline: input.data.inline, datasetId: input.data.datasetId ? String(input.data.datasetId) : null },
        params: input.params,
        idempotencyKey: input.idempotencyKey,
      }),
  }),
  waitForRun: t.field({
    type: RunRef,
    description: 'Returns when the run is terminal or at the timeout (at most 600 s).',
    args: { id: t.arg.id({ required: true }), timeoutSeconds: t.arg.float({ defaultValue: 30 }) },
    resolve: (_r, args, ctx) => waitForRun(ctx, { id: String(args.id), timeoutSeconds: args.timeoutSeconds }),
  }),
  cancelRun: t.field({
    type: RunRef,
    description: 'Cancels a queued or running run (a compare stops within one fold and keeps its partial leaderboard).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => cancelRun(ctx, { id: String(args.id) }),
  }),
  finalizeRun: t.field({
    type: RunRef,
    description: 'Refits the run\'s pipeline on all rows (PyCaret finalize_model); adds a "final_pipeline" artifact.',
    args: { runId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => finalizeRun(ctx, { runId: String(args.runId) }),
  }),
}));
