#!/usr/bin/python3
"""Reference values for the one-vs-rest part of sql/classify/svm.sql
(scikit-learn 1.2.1 LinearSVC, multi_class='ovr', the LIBLINEAR dual
coordinate descent per class against the rest), on the data of
test/classify/svm.py with a three-class target:
  seg = 'high' when x1 > 60, else 'mid' when x2 > 0.5, else 'low',
  except every 7th id (id % 7 = 0) moved to the next class in
  (high, low, mid) order (noise),
features x1, x2, x3, member z-scored with the population standard
deviation (StandardScaler).  tol 1e-10 and max_iter 1e6 so that LIBLINEAR
reaches the optimum.  Prints per setting the coefficient matrix (classes
sorted: high, low, mid), the intercepts, the predicted class counts and the
decision value of class 'mid' for id 1."""
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

ids = np.arange(1, 601)
x1 = ((ids * 7919) % 1000) / 10.0
x2 = ((ids * 104729) % 997) / 997.0
x3 = ((ids * 31337) % 211) / 7.0
member = ((ids * 17) % 3 == 0).astype(float)
seg = np.where(x1 > 60, 'high', np.where(x2 > 0.5, 'mid', 'low'))
nxt = {'high': 'low', 'low': 'mid', 'mid': 'high'}
seg = np.array([nxt[s] if i % 7 == 0 else s for s, i in zip(seg, ids)])
X = StandardScaler().fit_transform(np.c_[x1, x2, x3, member])
for name, kw in [("squared_hinge C=1", dict(C=1.0)),
                 ("hinge C=0.5", dict(C=0.5, loss="hinge")),
                 ("squared_hinge C=2 balanced", dict(C=2.0, class_weight="balanced"))]:
    m = LinearSVC(tol=1e-10, max_iter=1000000, random_state=0, **kw).fit(X, seg)
    pred = m.predict(X)
    print(name, "classes", list(m.classes_))
    print("  coef", [[repr(v) for v in row] for row in m.coef_])
    print("  intercept", [repr(v) for v in m.intercept_], "n_iter", m.n_iter_)
    print("  predicted", {c: int((pred == c).sum()) for c in m.classes_},
          "decision mid id 1", repr(m.decision_function(X[:1])[0][2]))
print("class counts", {c: int((seg == c).sum()) for c in np.unique(seg)})
