#!/usr/bin/python3
"""Reference values for sql/model/robust.sql (issue 16, point 3).

The data are the deterministic rows the test builds with generate_series
(integers and exact binary fractions, so SQL and numpy read the same doubles):
  i = 1..40, x1 = ((37 i) mod 17) / 4, x2 = ((i^2) mod 11) - 5,
  y  = 1 + 0.5 x1 - 0.3 x2 + (((53 i) mod 23) - 11) * (0.1 + 0.05 x1)
  c  = 1 if ((71 i) mod 19) / 19 < 1 / (1 + exp(-(-0.5 + 0.4 x1 - 0.2 x2))) else 0
OLS: statsmodels OLS(...).fit(cov_type='HC0'..'HC3', use_t=True) (bse, F, 90 % CI).
Logistic: statsmodels Logit (bse, cov, llr, llr_pvalue, nested LR, HC0 sandwich);
statsmodels 0.13 returns the HC0 sandwich for every HC type of Logit/GLM, so
HC1-HC3 come from numpy written from the R sandwich::vcovHC formulas:
  HC1 = n/(n-p) HC0; HC2/HC3 weight (y - mu)^2 by 1/(1-h), 1/(1-h)^2 with
  h = mu (1 - mu) x' (X'WX)^-1 x.
Run: /usr/bin/python3 test/model/robust_ref.py
"""
import numpy as np
import statsmodels.api as sm
from scipy import stats

np.set_printoptions(precision=17)
i = np.arange(1, 41, dtype=float)
x1 = ((37 * i) % 17) / 4
x2 = ((i * i) % 11) - 5
y = 1 + 0.5 * x1 - 0.3 * x2 + (((53 * i) % 23) - 11) * (0.1 + 0.05 * x1)
pr = 1 / (1 + np.exp(-(-0.5 + 0.4 * x1 - 0.2 * x2)))
c = (((71 * i) % 19) / 19 < pr).astype(float)
X = sm.add_constant(np.column_stack([x1, x2]))
n, p = X.shape

print("OLS")
r = sm.OLS(y, X).fit()
print(" classical cov", repr(r.cov_params().ravel()))
for hc in ["HC0", "HC1", "HC2", "HC3"]:
    rr = sm.OLS(y, X).fit(cov_type=hc, use_t=True)
    print(" %s bse %r" % (hc, rr.bse))
    print("     F %r  F p %r" % (float(rr.fvalue), float(rr.f_pvalue)))
    print("     p %r" % (rr.pvalues,))
    print("     90%% CI low %r" % (rr.conf_int(0.10)[:, 0],))
    print("     cov01 %r" % (rr.cov_params()[0, 1],))
print(" classical 90%% CI %r %r" % (r.conf_int(0.10)[:, 0], r.conf_int(0.10)[:, 1]))

print("Logistic")
L = sm.Logit(c, X).fit(disp=0, tol=1e-12, maxiter=100)
print(" params", repr(L.params))
print(" bse", repr(L.bse))
print(" cov", repr(L.cov_params().ravel()))
print(" llr %r llr_pvalue %r df %r" % (L.llr, L.llr_pvalue, L.df_model))
# statsmodels fits the null model iteratively (llnull to ~1e-10); the
# intercept-only log-likelihood has the closed form n (ybar log ybar + (1-ybar) log(1-ybar))
yb = c.mean()
ll0 = n * (yb * np.log(yb) + (1 - yb) * np.log(1 - yb))
print(" closed-form llnull %r (statsmodels %r): LR %r p %r" % (ll0, L.llnull, 2 * (L.llf - ll0), stats.chi2.sf(2 * (L.llf - ll0), 2)))
L1 = sm.Logit(c, X[:, :2]).fit(disp=0, tol=1e-12, maxiter=100)
lr = 2 * (L.llf - L1.llf)
print(" nested LR (x1 only vs x1+x2) %r p %r" % (lr, stats.chi2.sf(lr, 1)))
print(" 90%% Wald CI %r %r" % (L.conf_int(0.10)[:, 0], L.conf_int(0.10)[:, 1]))
print(" odds ratio CI 90%% %r %r" % (np.exp(L.conf_int(0.10)[:, 0]), np.exp(L.conf_int(0.10)[:, 1])))
Lh = sm.Logit(c, X).fit(disp=0, tol=1e-12, maxiter=100, cov_type="HC0")
print(" statsmodels HC0 bse", repr(Lh.bse))
mu = 1 / (1 + np.exp(-X @ L.params))
B = np.linalg.inv(X.T @ (X * (mu * (1 - mu))[:, None]))
h = mu * (1 - mu) * np.einsum("ij,jk,ik->i", X, B, X)
e2 = (c - mu) ** 2
for name, w, k in [("HC0", e2, 1), ("HC1", e2, n / (n - p)),
                   ("HC2", e2 / (1 - h), 1), ("HC3", e2 / (1 - h) ** 2, 1)]:
    V = k * B @ (X.T @ (X * w[:, None])) @ B
    print(" numpy %s bse %r" % (name, np.sqrt(np.diag(V))))
