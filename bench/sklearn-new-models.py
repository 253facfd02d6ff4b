#!/usr/bin/python3
"""Issue 11's new estimators in scikit-learn 1.2.1, fit + predict timed on the reference folds (PyCaret 3.2 protocol:
70/30 split with seed 123, 10 folds on the train part, unscaled features; the folds of
tests/fixtures/reference-kernel-<name>.json), with the hyper-parameters the parity fixtures use
(tests/fixtures/make-reference-kernel.py, make-reference-neural.py). Per fold: the best of `repeats` runs of wall
(perf_counter) and CPU (process_time, all threads) seconds, after one untimed warm-up fit per model.
Prints one JSON object {"<dataset>/<model>": {seconds: [...], cpu: [...], scores: [...]}} (read by bench/new-models.ts).

Usage: /usr/bin/python3 bench/sklearn-new-models.py [repeats]
"""
import json
import sys
import time
import warnings

from sklearn_reference import reference_folds  # bench/sklearn_reference.py, beside this script
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import ARDRegression, RANSACRegressor, TheilSenRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.svm import SVC, SVR

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SEED = 123
REGRESSORS = {
    "svm": lambda: SVR(),
    "kr": lambda: KernelRidge(),
    "mlp": lambda: MLPRegressor(random_state=SEED),
    "ard": lambda: ARDRegression(),
    "ransac": lambda: RANSACRegressor(random_state=SEED),
    "tr": lambda: TheilSenRegressor(random_state=SEED),
}
MODELS = {
    "breast_cancer": {
        "rbfsvm": lambda: SVC(C=1.0, kernel="rbf", gamma="scale", tol=1e-3, probability=True, random_state=SEED),
        "gpc": lambda: GaussianProcessClassifier(random_state=SEED),
        "mlp": lambda: MLPClassifier(random_state=SEED),
    },
    "diabetes": REGRESSORS,
    "breast_cancer-regression": REGRESSORS,
}


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    out = {}
    for key, models in MODELS.items():
        name = key.split("-")[0]
        Xt, yt, folds = reference_folds(name, f"reference-kernel-{name}.json")
        score = accuracy_score if key == "breast_cancer" else r2_score
        for mid, make in models.items():
            make().fit(Xt[folds[0][0]], yt[folds[0][0]])  # warm-up, untimed
            seconds, cpu, scores = [], [], []
            for tr, va in folds:
                best, best_cpu = float("inf"), float("inf")
                for _ in range(REPEATS):
                    t0, c0 = time.perf_counter(), time.process_time()
                    est = make().fit(Xt[tr], yt[tr])
                    pred = est.predict(Xt[va])
                    if hasattr(est, "predict_proba") and key == "breast_cancer":
                        est.predict_proba(Xt[va])
                    best = min(best, time.perf_counter() - t0)
                    best_cpu = min(best_cpu, time.process_time() - c0)
                seconds.append(best)
                cpu.append(best_cpu)
                scores.append(float(score(yt[va], pred)))
            out[f"{key}/{mid}"] = {"seconds": seconds, "cpu": cpu, "scores": scores}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
