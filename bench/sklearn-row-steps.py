#!/usr/bin/python3
"""scikit-learn 1.2.1's IsolationForest timed on the matrices bench/row-steps.ts writes (one thread, the same
definition: 100 trees, max_samples=min(256, n), contamination). Prints one JSON line {name: {seconds, flagged, planted}}.

Usage: /usr/bin/python3 bench/sklearn-row-steps.py <file.json>...
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest

out = {}
for path in sys.argv[1:]:
    with open(path) as f:
        d = json.load(f)
    X = np.array(d['data'], dtype=float).reshape(d['rows'], d['cols'])
    t0 = time.perf_counter()
    pred = IsolationForest(n_estimators=100, contamination=d['contamination'], random_state=123, n_jobs=1).fit_predict(X)
    seconds = time.perf_counter() - t0
    planted = set(d['planted'])
    out[d['name']] = {'seconds': seconds, 'flagged': int((pred == -1).sum()), 'planted': int(sum(1 for r in planted if pred[r] == -1))}
print(json.dumps(out))
