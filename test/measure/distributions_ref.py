#!/usr/bin/python3
# Reference values for sql/distributions.sql (Debian's /usr/bin/python3:
# scipy 1.10.1, mpmath 1.2.1).  Every case is computed with scipy.stats and
# checked against mpmath at 40 digits; where scipy itself is off by more than
# 1e-13 relative (t.ppf is accurate to ~1e-9 only, F with df2 ~ 1e7, far
# chi-square tails) the mpmath value is the reference and the row says so.
# Prints the VALUES rows of the test.
import mpmath as mp
import scipy.stats as st

mp.mp.dps = 40
M = mp.mpf


def t_sf_mp(t, df):
    t, df = M(t), M(df)
    if t == 0:
        return M(0.5)
    up = mp.betainc(df / 2, M(0.5), 0, df / (df + t * t), regularized=True) / 2
    return up if t > 0 else 1 - up


def mp_ref(fn, a, b, c):
    if fn == "normal_cdf":
        return mp.ncdf(M(a))
    if fn == "normal_sf":
        return mp.ncdf(-M(a))
    if fn == "normal_quantile":
        p = M(a)
        if p == 0.5:
            return M(0)
        q = min(p, 1 - p)
        z = mp.findroot(lambda z: mp.log(mp.ncdf(-z)) - mp.log(q), abs(st.norm.ppf(float(q))))
        return -z if p < 0.5 else z
    if fn == "t_cdf":
        return t_sf_mp(-a, b)
    if fn == "t_sf":
        return t_sf_mp(a, b)
    if fn == "t_quantile":
        p, df = M(a), M(b)
        if p == 0.5:
            return M(0)
        q = min(p, 1 - p)
        x0 = abs(st.t.ppf(float(q), float(df)))
        u = mp.findroot(lambda u: mp.log(t_sf_mp(mp.exp(u), df)) - mp.log(q), mp.log(x0))
        return -mp.exp(u) if p < 0.5 else mp.exp(u)
    if fn in ("f_cdf", "f_sf"):
        f, d1, d2 = M(a), M(b), M(c)
        if fn == "f_cdf":
            return mp.betainc(d1 / 2, d2 / 2, 0, d1 * f / (d1 * f + d2), regularized=True)
        return mp.betainc(d2 / 2, d1 / 2, 0, d2 / (d1 * f + d2), regularized=True)
    if fn == "chisq_cdf":
        return mp.gammainc(M(b) / 2, 0, M(a) / 2, regularized=True)
    if fn == "chisq_sf":
        return mp.gammainc(M(b) / 2, M(a) / 2, mp.inf, regularized=True)


def sp_ref(fn, a, b, c):
    return {"normal_cdf": lambda: st.norm.cdf(a), "normal_sf": lambda: st.norm.sf(a),
            "normal_quantile": lambda: st.norm.ppf(a),
            "t_cdf": lambda: st.t.cdf(a, b), "t_sf": lambda: st.t.sf(a, b),
            "t_quantile": lambda: st.t.ppf(a, b),
            "f_cdf": lambda: st.f.cdf(a, b, c), "f_sf": lambda: st.f.sf(a, b, c),
            "chisq_cdf": lambda: st.chi2.cdf(a, b), "chisq_sf": lambda: st.chi2.sf(a, b)}[fn]()


cases = []
for z in [-37.5, -20.0, -8.5, -1.959963984540054, -0.5, 0.0, 0.3, 1.5, 6.0, 10.0, 25.0, 37.5]:
    cases += [("normal_cdf", z, 0, 0), ("normal_sf", z, 0, 0)]
for p in [1e-300, 1e-100, 1e-50, 1e-10, 1e-5, 0.025, 0.3, 0.5, 0.6, 0.975, 0.999]:
    cases.append(("normal_quantile", p, 0, 0))
for df in [0.5, 1.0, 2.5, 5.0, 29.0, 1000.0, 1e6, 1.2e7]:
    for t in [-7.0, -1.96, 0.7, 2.5, 12.0, 1e6]:
        cases.append(("t_sf", t, df, 0))
    for t in [-12.0, -2.5, 1.96]:
        cases.append(("t_cdf", t, df, 0))
for df in [0.5, 1.0, 2.0, 3.7, 10.0, 29.0, 1000.0, 1e6]:
    for p in [1e-50, 1e-10, 0.025, 0.3, 0.4999999, 0.975]:
        cases.append(("t_quantile", p, df, 0))
for d1, d2 in [(1.0, 10.0), (2.0, 30.0), (3.0, 100.0), (5.0, 2.0), (0.5, 7.0), (50.0, 1000.0),
               (4.0, 1.2e7), (1000.0, 1000.0)]:
    for f in [0.01, 1.0, 3.0, 100.0]:
        cases += [("f_sf", f, d1, d2), ("f_cdf", f, d1, d2)]
for df in [0.3, 1.0, 2.0, 7.0, 100.0, 1e5]:
    for x in sorted({1e-5, 1.0, 3.84, df, 2 * df + 10, 300.0}):
        cases += [("chisq_sf", x, df, 0), ("chisq_cdf", x, df, 0)]

rows = []
for fn, a, b, c in cases:
    s = float(sp_ref(fn, a, b, c))
    try:
        m = mp_ref(fn, a, b, c)
    except Exception:       # mpmath's series gives up for huge parameters
        m = None
    if m is None:
        src, ref = "scipy (mpmath n/a)", s
    elif m == 0 or abs(m) < M(2.3e-308):
        src, ref = "scipy" if s == 0 else "exact", 0.0   # below the smallest normal double
    elif abs((M(s) - m) / m) <= 1e-13:
        src, ref = "scipy", s
    else:
        src, ref = "mpmath (scipy %.3e rel off)" % float(abs((M(s) - m) / m)), float(m)
    rows.append("  ('%s', %r, %r, %r, %r, '%s')" % (fn, a, b, c, ref, src))
print(",\n".join(rows))
