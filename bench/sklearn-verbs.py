#!/usr/bin/python3
"""scikit-learn 1.2.1 equivalents of caretql's verbs on breast_cancer, timed as ../shared/tools/sklearn-compare.py
times compare_models: PyCaret setup (train_test_split 70/30 stratified, random_state 123; StratifiedKFold(10)
without shuffle; mean imputation), each verb = cross_validate on the train part + refit on it + holdout score.
Prints one JSON object {verb: {seconds, cvAccuracy, holdoutAccuracy}} (read by bench/verbs.ts).

Usage: /usr/bin/python3 bench/sklearn-verbs.py
"""
import json
import time
import warnings

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier, RandomForestClassifier, StackingClassifier, VotingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold, cross_validate, train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier

warnings.filterwarnings("ignore")
SEED = 123
X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.7, stratify=y, random_state=SEED, shuffle=True)
folds = StratifiedKFold(10, shuffle=False)


def members():
    return [("lr", LogisticRegression(max_iter=1000, random_state=SEED)), ("nb", GaussianNB()), ("knn", KNeighborsClassifier())]


# PyCaret's dt tune grid (pycaret/containers/models/classification.py), as caretql's dt search space.
DT_GRID = {
    "max_depth": list(range(1, 17)),
    "max_features": [1.0, "sqrt", "log2"],
    "min_samples_leaf": [2, 3, 4, 5, 6],
    "min_samples_split": [2, 5, 7, 9, 10],
    "criterion": ["gini", "entropy"],
    "min_impurity_decrease": [0, 0.0001, 0.001, 0.01, 0.0002, 0.002, 0.02, 0.0005, 0.005, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5],
}

VERBS = {
    "blend (lr, nb, knn; auto = soft)": lambda: VotingClassifier(members(), voting="soft"),
    "stack (lr, nb, knn; meta lr)": lambda: StackingClassifier(members(), final_estimator=LogisticRegression(max_iter=1000, random_state=SEED), cv=5),
    "ensemble BAGGING dt (10)": lambda: BaggingClassifier(DecisionTreeClassifier(random_state=SEED), n_estimators=10, random_state=SEED),
    "ensemble BOOSTING dt (10)": lambda: AdaBoostClassifier(DecisionTreeClassifier(random_state=SEED), n_estimators=10, random_state=SEED),
    "calibrate rf (sigmoid, 5)": lambda: CalibratedClassifierCV(RandomForestClassifier(random_state=SEED), method="sigmoid", cv=5),
    "tune dt (random, 10 iter)": lambda: RandomizedSearchCV(DecisionTreeClassifier(random_state=SEED), DT_GRID, n_iter=10, cv=folds, random_state=SEED, scoring="accuracy", refit=True),
}

out = {}
for name, make in VERBS.items():
    t0 = time.perf_counter()
    model = make_pipeline(SimpleImputer(strategy="mean"), make())
    if name.startswith("tune"):
        # the search is the CV: its best candidate refitted on the train part, scored on the test part
        model.fit(X_train, y_train)
        cv = float(model[-1].best_score_)
    else:
        cv = float(np.mean(cross_validate(model, X_train, y_train, cv=folds, scoring="accuracy")["test_score"]))
        model.fit(X_train, y_train)
    holdout = float(np.mean(model.predict(X_test) == y_test))
    out[name] = {"seconds": time.perf_counter() - t0, "cvAccuracy": cv, "holdoutAccuracy": holdout}
print(json.dumps(out))
