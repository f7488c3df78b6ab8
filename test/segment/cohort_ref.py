#!/usr/bin/python3
"""Reference for sql/segment/cohorts.sql (issue 16 part 3): cohort retention
computed from the order lines in plain Python (no pmkt code, no SQL):
cohort = calendar month (or ISO week) of a customer's first order, offset
= whole months (weeks) from the cohort's period to the order's, one row per
cohort and offset up to the last period of the data, with the cohort's
size, the customers who ordered, their share, distinct orders, revenue.
Prints the INSERT for the test table and the expected rows."""
import datetime as dt
from collections import defaultdict
# customer, order id, day, amount (order lines: order 10 has two lines)
L = [(1, 10, '2024-01-05', 10), (1, 10, '2024-01-05', 5), (1, 11, '2024-02-10', 20), (1, 12, '2024-04-01', 7),
     (2, 20, '2024-01-20', 30), (2, 21, '2024-01-28', 10),
     (3, 30, '2024-01-31', 12), (3, 31, '2024-03-02', 8),
     (4, 40, '2024-02-01', 50), (4, 41, '2024-02-29', 5), (4, 42, '2024-04-30', 15),
     (5, 50, '2024-02-15', 9),
     (6, 60, '2024-04-03', 40), (6, 61, '2024-04-04', 4)]
print("INSERT INTO coh_lines VALUES\n " + ",\n ".join(f"({c}, {o}, '{d}', {a})" for c, o, d, a in L) + ";")
def D(s): return dt.date.fromisoformat(s)
def run(period, asof=None):
    rows = [(c, o, D(d), a) for c, o, d, a in L if asof is None or D(d) <= asof]
    def start(d):
        return d.replace(day=1) if period == 'month' else d - dt.timedelta(days=d.weekday())
    def off(a, b):
        return (b.year - a.year) * 12 + b.month - a.month if period == 'month' else (start(b) - start(a)).days // 7
    first = {}
    for c, o, d, a in rows:
        first[c] = min(first.get(c, d), d)
    cohort = {c: start(d) for c, d in first.items()}
    size = defaultdict(int)
    for c in cohort: size[cohort[c]] += 1
    last = start(asof) if asof else start(max(d for _, _, d, _ in rows))
    cust = defaultdict(set); ords = defaultdict(set); rev = defaultdict(float)
    for c, o, d, a in rows:
        k = (cohort[c], off(cohort[c], d))
        cust[k].add(c); ords[k].add((c, o)); rev[k] += a
    for co in sorted(size):
        for k in range(off(co, last) + 1):
            n = len(cust[(co, k)])
            print(co, k, size[co], n, round(n / size[co], 6), len(ords[(co, k)]), rev[(co, k)])
print('--- month'); run('month')
print('--- week, as_of 2024-02-12'); run('week', D('2024-02-12'))
