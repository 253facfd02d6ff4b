#!/usr/bin/python3
"""scikit-learn 1.2.1's MLPClassifier / MLPRegressor timed on the reference folds of breast_cancer and diabetes
(tests/fixtures/reference-neural-<name>.json: PyCaret 3.2 protocol, 70/30 split with seed 123, 10 folds on the
train part, unscaled features), defaults with random_state=123 as PyCaret passes session_id. For each fold:
fit on the fold's train rows + predict its validation rows after one untimed warm-up fit, the best of `repeats` runs
of wall (perf_counter) and of CPU time (process_time: all of the process's threads, so BLAS threads count).
Prints one JSON object {dataset: {seconds, cpu, nIter, scores: [per fold]}} (read by bench/mlp.ts).

Usage: /usr/bin/python3 bench/sklearn-mlp.py [repeats]
"""
import json
import sys
import time
import warnings

from sklearn_reference import reference_folds  # bench/sklearn_reference.py, beside this script
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    out = {}
    for name, make, score in [
        ("breast_cancer", lambda: MLPClassifier(random_state=123), accuracy_score),
        ("diabetes", lambda: MLPRegressor(random_state=123), r2_score),
    ]:
        Xt, yt, folds = reference_folds(name, f"reference-neural-{name}.json")
        make().fit(Xt[folds[0][0]], yt[folds[0][0]])  # warm-up, untimed
        seconds, cpu, n_iter, scores = [], [], [], []
        for tr, va in folds:
            best, best_cpu = float("inf"), float("inf")
            for _ in range(REPEATS):
                t0, c0 = time.perf_counter(), time.process_time()
                est = make().fit(Xt[tr], yt[tr])
                pred = est.predict(Xt[va])
                best = min(best, time.perf_counter() - t0)
                best_cpu = min(best_cpu, time.process_time() - c0)
            seconds.append(best)
            cpu.append(best_cpu)
            n_iter.append(int(est.n_iter_))
            scores.append(float(score(yt[va], pred)))
        out[name] = {"seconds": seconds, "cpu": cpu, "nIter": n_iter, "scores": scores}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
