import type { ModelCard, TaskType } from '../types.js';
import type { ModelSpec } from '../core/estimator.js';
import { EngineInputError } from '../errors.js';
// One file per model family; each registers its specs here.
import { LINEAR_SPECS } from './linear.js';
import { NEIGHBORS_SPECS } from './neighbors.js';
import { BAYES_SPECS } from './bayes.js';
import { SVM_SPECS } from './svm.js';
import { DISCRIMINANT_SPECS } from './discriminant.js';
import { DUMMY_SPECS } from './dummy.js';
import { TREE_SPECS } from './trees.js';
import { BOOSTING_SPECS } from './boosting.js';

/** PyCaret 3.2's model order (models() / compare_models), restricted to the ids caretql implements. */
const PYCARET_ORDER: Record<TaskType, readonly string[]> = {
  classification: ['lr', 'knn', 'nb', 'dt', 'svm', 'ridge', 'rf', 'qda', 'ada', 'gbc', 'lda', 'et', 'lightgbm', 'dummy'],
  regression: ['lr', 'lasso', 'ridge', 'en', 'lar', 'llar', 'omp', 'br', 'par', 'huber', 'knn', 'dt', 'rf', 'et', 'ada', 'gbr', 'lightgbm', 'dummy'],
};

/** The model specs of both tasks, listed in PyCaret's order (ids PyCaret lacks come last, as registered). */
export class ModelRegistry {
  private readonly byTask: Record<TaskType, ModelSpec[]>;

  constructor(specs: readonly ModelSpec[]) {
    const sorted = (task: TaskType): ModelSpec[] => {
      const own = specs.filter((s) => s.task === task);
      const ids = new Set<string>();
      for (const s of own) {
        if (ids.has(s.id)) throw new Error(`model "${s.id}" is registered twice for ${task}`);
        ids.add(s.id);
      }
      const rank = (id: string): number => {
        const i = PYCARET_ORDER[task].indexOf(id);
        return i === -1 ? PYCARET_ORDER[task].length : i;
      };
      return own.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s.id) - rank(b.s.id) || a.i - b.i).map((x) => x.s);
    };
    this.byTask = { classification: sorted('classification'), regression: sorted('regression') };
  }

  specs(task: TaskType): readonly ModelSpec[] {
    return this.byTask[task];
  }

  has(task: TaskType, id: string): boolean {
    return this.byTask[task].some((s) => s.id === id);
  }

  get(task: TaskType, id: string, field = 'modelId'): ModelSpec {
    const spec = this.byTask[task].find((s) => s.id === id);
    if (!spec) {
      const known = this.byTask[task].map((s) => s.id).join(', ');
      throw new EngineInputError('UNKNOWN_MODEL', `unknown ${task} model "${id}" (known: ${known})`, field);
    }
    return spec;
  }

  cards(task: TaskType): ModelCard[] {
    return this.byTask[task].map((s) => ({ id: s.id, name: s.name, task: s.task, turbo: s.turbo }));
  }
}

/** Every family's specs, in registration order (the registry sorts them into PyCaret's order). */
export const ALL_SPECS: readonly ModelSpec[] = [
  ...LINEAR_SPECS,
  ...NEIGHBORS_SPECS,
  ...BAYES_SPECS,
  ...SVM_SPECS,
  ...DISCRIMINANT_SPECS,
  ...DUMMY_SPECS,
  ...TREE_SPECS,
  ...BOOSTING_SPECS,
];

export const MODEL_REGISTRY = new ModelRegistry(ALL_SPECS);

export function listModels(task: TaskType): ModelCard[] {
  return MODEL_REGISTRY.cards(task);
}

export function getSpec(task: TaskType, id: string): ModelSpec {
  return MODEL_REGISTRY.get(task, id);
}
