#!/usr/bin/python3
"""test/lifetime/pnbd_ref.py: the independent reference behind
sql/lifetime/pnbd.sql (Debian's python3-numpy / python3-scipy only).

Pareto/NBD, written from the papers, not from pmkt's code:
  Schmittlein, Morrison and Colombo (1987), "Counting your customers: who
  are they and what will they do next?", and Fader, Hardie and Lee (2005),
  "A note on deriving the Pareto/NBD model and related expressions":
  likelihood eq. (22) with A0 from (23) (alpha >= beta) and (24)
  (alpha < beta), P(alive) eq. (18), E[Y(t) | x, t_x, T] eq. (21).
The hypergeometric function is scipy.special.hyp2f1 (Cephes / Zhang-Jin),
not a series of ours; the gradient is by five-point central differences of the
log-likelihood (step 1e-3 on the log-parameters), the fit
scipy.optimize.minimize(BFGS) from log-parameters 0, then Newton steps on
the Hessian from central differences of that gradient.  The objective is
lifetimes' -mean ln L + penalizer * sum(params^2).

Usage:
  python3 pnbd_ref.py sql     the data sets and reference figures as SQL
                              (written to test/lifetime/pnbd_data.sql)
  python3 pnbd_ref.py bench FILE.csv   time the fit on a CSV (x, t_x, T)
  python3 pnbd_ref.py simcsv N         N simulated customers as CSV (the bench's)
"""
import sys
import time
import numpy as np
from scipy.special import hyp2f1, gammaln
from scipy.optimize import minimize

sys.path.insert(0, __file__.rsplit('/', 1)[0] if '/' in __file__ else '.')
import btyd_ref  # noqa: E402  (the BG/NBD data sets ds_days, ds_cdnow_like)


def log_a0(p, x, tx, T):
    """ln A0 of FHL (2005 note) eq. (23) / (24), and ln of the first term."""
    r, al, s, be = p
    a = r + s + x
    if al >= be:
        b, z1, z2, w1, w2 = s + 1, (al - be) / (al + tx), (al - be) / (al + T), al + tx, al + T
    else:
        b, z1, z2, w1, w2 = r + x, (be - al) / (be + tx), (be - al) / (be + T), be + tx, be + T
    l1 = np.log(hyp2f1(a, b, a + 1, z1)) - a * np.log(w1)
    l2 = np.log(hyp2f1(a, b, a + 1, z2)) - a * np.log(w2)
    with np.errstate(divide='ignore'):
        la0 = l1 + np.log(-np.expm1(l2 - l1))        # -inf when t_x = T
    return la0


def ll_pnbd(p, x, tx, T):
    r, al, s, be = p
    first = -(r + x) * np.log(al + T) - s * np.log(be + T)
    second = np.log(s / (r + s + x)) + log_a0(p, x, tx, T)
    return gammaln(r + x) - gammaln(r) + r * np.log(al) + s * np.log(be) + np.logaddexp(first, second)


def p_alive(p, x, tx, T):
    r, al, s, be = p
    la0 = log_a0(p, x, tx, T)
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * np.exp(la0))


def expected(p, t, x, tx, T):
    r, al, s, be = p
    return ((r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1))
            * p_alive(p, x, tx, T))


def fit(x, tx, T, pen=0.0):
    n = len(x)

    def f(th):
        return -np.sum(ll_pnbd(np.exp(th), x, tx, T)) / n + pen * np.sum(np.exp(th) ** 2)

    def jac(th, h=1e-3):
        # five-point central differences: error O(h^4) + rounding O(eps / h)
        g = np.zeros(4)
        for j in range(4):
            e = np.zeros(4)
            e[j] = h
            g[j] = (8 * (f(th + e) - f(th - e)) - (f(th + 2 * e) - f(th - 2 * e))) / (12 * h)
        return g

    def hess(th, h=1e-4):
        H = np.zeros((4, 4))
        for j in range(4):
            e = np.zeros(4)
            e[j] = h
            H[:, j] = (jac(th + e) - jac(th - e)) / (2 * h)
        return (H + H.T) / 2
    res = minimize(f, np.zeros(4), jac=jac, method='BFGS', options=dict(gtol=1e-9, maxiter=5000))
    th = res.x
    for _ in range(3):
        th = th - np.linalg.solve(hess(th), jac(th))
    p = np.exp(th)
    cov = np.linalg.inv(n * hess(th))
    se = p * np.sqrt(np.diag(cov))
    return p, float(np.sum(ll_pnbd(p, x, tx, T))), se, float(np.max(np.abs(jac(th))))


def sim_pnbd(n, r, al, s, be, Tmin, Tmax, seed, whole):
    """The Pareto/NBD story (Schmittlein et al. 1987): Poisson purchases at a
    gamma(r, alpha) rate while alive, an exponential lifetime of gamma(s, beta)
    rate; the first purchase at age 0.  whole: purchase times cut to whole
    periods (several in one period count once), integer ages."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        lam = rng.gamma(r, 1 / al)
        mu = rng.gamma(s, 1 / be)
        tau = rng.exponential(1 / mu)
        T = float(rng.integers(Tmin, Tmax + 1)) if whole else float(rng.uniform(Tmin, Tmax))
        end, t, times = min(tau, T), 0.0, []
        while True:
            t += rng.exponential(1 / lam)
            if t > end:
                break
            times.append(t)
        if whole:
            times = sorted(set(int(np.ceil(u)) for u in times if np.ceil(u) <= T))
        else:
            times = [round(u, 4) for u in times if round(u, 4) > 0]
        x = len(times)
        tx = float(times[-1]) if x else 0.0
        rows.append((i + 1, x, tx, T if whole else round(T, 4)))
    return rows


DATASETS = {
    # weeks, fractional ages 27..39 as in CDNOW's cohort, the note's CDNOW
    # estimates as the true parameters (alpha < beta)
    'pnbd_weeks': lambda: sim_pnbd(800, 0.55, 10.58, 0.61, 11.67, 27, 39, 11, False),
    # whole days, alpha > beta (the other case of the 2F1), ages 1..365
    'pnbd_days': lambda: sim_pnbd(600, 0.7, 50.0, 0.4, 10.0, 1, 365, 12, True),
}


def load(name):
    if name in DATASETS:
        rows = DATASETS[name]()
    else:
        rows = [(c, x, tx, T) for c, x, tx, T, _ in btyd_ref.fix_age(btyd_ref.DATASETS[name]())]
    a = np.array([[x, tx, T] for _, x, tx, T in rows], dtype=float)
    return rows, a[:, 0], a[:, 1], a[:, 2]


def sql():
    out = ['-- test/lifetime/pnbd_data.sql: written by test/lifetime/pnbd_ref.py sql; do not edit']
    for name in DATASETS:
        rows, *_ = load(name)
        out.append('CREATE TABLE ds_%s (customer_id int, frequency int, recency float8, t float8);' % name)
        out.append('INSERT INTO ds_%s VALUES\n' % name + ',\n'.join('(%d, %d, %r, %r)' % r for r in rows) + ';')
    fits, preds = [], []
    for name, pen in (('pnbd_weeks', 0.0), ('pnbd_days', 0.0), ('pnbd_days', 0.01), ('days', 0.0),
                      ('cdnow_like', 0.001)):
        rows, x, tx, T = load(name)
        p, ll, se, g = fit(x, tx, T, pen)
        print('%s pen %g params %s ll %r se %s grad %.2e' % (name, pen, list(p), ll, list(se), g), file=sys.stderr)
        fits.append("('%s', %r, '{%s}', '{%s}', %r)" % (name, pen, ','.join(repr(float(v)) for v in p),
                                                       ','.join(repr(float(v)) for v in se), ll))
        if pen == 0.0:
            for i in range(0, len(rows), max(1, len(rows) // 12)):
                preds.append("('%s', %d, %r, %r, %r)" % (name, rows[i][0],
                             float(expected(p, 10.0, x[i], tx[i], T[i])), float(expected(p, 100.0, x[i], tx[i], T[i])),
                             float(p_alive(p, x[i], tx[i], T[i]))))
        if name == 'pnbd_days' and pen == 0.0:
            # CLV (lifetimes' customer_lifetime_value, 12 months at 1 %, 30 days a month)
            # with a fixed Gamma-Gamma spend model (p, q, v) = (6, 3.7, 15) and
            # monetary_value 20 + customer_id % 7, at the reference's parameters
            for i in range(0, len(rows), max(1, len(rows) // 6)):
                c = rows[i][0]
                preds.append("('pnbd_days_clv', %d, %r, NULL, NULL)" % (c, float(btyd_ref.clv(
                    expected, p, (6.0, 3.7, 15.0), x[i], tx[i], T[i], 20.0 + c % 7))))
    out.append('CREATE TABLE pnbd_ref_fit (dataset text, penalizer float8, params float8[], std_errors float8[], log_likelihood float8);')
    out.append('INSERT INTO pnbd_ref_fit VALUES\n' + ',\n'.join(fits) + ';')
    out.append('CREATE TABLE pnbd_ref_pred (dataset text, customer_id int, e10 float8, e100 float8, p_alive float8);')
    out.append('INSERT INTO pnbd_ref_pred VALUES\n' + ',\n'.join(preds) + ';')
    print('\n'.join(out))


def bench(path):
    a = np.loadtxt(path, delimiter=',')
    t0 = time.time()
    p = fit(a[:, -3], a[:, -2], a[:, -1])[0]  # the last three columns: x, t_x, T
    print('%.1f %s' % ((time.time() - t0) * 1000, ' '.join(repr(float(v)) for v in p)))


def simcsv(n):
    """bench/lifetime/clv.sh: n Pareto/NBD customers in whole days (ages 1..730,
    r = 0.8, alpha = 40, s = 0.6, beta = 80) as CSV customer_id, x, t_x, T."""
    for c, x, tx, T in sim_pnbd(n, 0.8, 40.0, 0.6, 80.0, 1, 730, 21, True):
        print('%d,%d,%r,%r' % (c, x, tx, T))


if __name__ == '__main__':
    if sys.argv[1] == 'sql':
        sql()
    elif sys.argv[1] == 'bench':
        bench(sys.argv[2])
    elif sys.argv[1] == 'simcsv':
        simcsv(int(sys.argv[2]))
