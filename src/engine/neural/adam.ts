// scikit-learn 1.2's AdamOptimizer (neural_network/_stochastic_optimizers.py) over one flat parameter buffer:
// every step t += 1, m = b1·m + (1−b1)·g, v = b2·v + (1−b2)·g², lr_t = lr·sqrt(1−b2^t)/(1−b1^t),
// param += −lr_t·m/(sqrt(v) + eps). The update is element-wise, so the buffer's layout does not matter.

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class AdamOptimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly s: AdamSettings,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One step on `params` with gradients `grads` (same length). */
  step(params: Float64Array, grads: Float64Array): void {
    const { learningRate, beta1, beta2, epsilon } = this.s;
    this.t += 1;
    const lr = (learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    const m = this.m;
    const v = this.v;
    const b1c = 1 - beta1;
    const b2c = 1 - beta2;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] as number;
      const mi = beta1 * (m[i] as number) + b1c * g;
      const vi = beta2 * (v[i] as number) + b2c * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = (params[i] as number) + (-lr * mi) / (Math.sqrt(vi) + epsilon);
    }
  }
}
