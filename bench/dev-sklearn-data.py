"""Dev helper: writes scikit-learn 1.2's make_classification / make_regression 100,000 x 20 (seed 0)
with numpy only (the generators' code transcribed), so bench/dev-tree-speed.ts can score on the very data
the reference timings used. Usage: python3 bench/dev-sklearn-data.py /tmp/skdata"""
import sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/skdata"


def hypercube(samples, dimensions, rng):
    selected, vals = set(), []
    for _ in range(samples):  # sample_without_replacement, tracking selection
        j = rng.randint(2**dimensions)
        while j in selected:
            j = rng.randint(2**dimensions)
        selected.add(j)
        vals.append(j)
    o = np.array(vals, dtype=np.int64).astype(">u4")
    return np.unpackbits(o.view(">u1")).reshape((-1, 32))[:, -dimensions:]


def make_classification(n_samples, n_features, n_informative, seed, n_redundant=2, n_classes=2, n_clusters_per_class=2, flip_y=0.01, class_sep=1.0):
    g = np.random.RandomState(seed)
    n_useless = n_features - n_informative - n_redundant
    n_clusters = n_classes * n_clusters_per_class
    per = [int(n_samples * (1.0 / n_classes) / n_clusters_per_class) for _ in range(n_clusters)]
    for i in range(n_samples - sum(per)):
        per[i % n_clusters] += 1
    X = np.zeros((n_samples, n_features))
    y = np.zeros(n_samples, dtype=int)
    centroids = hypercube(n_clusters, n_informative, g).astype(float)
    centroids *= 2 * class_sep
    centroids -= class_sep
    X[:, :n_informative] = g.standard_normal(size=(n_samples, n_informative))
    stop = 0
    for k, c in enumerate(centroids):
        start, stop = stop, stop + per[k]
        y[start:stop] = k % n_classes
        Xk = X[start:stop, :n_informative]
        A = 2 * g.uniform(size=(n_informative, n_informative)) - 1
        Xk[...] = np.dot(Xk, A)
        Xk += c
    B = 2 * g.uniform(size=(n_informative, n_redundant)) - 1
    X[:, n_informative:n_informative + n_redundant] = np.dot(X[:, :n_informative], B)
    X[:, -n_useless:] = g.standard_normal(size=(n_samples, n_useless))
    mask = g.uniform(size=n_samples) < flip_y
    y[mask] = g.randint(n_classes, size=mask.sum())
    idx = np.arange(n_samples)
    g.shuffle(idx)
    X, y = X[idx], y[idx]
    f = np.arange(n_features)
    g.shuffle(f)
    return X[:, f], y


def make_regression(n_samples, n_features, n_informative, noise, seed):
    g = np.random.RandomState(seed)
    X = g.standard_normal(size=(n_samples, n_features))
    w = np.zeros((n_features, 1))
    w[:n_informative, :] = 100 * g.uniform(size=(n_informative, 1))
    y = np.dot(X, w)
    y += g.normal(scale=noise, size=y.shape)
    idx = np.arange(n_samples)
    g.shuffle(idx)
    X, y = X[idx], y[idx]
    f = np.arange(n_features)
    g.shuffle(f)
    return X[:, f], y.ravel()


X, y = make_classification(100000, 20, 10, 0)
np.ascontiguousarray(X, dtype="<f8").tofile(f"{out}/clf_X.bin")
y.astype("<f8").tofile(f"{out}/clf_y.bin")
X, y = make_regression(100000, 20, 10, 10.0, 0)
np.ascontiguousarray(X, dtype="<f8").tofile(f"{out}/reg_X.bin")
y.astype("<f8").tofile(f"{out}/reg_y.bin")
print("written to", out)
