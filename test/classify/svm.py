#!/usr/bin/python3
"""Reference values for sql/classify/svm.sql (scikit-learn 1.2.1 LinearSVC,
the LIBLINEAR dual coordinate descent), on the data of test/classify/tree.py
with member = (id*17) % 3 = 0 as a fourth (boolean) feature, features
z-scored with the population standard deviation (StandardScaler).
tol 1e-10 and max_iter 1e6 so that LIBLINEAR reaches the optimum."""
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

ids = np.arange(1, 601)
x1 = ((ids * 7919) % 1000) / 10.0
x2 = ((ids * 104729) % 997) / 997.0
x3 = ((ids * 31337) % 211) / 7.0
member = ((ids * 17) % 3 == 0).astype(float)
regions = np.array(['north', 'south', 'east', 'west', 'centre'])
region = regions[(ids * 13) % 5]
y = ((x1 > 50).astype(int) + (x2 > 0.6) + np.isin(region, ['south', 'east']) + ((ids * 7) % 5 == 0)) >= 2
X = StandardScaler().fit_transform(np.c_[x1, x2, x3, member])
for name, kw in [("squared_hinge C=1", dict(C=1.0)),
                 ("hinge C=0.5", dict(C=0.5, loss="hinge")),
                 ("squared_hinge C=2 balanced", dict(C=2.0, class_weight="balanced"))]:
    m = LinearSVC(tol=1e-10, max_iter=1000000, random_state=0, **kw).fit(X, y)
    print(name, "coef", [repr(v) for v in m.coef_[0]], "intercept", repr(m.intercept_[0]),
          "n_iter", m.n_iter_, "positives predicted", int((m.decision_function(X) > 0).sum()))
