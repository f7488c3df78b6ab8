#!/usr/bin/python3
# Reference values for sql/abtest.sql (Debian's /usr/bin/python3: statsmodels
# 0.13.5, scipy 1.10.1, mpmath 1.2.1).  Prints the VALUES rows of the test.
import numpy as np
import mpmath as mp
import scipy.stats as st
from scipy.optimize import brentq
from scipy.stats.contingency import association
from statsmodels.stats.proportion import (proportions_ztest, confint_proportions_2indep,
                                          power_proportions_2indep)

mp.mp.dps = 40


def t_quantile_mp(p, df):
    """accurate t quantile (scipy's t.ppf is good to ~1e-11 only)"""
    df = mp.mpf(df)
    q = mp.mpf(p)
    f = lambda x: mp.betainc(df / 2, mp.mpf(0.5), 0, df / (df + x * x), regularized=True) / 2 - q
    return mp.findroot(f, -st.t.ppf(p, float(df)))   # upper critical value, > 0


print("-- proportions: (conversions_a, visitors_a, conversions_b, visitors_b, alpha,")
print("--   rate_a, rate_b, z, p_value, ci_lower, ci_upper)")
rows = []
for ca, na, cb, nb, alpha in [(80, 1000, 120, 1000, 0.05), (200, 10000, 250, 10000, 0.05),
                              (200, 10000, 250, 10000, 0.01), (45, 1200, 30, 800, 0.05),
                              (12000, 1000000, 12400, 1000000, 0.05),
                              (0, 500, 10, 500, 0.05), (100, 10000, 400, 10000, 0.05),
                              (37, 37, 30, 41, 0.1)]:
    z, p = proportions_ztest([cb, ca], [nb, na])           # pooled SE, two-sided, B - A
    lo, hi = confint_proportions_2indep(cb, nb, ca, na, method='wald', compare='diff', alpha=alpha)
    rows.append("  (%d, %d, %d, %d, %r, %r, %r, %r, %r, %r, %r)" % (ca, na, cb, nb, alpha, ca / na, cb / nb,
                                                               float(z), float(p), float(lo), float(hi)))
print(",\n".join(rows) + ";")

print("-- welch: (mean_a, sd_a, n_a, mean_b, sd_b, n_b, alpha, t, df, p_value, ci_lower, ci_upper)")
rows = []
for ma, sa, na, mb, sb, nb, alpha in [(52.3, 18.4, 1200, 54.1, 21.7, 1150, 0.05),
                                      (10.0, 2.0, 12, 12.5, 6.0, 9, 0.05),
                                      (3.2, 1.1, 40000, 3.25, 1.3, 38000, 0.01),
                                      (100.0, 15.0, 5, 80.0, 15.0, 5, 0.05),
                                      (0.0, 1.0, 30, 1e-3, 1.0, 30, 0.2)]:
    t, p = st.ttest_ind_from_stats(mb, sb, nb, ma, sa, na, equal_var=False)
    va, vb = sa * sa / na, sb * sb / nb
    df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    tq = t_quantile_mp(alpha / 2, df)
    se = mp.sqrt(mp.mpf(va) + mp.mpf(vb))
    d = mp.mpf(mb) - mp.mpf(ma)
    rows.append("  (%r, %r, %d, %r, %r, %d, %r, %r, %r, %r, %r, %r)" % (
        ma, sa, na, mb, sb, nb, alpha, float(t), float(df), float(p), float(d - tq * se), float(d + tq * se)))
print(",\n".join(rows) + ";")

print("-- chi-square: (conversions, visitors, chi_square, df, p_value, cramers_v)")
rows = []
for conv, vis in [([80, 120], [1000, 1000]), ([200, 250, 230], [10000, 10000, 10000]),
                  ([31, 45, 29, 52], [1000, 1100, 950, 1020]), ([100, 400], [10000, 10000]),
                  ([0, 10, 5], [500, 500, 500])]:
    conv, vis = np.array(conv), np.array(vis)
    table = np.array([conv, vis - conv])
    chi2, p, dof, _ = st.chi2_contingency(table, correction=False)
    v = association(table, method='cramer', correction=False)
    rows.append("  ('%s', '%s', %r, %d, %r, %r)" % ("{" + ",".join(map(str, conv)) + "}",
                                                   "{" + ",".join(map(str, vis)) + "}",
                                                   float(chi2), dof, float(p), float(v)))
print(",\n".join(rows) + ";")

print("-- sample size: (baseline_rate, effect, alpha, power, relative, n_exact, n_per_arm)")
print("--   n_exact solves statsmodels power_proportions_2indep(...).power = power (two-sided)")
rows = []
for p1, mde, alpha, power, rel in [(0.08, 0.04, 0.05, 0.8, False), (0.10, 0.10, 0.05, 0.8, True),
                                   (0.05, 0.01, 0.01, 0.9, False), (0.50, -0.05, 0.05, 0.8, False),
                                   (0.02, 0.20, 0.05, 0.8, True), (0.30, 0.20, 0.10, 0.95, False)]:
    p2 = p1 * (1 + mde) if rel else p1 + mde
    f = lambda n: power_proportions_2indep(p2 - p1, p1, n, alpha=alpha).power - power
    n_exact = brentq(f, 2, 1e9, xtol=1e-10, rtol=1e-14)
    rows.append("  (%r, %r, %r, %r, %s, %r, %d)" % (p1, mde, alpha, power, str(rel).lower(), n_exact,
                                                   int(np.ceil(n_exact))))
print(",\n".join(rows) + ";")
