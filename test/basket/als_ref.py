#!/usr/bin/python3
"""Reference for sql/basket/als.sql: implicit-feedback ALS (Hu, Koren and
Volinsky 2008) written directly from the paper's dense formula, with numpy:

    x_u = (Y' C_u Y + lambda I)^-1 Y' C_u p(u),  C_u = diag(c_ui),
    c_ui = 1 + alpha r_ui, p_ui = 1 if r_ui > 0 else 0,

over ALL items (no Y'Y + Y'(C_u - I)Y trick: an independent route to the
same numbers), users then items, from the initial factors printed here
(numpy default_rng(12), normal(0, 0.1^2)) that the test passes to
pmkt.als_train as init_user / init_item.  Prints the data, the initial
and the final factors after 5 iterations as SQL literals, and each
customer's top-3 unbought items.

Then the same with an item bias (als_train's item_bias): score
x_u . y_i + b_i, from the same initial factors and initial biases b0 drawn
after them (same generator), written as the plain least-squares problems

    x_u = (Y' C_u Y + lambda I)^-1 Y' C_u (p(u) - b)
    (y_i, b_i) = (Xa' C_i Xa + lambda I)^-1 Xa' C_i p(i),  Xa = [X 1]

(dense, over all customers / items; lambda on the bias too).

Run: /usr/bin/python3 test/basket/als_ref.py
"""
import numpy as np

# (customer, item, count) rows; repeated pairs add up, a pair summing to 0
# is not observed, item 'h' has only such a pair (left out of the model)
ROWS = [
    (1, 'a', 1), (1, 'b', 2), (1, 'a', 1), (2, 'b', 1), (2, 'c', 1),
    (3, 'a', 3), (3, 'c', 1), (3, 'e', 1), (4, 'd', 1), (4, 'a', 1),
    (5, 'e', 2), (5, 'f', 1), (5, 'g', 1), (6, 'f', 4), (6, 'g', 1),
    (7, 'a', 1), (7, 'b', 1), (7, 'c', 1), (7, 'd', 1), (8, 'g', 2),
    (8, 'e', 1), (9, 'b', 1), (9, 'd', 2), (10, 'c', 1), (10, 'f', 1),
    (11, 'h', 0), (11, 'a', 2), (12, 'g', 1), (12, 'a', 1), (12, 'h', 1),
    (12, 'h', -1),
]
F, LAMBDA, ALPHA, ITERS = 3, 0.1, 2.0, 5

r = {}
for c, i, n in ROWS:
    r[(c, i)] = r.get((c, i), 0) + n
obs = {k: v for k, v in r.items() if v > 0}
users = sorted({c for c, _ in obs})
items = sorted({i for _, i in obs})
R = np.zeros((len(users), len(items)))
for (c, i), v in obs.items():
    R[users.index(c), items.index(i)] = v
P = (R > 0).astype(float)
C = 1 + ALPHA * R

rng = np.random.default_rng(12)
X0 = rng.normal(0, 0.1, (len(users), F))
Y0 = rng.normal(0, 0.1, (len(items), F))
X, Y = X0.copy(), Y0.copy()
for _ in range(ITERS):
    for u in range(len(users)):
        Cu = np.diag(C[u])
        X[u] = np.linalg.solve(Y.T @ Cu @ Y + LAMBDA * np.eye(F), Y.T @ Cu @ P[u])
    for i in range(len(items)):
        Ci = np.diag(C[:, i])
        Y[i] = np.linalg.solve(X.T @ Ci @ X + LAMBDA * np.eye(F), X.T @ Ci @ P[:, i])


def lit(m):
    return "'{" + ",".join("{" + ",".join(repr(float(v)) for v in row) + "}" for row in m) + "}'"


print("-- rows:", ", ".join(f"({c}, '{i}', {n})" for c, i, n in ROWS))
print("-- users:", users, "items:", items)
print("-- init_user", lit(X0))
print("-- init_item", lit(Y0))
print("-- final user", lit(X))
print("-- final item", lit(Y))
S = X @ Y.T
for u, c in enumerate(users):
    cand = [(-S[u, i], items[i]) for i in range(len(items)) if P[u, i] == 0]
    cand.sort()
    print(f"-- top3 {c}:", " ".join(f"{i}:{-s:.10f}" for s, i in cand[:3]))

# ---- item bias -----------------------------------------------------------
B0 = rng.normal(0, 0.1, len(items))
X, Y, b = X0.copy(), Y0.copy(), B0.copy()
for _ in range(ITERS):
    for u in range(len(users)):
        Cu = np.diag(C[u])
        X[u] = np.linalg.solve(Y.T @ Cu @ Y + LAMBDA * np.eye(F), Y.T @ Cu @ (P[u] - b))
    Xa = np.hstack([X, np.ones((len(users), 1))])
    for i in range(len(items)):
        Ci = np.diag(C[:, i])
        z = np.linalg.solve(Xa.T @ Ci @ Xa + LAMBDA * np.eye(F + 1), Xa.T @ Ci @ P[:, i])
        Y[i], b[i] = z[:F], z[F]
print("-- item bias: init_item (with the initial biases as last column)", lit(np.hstack([Y0, B0[:, None]])))
print("-- item bias: final user (with the constant 1)", lit(np.hstack([X, np.ones((len(users), 1))])))
print("-- item bias: final item (with the bias)", lit(np.hstack([Y, b[:, None]])))
S = X @ Y.T + b[None, :]
for u, c in enumerate(users):
    cand = [(-S[u, i], items[i]) for i in range(len(items)) if P[u, i] == 0]
    cand.sort()
    print(f"-- item bias top3 {c}:", " ".join(f"{i}:{-s:.10f}" for s, i in cand[:3]))
