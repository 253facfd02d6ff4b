// The model catalogue of a task (ids and names as PyCaret's).
import { listModels, type ModelCard, type TaskType } from '../engine/index.js';

export function modelsOf(task: TaskType): ModelCard[] {
  return listModels(task);
}
