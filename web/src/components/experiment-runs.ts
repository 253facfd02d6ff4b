// Follows Subscription.experimentRuns: the latest Run (status, progress, leaderboard) of each run of an experiment.
import { useEffect, useState } from 'preact/hooks';
import { subscribe } from '../api.js';
import { ExperimentRunsDoc } from '../documents.js';
import type { ExperimentRunsLiveSubscription } from '../gql/graphql.js';

export type ExperimentRun = ExperimentRunsLiveSubscription['experimentRuns'];

export function useExperimentRuns(experimentId: string | null): { runs: Record<string, ExperimentRun>; error: string | null } {
  const [runs, setRuns] = useState<Record<string, ExperimentRun>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!experimentId) return;
    setRuns({});
    setError(null);
    return subscribe(
      ExperimentRunsDoc,
      { experimentId },
      (data) => setRuns((all) => ({ ...all, [data.experimentRuns.id]: data.experimentRuns })),
      (e) => setError(e.message),
    );
  }, [experimentId]);
  return { runs, error };
}
