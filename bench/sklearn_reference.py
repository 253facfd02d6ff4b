"""The built-in CSVs and the reference folds of the parity fixtures (PyCaret 3.2 protocol: the 70/30 split with
seed 123, 10 folds on the train part), for the scikit-learn side of the benches that time models fold by fold
(bench/sklearn-mlp.py, bench/sklearn-new-models.py; the TypeScript side is bench/reference-folds.ts)."""
import json
import os

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    with open(os.path.join(REPO, "data", f"{name}.csv")) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(os.path.join(REPO, "data", f"{name}.csv"), delimiter=",", skiprows=1)
    t = header.index("target")
    return np.delete(data, t, axis=1), data[:, t]


def reference_folds(name, fixture):
    """The train part's X and y, and its 10 folds as (fit positions, validation positions)."""
    with open(os.path.join(REPO, "tests", "fixtures", fixture)) as f:
        ref = json.load(f)
    X, y = load(name)
    Xt, yt = X[ref["trainIndex"]], y[ref["trainIndex"]]
    folds = []
    for va in ref["validationPositions"]:
        mask = np.ones(len(yt), dtype=bool)
        mask[va] = False
        folds.append((np.flatnonzero(mask), np.asarray(va)))
    return Xt, yt, folds
