#!/usr/bin/python3
"""Reference for sql/segment/churn.sql (issue 16 part 3): Kaplan-Meier
churn curves with Greenwood bands on the log(-log S) scale (lifelines'
default; lifelines is not in Debian, so written here with numpy), from the
orders printed as the test's INSERT.  Segments (study rules, new_days 90):
new = first order < 90 days before as_of; else frequent when the order
count is at or above the natural break of ln(orders) among the others
(least within-group sum of squares), else occasional."""
import datetime as dt, math
import numpy as np
from statistics import NormalDist
asof = dt.date(2024, 12, 31)
# customer -> days before as_of of its orders (deterministic, varied)
C = {}
for c in range(1, 31):
    first = 20 + (c * 37) % 600
    gap = 15 + (c * 11) % 90
    n = 1 + (c * 7) % 6
    stop = (c * 13) % 200          # days before as_of of the last possible order
    days = [first - k * gap for k in range(n) if first - k * gap >= stop]
    C[c] = days or [first]
rows = [(c, asof - dt.timedelta(days=d)) for c in sorted(C) for d in C[c]]
print("INSERT INTO churn_orders VALUES\n " + ",\n ".join(f"({c}, '{t}', 10)" for c, t in rows) + ";")
info = {c: (max(C[c]), min(C[c]), len(C[c])) for c in C}     # tenure, recency, orders
old = [c for c in C if info[c][0] >= 90]
lf = sorted(math.log(info[c][2]) for c in old)
best = None
for s in range(1, len(lf)):
    a, b = lf[:s], lf[s:]
    w = sum((x - sum(a)/len(a))**2 for x in a) + sum((x - sum(b)/len(b))**2 for x in b)
    if best is None or w < best[0] - 1e-12: best = (w, b[0])
seg = {c: 'new' if info[c][0] < 90 else ('frequent' if math.log(info[c][2]) >= best[1] - 1e-12 else 'occasional') for c in C}
def km(cs, inact, level=0.95):
    T = np.array([ (info[c][0] - info[c][1] + inact) if info[c][1] > inact else info[c][0] for c in cs], float)
    E = np.array([info[c][1] > inact for c in cs])
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    S, g, out = 1.0, 0.0, []
    for t in np.unique(T):
        n = int((T >= t).sum()); d = int(((T == t) & E).sum()); cz = int(((T == t) & ~E).sum())
        if d: S *= 1 - d / n
        if d and n > d: g += d / (n * (n - d))
        if S >= 1: lo = hi = 1.0
        elif S <= 0: lo = hi = None
        else:
            th = z * math.sqrt(g) / abs(math.log(S)); lo, hi = S ** math.exp(th), S ** math.exp(-th)
        out.append((t, n, d, cz, S, lo, hi))
    return out
for name, cs in [('all', sorted(C))] + [(s, sorted(c for c in C if seg[c] == s)) for s in ('frequent', 'new', 'occasional')]:
    print('---', name, len(cs), 'customers')
    for t, n, d, cz, S, lo, hi in km(cs, 90):
        print(f"{t:g} {n} {d} {cz} {S:.6f} {'' if lo is None else f'{lo:.6f}'} {'' if hi is None else f'{hi:.6f}'}")
print('--- all, inactivity 60, level 0.9 (last 3 rows)')
for t, n, d, cz, S, lo, hi in km(sorted(C), 60, 0.9)[-3:]:
    print(f"{t:g} {n} {d} {cz} {S:.6f} {'' if lo is None else f'{lo:.6f}'} {'' if hi is None else f'{hi:.6f}'}")
