#!/usr/bin/python3
# The DESIGN's scikit-learn peer figures on the HN file's time split (oldest 80% train, newest 20%
# test; sorted by time, then id, like workers/hn/split.ts), bins 1,10,100,1000, AUC of >= 100 points:
#   logreg: logistic regression on tf-idf title uni+bigrams + one-hot domain/hour/weekday/author;
#   hgb:    HistGradientBoosting on 64 SVD components of that tf-idf + domain, author (categorical,
#           top 250 each), hour, weekday, title length.
# Prints one JSON line. Run with Debian's python3-sklearn:
#   /usr/bin/python3 scripts/peers/hn_sklearn.py ../shared/data/hn-posts-2015-2016.csv
import csv, json, re, sys, time
from datetime import datetime, timezone
import numpy as np
from scipy.sparse import hstack
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score, accuracy_score, f1_score
from sklearn.preprocessing import OneHotEncoder

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def ts(s): return datetime.strptime(s, "%m/%d/%Y %H:%M").replace(tzinfo=timezone.utc)
for r in rows: r["t"] = ts(r["created_at"])
rows.sort(key=lambda r: (r["t"], r["id"]))
cut = round(len(rows) * 0.8)
def domain(u):
    m = re.match(r"^[a-z]+://([^/:?#]+)", u.strip(), re.I)
    return re.sub(r"^www\.", "", m.group(1).lower()) if m else "(self)"
def bins(p): return np.digitize(p, [10, 100, 1000])
y = bins(np.array([int(r["num_points"]) for r in rows]))
cats = np.array([[domain(r["url"]), str(r["t"].hour), str(r["t"].weekday()), r["author"] or "(none)"] for r in rows])
titles = [r["title"] for r in rows]
tr, te = slice(0, cut), slice(cut, None)

def report(p, t0):
    return {"accuracy": accuracy_score(y[te], p.argmax(1)), "macroF1": f1_score(y[te], p.argmax(1), average="macro"),
            "logLoss": log_loss(y[te], p, labels=[0, 1, 2, 3]), "auc100": roc_auc_score(y[te] >= 2, p[:, 2:].sum(1)), "seconds": time.time() - t0}

t0 = time.time()
tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(titles[tr])
T = tfidf.transform(titles)
oh = OneHotEncoder(handle_unknown="ignore", min_frequency=3).fit(cats[tr])
X = hstack([T, oh.transform(cats)]).tocsr()
lr = LogisticRegression(C=1.0, max_iter=2000).fit(X[tr], y[tr])
out = {"rows": {"train": cut, "test": len(rows) - cut}, "logreg": report(lr.predict_proba(X[te]), t0)}

t0 = time.time()
svd = TruncatedSVD(64, random_state=0).fit(T[tr])
S = svd.transform(T)
def codes(col):
    vals, counts = np.unique(col[tr], return_counts=True)
    keep = {v: i for i, v in enumerate(vals[np.argsort(-counts)][:250])}
    return np.array([keep.get(v, 250) for v in col], dtype=float)
D = np.column_stack([S, codes(cats[:, 0]), codes(cats[:, 3]), cats[:, 1].astype(float), cats[:, 2].astype(float), [len(t) for t in titles]])
hgb = HistGradientBoostingClassifier(categorical_features=[64, 65], random_state=0).fit(D[tr], y[tr])
out["hgb"] = report(hgb.predict_proba(D[te]), t0)
out["hgb"]["rounds"] = int(hgb.n_iter_)
print(json.dumps(out))
