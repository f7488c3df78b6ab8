#!/usr/bin/python3
"""Reference values for sql/ols.sql: statsmodels OLS on a fixed small data set.

The data (40 rows, 3 regressors, 4 decimals so both sides read the same
numbers) is printed as the VALUES list used in sql/ols.sql, followed by the
statsmodels figures the test compares against.
"""
import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(20261122)
n = 40
x1 = np.round(rng.uniform(0, 10, n), 4)
x2 = np.round(rng.uniform(-2, 2, n), 4)
x3 = np.round(rng.normal(3, 1, n), 4)
y = np.round(1.5 + 0.75 * x1 - 0.35 * x2 + 0.65 * x3 + rng.normal(0, 1.2, n), 4)
print(",\n".join("(%d, %r, %r, %r, %r)" % (i + 1, y[i], x1[i], x2[i], x3[i]) for i in range(n)))
X = np.column_stack([x1, x2, x3])
for const in (True, False):
    res = sm.OLS(y, sm.add_constant(X) if const else X).fit()
    print("intercept", const)
    fmt = lambda a: "{" + ",".join(repr(float(v)) for v in a) + "}"
    print(" coefficients", fmt(res.params))
    print(" std_errors", fmt(res.bse))
    print(" t_values", fmt(res.tvalues))
    print(" p_values", fmt(res.pvalues))
    for k in ("rsquared", "rsquared_adj", "fvalue", "f_pvalue", "llf", "aic", "bic", "condition_number"):
        print(" ", k, repr(float(getattr(res, k))))
    print("  resid_se", repr(float(np.sqrt(res.mse_resid))), "df_model", res.df_model, "df_resid", res.df_resid)
