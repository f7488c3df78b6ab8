#!/usr/bin/python3
"""test/lifetime/btyd_ref.py: the independent reference behind
sql/lifetime/*.sql (Debian's python3-numpy / python3-scipy only).

Written from the papers' formulas, not from pmkt's code:
  BG/NBD   Fader, Hardie and Lee (2005), "Counting your customers the easy
           way", eq. (6) for the likelihood, (10) for E[Y(t) | x, t_x, T],
           P(alive) from the note "Computing P(alive) using the BG/NBD model"
  MBG/NBD  Batislam, Denizel and Filiztekin (2007), eq. for L and E[Y(t)]
  Gamma-Gamma  Fader, Hardie and Lee (2005 note) "The Gamma-Gamma model of
           monetary value", eq. (1) marginal of the mean spend, (5) E[M|...]
  CLV      lifetimes' customer_lifetime_value (monthly discounting)
Likelihoods use scipy.special.betaln / gammaln directly (no tables), the
gradient is by complex step (loggamma on complex arguments), the fit is
scipy.optimize.minimize(BFGS) from log-parameters 0 to gtol 1e-11, the
predictions use scipy.special.hyp2f1 in lifetimes' original (untransformed)
form.

Data sets are simulated here with a fixed numpy seed and printed as SQL
VALUES lists (python3 btyd_ref.py data NAME), the reference figures as
text (python3 btyd_ref.py ref NAME).
"""
import sys
import numpy as np
from scipy.special import loggamma, hyp2f1, gammaln
from scipy.optimize import minimize


def clog(z):
    return np.log(z + 0j)


def lse(a, b):
    m = np.maximum(a.real, b.real)
    return m + np.log(np.exp(a - m) + np.exp(b - m))


def lbeta(a, b):
    return loggamma(a) + loggamma(b) - loggamma(a + b)


def ll_bgnbd(p, x, tx, T):
    r, al, a, b = p
    base = loggamma(r + x) - loggamma(r) + r * clog(al) + lbeta(a, b + x) - lbeta(a, b)
    t1 = -(r + x) * clog(al + T)
    t2 = clog(a) - clog(b + np.maximum(x, 1) - 1) - (r + x) * clog(al + tx)
    t2 = np.where(x > 0, t2, -1e300)
    return base + lse(t1, t2)


def ll_mbgnbd(p, x, tx, T):
    r, al, a, b = p
    base = loggamma(r + x) - loggamma(r) + r * clog(al) + lbeta(a, b + x + 1) - lbeta(a, b)
    t1 = -(r + x) * clog(al + T)
    t2 = clog(a) - clog(b + x) - (r + x) * clog(al + tx)
    return base + lse(t1, t2)


def ll_gg(p, x, m):
    pp, q, v = p
    return (loggamma(pp * x + q) - loggamma(pp * x) - loggamma(q) + q * clog(v)
            + (pp * x - 1) * clog(m) + pp * x * clog(x) - (pp * x + q) * clog(x * m + v))


def fit(llf, data, k, pen=0.0):
    n = len(data[0])

    def f(th):
        p = np.exp(th)
        return -np.sum(llf(p, *data)) / n + pen * np.sum(p ** 2)

    def fr(th):
        return float(f(th).real)

    def jac(th):
        g = np.zeros(k)
        for j in range(k):
            t = th.astype(complex)
            t[j] += 1e-30j
            g[j] = f(t).imag / 1e-30
        return g
    res = minimize(fr, np.zeros(k), jac=jac, method='BFGS', options=dict(gtol=1e-11, maxiter=5000))
    th = res.x
    # Newton polish on the complex-step Hessian of the gradient (central differences)
    for _ in range(3):
        H = np.zeros((k, k))
        for j in range(k):
            e = np.zeros(k); e[j] = 1e-5
            H[:, j] = (jac(th + e) - jac(th - e)) / 2e-5
        th = th - np.linalg.solve((H + H.T) / 2, jac(th))
    p = np.exp(th)
    H = np.zeros((k, k))
    for j in range(k):
        e = np.zeros(k); e[j] = 1e-5
        H[:, j] = (jac(th + e) - jac(th - e)) / 2e-5
    cov = np.linalg.inv(n * (H + H.T) / 2)
    se = p * np.sqrt(np.diag(cov))
    return p, float(np.sum(llf(p, *data)).real), se, float(np.max(np.abs(jac(th))))


# predictions, lifetimes' original formulas with scipy's hyp2f1
def ep_bgnbd(p, t, x, tx, T):
    r, al, a, b = p
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (al + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - hyp * ((al + T) / (al + T + t)) ** (r + x))
    den = 1 + (x > 0) * a / (b + np.maximum(x, 1) - 1) * ((al + T) / (al + tx)) ** (r + x)
    return num / den


def pa_bgnbd(p, x, tx, T):
    r, al, a, b = p
    return 1 / (1 + (x > 0) * a / (b + np.maximum(x, 1) - 1) * ((al + T) / (al + tx)) ** (r + x))


def ep_mbgnbd(p, t, x, tx, T):
    r, al, a, b = p
    hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (al + T + t))
    num = (a + b + x) / (a - 1) * (1 - hyp * ((al + T) / (al + T + t)) ** (r + x))
    return num / (1 + a / (b + x) * ((al + T) / (al + tx)) ** (r + x))


def pa_mbgnbd(p, x, tx, T):
    r, al, a, b = p
    return 1 / (1 + a / (b + x) * ((al + T) / (al + tx)) ** (r + x))


def spend(g, x, m):
    pp, q, v = g
    w = pp * x / (pp * x + q - 1)
    return (1 - w) * v * pp / (q - 1) + w * m


def clv(ep, p, g, x, tx, T, m, months=12, d=0.01, factor=30.0):
    s = spend(g, x, m)
    tot, prev = 0.0, 0.0
    for i in range(1, months + 1):
        e = ep(p, i * factor, x, tx, T)
        tot += s * (e - prev) / (1 + d) ** i
        prev = e
    return tot


# ---------------------------------------------------------------- data sets
def sim_bgnbd(n, r, al, a, b, Tmax, seed, mbg=False, whole=True):
    """BG/NBD generative process (FHL 2005 section 3), optionally MBG
    (dropout possible right after the first purchase)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        lam = rng.gamma(r, 1 / al)
        pdie = rng.beta(a, b)
        T = float(rng.integers(1, Tmax + 1)) if whole else rng.uniform(1, Tmax)
        t, times = 0.0, []
        alive = not (mbg and rng.random() < pdie)
        while alive:
            t += rng.exponential(1 / lam)
            if t > T:
                break
            times.append(t)
            if rng.random() < pdie:
                alive = False
        if whole:
            times = sorted(set(int(np.ceil(s)) for s in times if int(np.ceil(s)) <= T))
        x = len(times)
        tx = float(times[-1]) if x else 0.0
        amount = rng.gamma(6.0, 1 / (rng.gamma(3.7, 1 / 15.0))) if x else 0.0
        rows.append((i + 1, x, tx, T, round(float(amount), 2)))
    return rows


DATASETS = {
    # CDNOW-like: the published BG/NBD estimates, 39 weeks, 2357 customers would be
    # too big for a regression test: 600 customers, ages 27..39 weeks (fractional)
    'cdnow_like': lambda: sim_bgnbd(600, 0.243, 4.414, 0.793, 2.426, 39, 1, whole=False),
    # whole days (the table path), stronger heterogeneity
    'days': lambda: sim_bgnbd(500, 0.8, 30.0, 1.5, 6.0, 365, 2),
    'mbg': lambda: sim_bgnbd(500, 1.2, 20.0, 0.9, 3.0, 200, 3, mbg=True),
}


def fix_age(rows):
    # the simulated ages of customers that were never born are kept; T >= 1
    return [(c, x, tx, max(T, tx), m) for c, x, tx, T, m in rows]


def load(name):
    rows = fix_age(DATASETS[name]())
    a = np.array([[x, tx, T, m] for _, x, tx, T, m in rows], dtype=float)
    return rows, a[:, 0], a[:, 1], a[:, 2], a[:, 3]


def main():
    np.set_printoptions(precision=17)
    what, name = sys.argv[1], sys.argv[2]
    if what == 'data':
        rows, *_ = load(name)
        print(',\n'.join('(%d, %d, %r, %r, %r)' % r for r in rows))
        return
    rows, x, tx, T, m = load(name)
    pen = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    for label, llf in (('bgnbd', ll_bgnbd), ('mbgnbd', ll_mbgnbd)):
        p, ll, se, g = fit(llf, (x, tx, T), 4, pen)
        print(label, 'params', repr(list(p)), 'll', repr(ll), 'se', repr(list(se)), 'grad', g)
        ep, pa = (ep_bgnbd, pa_bgnbd) if label == 'bgnbd' else (ep_mbgnbd, pa_mbgnbd)
        for i in (0, 1, 2, 10, 50):
            print('  cust', rows[i][0], 'x tx T', x[i], tx[i], T[i], 'E(10)', repr(float(ep(p, 10.0, x[i], tx[i], T[i]))),
                  'E(100)', repr(float(ep(p, 100.0, x[i], tx[i], T[i]))), 'P(alive)', repr(float(pa(p, x[i], tx[i], T[i]))))
    rep = x > 0
    g, ll, se, gr = fit(ll_gg, (x[rep], m[rep]), 3, pen)
    print('gamma_gamma params', repr(list(g)), 'll', repr(ll), 'se', repr(list(se)), 'grad', gr,
          'corr', repr(float(np.corrcoef(x[rep], m[rep])[0, 1])), 'n', int(rep.sum()))
    pb = fit(ll_bgnbd, (x, tx, T), 4, pen)[0]
    for i in (0, 1, 2, 10):
        print('  cust', rows[i][0], 'spend', repr(float(spend(g, x[i], m[i]))),
              'clv', repr(float(clv(ep_bgnbd, pb, g, x[i], tx[i], T[i], m[i], factor=float(sys.argv[4]) if len(sys.argv) > 4 else 30.0))))


if __name__ == '__main__' and sys.argv[1] in ('data', 'ref'):
    main()


def sql_refs():
    """python3 btyd_ref.py sqlref: the reference figures as SQL rows for
    sql/lifetime/btyd.sql (lt_ref_fit, lt_ref_pred)."""
    fits, preds = [], []
    for name, pen in (('days', 0.0), ('cdnow_like', 0.0), ('mbg', 0.0), ('mbg', 0.01)):
        rows, x, tx, T, m = load(name)
        for label, llf, ep, pa in (('bgnbd', ll_bgnbd, ep_bgnbd, pa_bgnbd), ('mbgnbd', ll_mbgnbd, ep_mbgnbd, pa_mbgnbd)):
            p, ll, se, g = fit(llf, (x, tx, T), 4, pen)
            fits.append("('%s', %r, '%s', '{%s}', '{%s}', %r)" % (name, pen, label, ','.join(repr(float(v)) for v in p),
                                                                  ','.join(repr(float(v)) for v in se), ll))
            if pen == 0.0:
                for i in (0, 1, 2, 10, 50):
                    preds.append("('%s', '%s', %d, %r, %r, %r)" % (name, label, rows[i][0],
                                 float(ep(p, 10.0, x[i], tx[i], T[i])), float(ep(p, 100.0, x[i], tx[i], T[i])),
                                 float(pa(p, x[i], tx[i], T[i]))))
        rep = x > 0
        g, ll, se, gr = fit(ll_gg, (x[rep], m[rep]), 3, pen)
        fits.append("('%s', %r, 'gamma_gamma', '{%s}', '{%s}', %r)" % (name, pen, ','.join(repr(float(v)) for v in g),
                                                                      ','.join(repr(float(v)) for v in se), ll))
        if name == 'days':
            pb = fit(ll_bgnbd, (x, tx, T), 4, 0.0)[0]
            for i in (0, 1, 2, 10, 50):
                preds.append("('days', 'clv', %d, %r, %r, NULL)" % (rows[i][0], float(spend(g, x[i], m[i])),
                             float(clv(ep_bgnbd, pb, g, x[i], tx[i], T[i], m[i]))))
    print('INSERT INTO lt_ref_fit VALUES\n' + ',\n'.join(fits) + ';')
    print('INSERT INTO lt_ref_pred VALUES\n' + ',\n'.join(preds) + ';')


if __name__ == '__main__' and sys.argv[1] == 'sqlref':
    sql_refs()


def calib():
    """python3 btyd_ref.py calib: sql/lifetime/btyd.sql's pmkt.clv_calibration check.
    Calibration = ds_days (orders rebuilt from it), holdout 30 days in which customer c
    buys on 2 distinct days when c % 3 = 0, on 1 day when c % 3 = 1, else never;
    prediction = E[Y(30)] with the BG/NBD fit of ds_days."""
    rows, x, tx, T, m = load('days')
    p = fit(ll_bgnbd, (x, tx, T), 4)[0]
    pred = ep_bgnbd(p, 30.0, x, tx, T)
    act = np.array([2.0 if c % 3 == 0 else 1.0 if c % 3 == 1 else 0.0 for c, *_ in rows])
    for f in range(4):
        s = x == f
        print('frequency', f, 'customers', int(s.sum()), 'pred mean', repr(float(pred[s].mean())),
              'actual mean', repr(float(act[s].mean())))
    print('all customers', len(x), 'pred total', repr(float(pred.sum())), 'actual total', act.sum())


if __name__ == '__main__' and sys.argv[1] == 'calib':
    calib()
