#!/usr/bin/python3
"""Reference values for sql/logistic.sql: statsmodels Logit (Newton) on the
deterministic data set the test builds in SQL:

  i = 1..3000
  x1 = ((i*37) % 101) / 10,  x2 = ((i*53) % 97) / 97,  x3 = (i*17) % 13
  eta = -2 + 0.3 x1 - 1.2 x2 + 0.15 x3
  u = ((i*1103515245 + 12345) % 2^31) / 2^31
  y = u < 1 / (1 + exp(-eta))

(the same IEEE operations in the same order, and glibc's exp through
math.exp, so both sides see the same rows).
"""
import math
import numpy as np
import statsmodels.api as sm

rows = []
for i in range(1, 3001):
    x1 = float((i * 37) % 101) / 10.0
    x2 = float((i * 53) % 97) / 97.0
    x3 = float((i * 17) % 13)
    eta = -2 + 0.3 * x1 - 1.2 * x2 + 0.15 * x3
    u = float((i * 1103515245 + 12345) % 2147483648) / 2147483648.0
    y = 1.0 if u < 1 / (1 + math.exp(-eta)) else 0.0
    rows.append((x1, x2, x3, y))
a = np.array(rows)
X, y = a[:, :3], a[:, 3]
print("sum y", y.sum())
fmt = lambda v: "{" + ",".join(repr(float(t)) for t in v) + "}"
for const in (True, False):
    res = sm.Logit(y, sm.add_constant(X) if const else X).fit(disp=0, tol=1e-12, maxiter=100)
    print("intercept", const, "iterations", res.mle_retvals["iterations"])
    for k in ("params", "bse", "tvalues", "pvalues"):
        print(" ", k, fmt(getattr(res, k)))
    print("  odds", fmt(np.exp(res.params)))
    for k in ("llf", "llnull", "prsquared", "aic"):
        print(" ", k, repr(float(getattr(res, k))))
    print("  predict(x=[5,0.5,6])", repr(float(res.predict(np.array([[1, 5, 0.5, 6]] if const else [[5, 0.5, 6]]))[0])))
