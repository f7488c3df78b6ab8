#!/usr/bin/python3
"""Seeded simulation: daily peeking at an A/A experiment (no true effect).

2000 experiments, 30 daily looks, 100 new units per arm per day (values
lognormal, skewed like spend).  At each look: the fixed-horizon Welch test
(as pmkt.experiment_report's p_value) and the always-valid normal-mixture
test (its seq_p_value / seq interval, expected_n = 6000 = the final total).
A false positive = rejecting at alpha 0.05 at ANY look.  Run:
/usr/bin/python3 test/experiment/peeking_sim.py
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261204)
EXPS, DAYS, PER_DAY, ALPHA, EXPN = 2000, 30, 100, 0.05, 6000
la = -2 * np.log(ALPHA)
rho2 = (la + np.log(la + 1)) / EXPN
fix_any = seq_any = fix_last = seq_last = 0
for _ in range(EXPS):
    a = rng.lognormal(0, 1, DAYS * PER_DAY)
    b = rng.lognormal(0, 1, DAYS * PER_DAY)
    f_rej = s_rej = False
    for d in range(1, DAYS + 1):
        n = d * PER_DAY
        xa, xb = a[:n], b[:n]
        va, vb = xa.var(ddof=1) / n, xb.var(ddof=1) / n
        se2 = va + vb
        lift = xb.mean() - xa.mean()
        df = se2 ** 2 / (va ** 2 / (n - 1) + vb ** 2 / (n - 1))
        p = 2 * stats.t.sf(abs(lift) / np.sqrt(se2), df)
        N = 2 * n
        nr = N * rho2
        loglam = lift ** 2 * nr / (2 * se2 * (nr + 1)) - 0.5 * np.log1p(nr)
        sp = 1.0 if loglam <= 0 else min(1.0, np.exp(-loglam))
        f_rej |= p < ALPHA
        s_rej |= sp < ALPHA
        if d == DAYS:
            fix_last += p < ALPHA
            seq_last += sp < ALPHA
    fix_any += f_rej
    seq_any += s_rej
print('A/A experiments: %d, looks: %d daily, %d units per arm per day, alpha %.2f' % (EXPS, DAYS, PER_DAY, ALPHA))
print('fixed-horizon Welch, rejected at any look:   %.4f' % (fix_any / EXPS))
print('always-valid sequential, rejected at any look: %.4f' % (seq_any / EXPS))
print('fixed-horizon Welch, at the last look only:    %.4f' % (fix_last / EXPS))
print('sequential, at the last look only:             %.4f' % (seq_last / EXPS))
