#!/usr/bin/python3
"""Reference values for sql/classify/tree.sql (scikit-learn 1.2.1, Debian).

Data (same closed formulas as the test), id 1..600:
  x1 = ((id*7919) % 1000) / 10.0, x2 = ((id*104729) % 997) / 997.0,
  x3 = ((id*31337) % 211) / 7.0,
  region = ['north','south','east','west','centre'][(id*13) % 5],
  y = (x1 > 50) + (x2 > 0.6) + (region in ('south','east')) + ((id*7) % 5 == 0) >= 2
"""
import itertools
import numpy as np
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import roc_auc_score

ids = np.arange(1, 601)
x1 = ((ids * 7919) % 1000) / 10.0
x2 = ((ids * 104729) % 997) / 997.0
x3 = ((ids * 31337) % 211) / 7.0
regions = np.array(['north', 'south', 'east', 'west', 'centre'])
region = regions[(ids * 13) % 5]
y = ((x1 > 50).astype(int) + (x2 > 0.6) + np.isin(region, ['south', 'east']) + ((ids * 7) % 5 == 0)) >= 2
X = np.c_[x1, x2, x3]
print("positives", y.sum())

def show(name, clf):
    clf.fit(X, y)
    p = clf.predict_proba(X)[:, 1]
    print(name, "leaves", clf.get_n_leaves(), "depth", clf.get_depth(),
          "sum_p", repr(p.sum()), "sum_id_p", repr((p * ids).sum()),
          "auc", repr(roc_auc_score(y, p)))
    print(name, "importances", [repr(v) for v in clf.feature_importances_])
    return clf

c = show("depth3", DecisionTreeClassifier(max_depth=3, random_state=0))
t = c.tree_
print("root split feature", t.feature[0], "threshold", repr(t.threshold[0]))
show("entropy_leaf20_balanced", DecisionTreeClassifier(criterion="entropy", min_samples_leaf=20,
                                                      class_weight="balanced", random_state=0))
full = DecisionTreeClassifier(random_state=0).fit(X, y)
print("full leaves", full.get_n_leaves())
show("ccp0.005", DecisionTreeClassifier(ccp_alpha=0.005, random_state=0))
show("split40", DecisionTreeClassifier(min_samples_split=40, max_depth=6, random_state=0))

# categorical split by brute force: best gini partition of region (depth 1)
def gini(mask):
    n = mask.sum()
    if n == 0:
        return 0
    p = y[mask].mean()
    return n * (1 - p * p - (1 - p) ** 2)
best = None
cats = list(regions)
for r in range(1, len(cats)):
    for left in itertools.combinations(cats, r):
        m = np.isin(region, left)
        g = gini(m) + gini(~m)
        if best is None or g < best[0] - 1e-12:
            best = (g, sorted(left))
print("best region split", best[1], "or its complement", sorted(set(cats) - set(best[1])), repr(best[0]))
for c_ in cats:
    m = region == c_
    print("region", c_, m.sum(), y[m].sum(), repr(y[m].mean()))
