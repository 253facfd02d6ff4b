// Run.progress before the engine has said anything (QUEUED, or RUNNING before its first model): zeros, with
// the totals that follow from the frozen snapshot alone. SETUP trains no model (0/0); a TUNE's candidate count
// depends on its search space, so it stays 0 until model.tune.started.
import { listModels } from '../../engine/index.js';
import type { RunProgress, RunSnapshot } from '../types.js';

const DEFAULT_FOLDS = 10;

function foldCount(snapshot: RunSnapshot): number {
  const setup = snapshot.experiment.setupParams;
  return snapshot.params.fold ?? (setup.customFolds ? setup.customFolds.length : undefined) ?? setup.fold ?? DEFAULT_FOLDS;
}

/** Models a compare of this snapshot will cross-validate, as compareCandidates chooses them (include, else turbo models; minus exclude). */
function compareModelCount(snapshot: RunSnapshot): number {
  const p = snapshot.params;
  const excluded = new Set(p.exclude ?? []);
  const ids = p.include ?? listModels(snapshot.experiment.task).filter((m) => p.turbo === false || m.turbo).map((m) => m.id);
  return ids.filter((id) => !excluded.has(id)).length;
}

export function plannedProgress(snapshot: RunSnapshot): RunProgress {
  const none: RunProgress = { modelsDone: 0, modelsTotal: 0, foldsDone: 0, foldsTotal: 0, currentModelId: null };
  switch (snapshot.plan) {
    case 'setup':
    case 'tune':
      return none;
    case 'create':
      return { ...none, modelsTotal: 1, foldsTotal: foldCount(snapshot) };
    case 'compare': {
      const models = compareModelCount(snapshot);
      return { ...none, modelsTotal: models, foldsTotal: models * foldCount(snapshot) };
    }
  }
}

/** The stored progress when the sink wrote one, else the planned one. */
export function runProgress(snapshot: RunSnapshot, stored: unknown): RunProgress {
  const p = stored as Partial<RunProgress> | null | undefined;
  if (p && typeof p.modelsDone === 'number' && typeof p.foldsTotal === 'number') {
    return {
      modelsDone: p.modelsDone,
      modelsTotal: p.modelsTotal ?? 0,
      foldsDone: p.foldsDone ?? 0,
      foldsTotal: p.foldsTotal,
      currentModelId: p.currentModelId ?? null,
    };
  }
  return plannedProgress(snapshot);
}
