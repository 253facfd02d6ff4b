// The live side of runs: Run.progress, Run.leaderboard (provisional while RUNNING) and the experimentRuns
// subscription source (registered with the live subscriptions). Plain functions of (ctx, args), like the other resolvers.
import type { Context } from '../context.js';
import type { Leaderboard, LeaderboardRow } from '../engine/index.js';
import type { Run } from '../entities/index.js';
import { runProgress, type RunProgress, type RunSnapshot } from '../jobs/index.js';
import type { Live } from '../subscriptions/live-subscriptions.js';
import { loadExperimentForViewer, requireViewer } from './access.js';
import { requireId } from './input.js';

/** A leaderboard as served: `provisional` set on the board and its rows (false for a final one). */
export interface ServedLeaderboard extends Leaderboard {
  provisional: boolean;
  rows: Array<LeaderboardRow & { provisional: boolean }>;
}

export function runProgressOf(run: Run): RunProgress {
  return runProgress(run.snapshot as unknown as RunSnapshot, run.progress);
}

/**
 * The stored leaderboard: the live one (provisional, written with the fold events) while RUNNING, the final
 * one from the terminal transition after. Rows stored before foldsDone existed were complete models: they
 * report the planned fold count.
 */
export function runLeaderboard(run: Run): ServedLeaderboard | null {
  const stored = run.leaderboard as unknown as (Partial<ServedLeaderboard> & Leaderboard) | null | undefined;
  if (!stored || !Array.isArray(stored.rows)) return null;
  const provisional = stored.provisional === true;
  const plannedFolds = (): number => {
    const p = runProgressOf(run);
    return p.modelsTotal > 0 ? Math.round(p.foldsTotal / p.modelsTotal) : 0;
  };
  return {
    sortMetric: stored.sortMetric,
    provisional,
    rows: stored.rows.map((row) => {
      const r = row as LeaderboardRow & { provisional?: boolean; foldsDone?: number };
      return { ...r, foldsDone: typeof r.foldsDone === 'number' ? r.foldsDone : plannedFolds(), provisional: provisional && r.provisional !== false };
    }),
  };
}

/** experimentRuns: access-checked like runEvents (another workspace's experiment is NOT_FOUND). */
export async function subscribeExperimentRuns(ctx: Context, args: { experimentId: string }): Promise<AsyncIterableIterator<Live<Run>>> {
  const experiment = await loadExperimentForViewer(ctx, requireId(args.experimentId, 'experimentId'));
  // Registered like runEvents: capped, and ended with FORBIDDEN when the viewer loses access while it streams.
  return ctx.services.subscriptions.register(await ctx.services.runs.followExperiment(experiment.id), {
    viewer: requireViewer(ctx),
    workspaceId: experiment.project.workspace.id,
    socketId: ctx.socketId,
  });
}
