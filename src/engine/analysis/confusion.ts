import type { ClassReportRow, ConfusionMatrix } from './types.js';
import { checkClassCodes, checkSameLength } from './validate.js';

/** scikit-learn's confusion_matrix(yTrue, yPred, labels=classes): counts[actual][predicted], class codes 0..k-1. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels: readonly string[]): ConfusionMatrix {
  const k = labels.length;
  checkSameLength('yTrue', yTrue, 'yPred', yPred);
  checkClassCodes('yTrue', yTrue, k);
  checkClassCodes('yPred', yPred, k);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) (counts[yTrue[i] as number] as number[])[yPred[i] as number]! += 1;
  return { labels: [...labels], counts };
}

/**
 * classification_report(..., labels=classes, zero_division=0) per class: precision = tp / predicted,
 * recall = tp / support, F1 = 2 p r / (p + r) (0 when p + r = 0), support = true rows of the class.
 */
export function classReport(cm: ConfusionMatrix): ClassReportRow[] {
  const k = cm.labels.length;
  const rows: ClassReportRow[] = [];
  for (let c = 0; c < k; c++) {
    const row = cm.counts[c] as number[];
    const tp = row[c] as number;
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += row[j] as number;
      predicted += (cm.counts[j] as number[])[c] as number;
    }
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    rows.push({ label: cm.labels[c] as string, precision, recall, f1, support });
  }
  return rows;
}
