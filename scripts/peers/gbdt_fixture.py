#!/usr/bin/python3
# Writes tests/fixtures/hn/gbdt-sklearn.json: a fixed small data set (seeded numpy) and
# scikit-learn's HistGradientBoostingClassifier probabilities on its test rows, so
# tests/unit/hn-gbdt.test.ts checks workers/hn/gbdt.ts without Python at test time.
# Run with Debian's python3-sklearn: /usr/bin/python3 scripts/peers/gbdt_fixture.py
import json, os
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier

rs = np.random.RandomState(0)
n, d, k = 600, 5, 4
X = np.empty((n, d))
X[:, 0] = rs.normal(size=n)                   # continuous: the percentile thresholds
X[:, 1] = rs.uniform(-2, 2, size=n)
X[:, 2] = rs.randint(0, 7, size=n)            # few distinct values: midpoint thresholds
X[:, 3] = np.round(rs.normal(size=n), 1)
X[:, 4] = rs.exponential(size=n)              # noise
z = X[:, 0] + 0.8 * np.sin(2 * X[:, 1]) + 0.3 * (X[:, 2] - 3) + 0.5 * X[:, 3] * X[:, 0] + rs.normal(scale=0.7, size=n)
y = np.digitize(z, [-1.0, 0.3, 1.4])          # 4 unbalanced classes
X = X.astype(np.float32).astype(np.float64)   # the TypeScript side holds float32 features
tr, te = slice(0, 450), slice(450, n)
cases = []
for params in [
    dict(learning_rate=0.1, max_iter=25, max_leaf_nodes=15, min_samples_leaf=10, l2_regularization=0.0, max_bins=32),
    dict(learning_rate=0.2, max_iter=15, max_leaf_nodes=8, max_depth=3, min_samples_leaf=20, l2_regularization=1.0, max_bins=255),
]:
    m = HistGradientBoostingClassifier(early_stopping=False, random_state=0, **params).fit(X[tr], y[tr])
    cases.append({"params": params, "probs": m.predict_proba(X[te]).round(10).tolist()})
out = {
    "generator": "scripts/peers/gbdt_fixture.py", "sklearn": sklearn.__version__, "k": k, "d": d,
    "xTrain": X[tr].tolist(), "yTrain": y[tr].tolist(), "xTest": X[te].tolist(), "yTest": y[te].tolist(), "cases": cases,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "hn", "gbdt-sklearn.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), "classes", np.bincount(y).tolist())
