# Reference for sql/ops/evaluation_sources.sql: the minimum-cost assignment
# of the cost matrices used there, by scipy.optimize.linear_sum_assignment.
# Run with Debian's /usr/bin/python3 (python3-scipy).
import numpy as np
from scipy.optimize import linear_sum_assignment
rng = np.random.default_rng(5)
for n in (1, 3, 4, 6):
    c = np.round(rng.uniform(0, 10, (n, n)), 1)
    r, col = linear_sum_assignment(c)
    print(n, c.tolist(), (col + 1).tolist(), round(c[r, col].sum(), 6))
c = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
r, col = linear_sum_assignment(c)
print((col + 1).tolist(), c[r, col].sum())
