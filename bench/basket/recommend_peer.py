#!/usr/bin/python3
"""bench/basket/recommend_peer.py: the Python peer of pmkt.item_neighbors and
pmkt.als_train for bench/basket/rules.sh (issue 12, part 3).

The best route a user has here with numpy / scipy.sparse / pandas, computing
the same thing as pmkt, timed from the export on:
  export  COPY (customer, product) lines TO STDOUT through psycopg2, parsed by
          pandas.read_csv (the C parser)
  matrix  customer x product counts (scipy.sparse, duplicates summed)
  knn     cosine item-item similarity on the binary matrix (B'B as a sparse
          product), each item's 20 best neighbours (ties by item id)
  als     implicit ALS (Hu, Koren and Volinsky 2008), the same equations as
          pmkt.als_train: x_u = (Y'Y + sum_i alpha r_ui y_i y_i' + lambda I)^-1
          sum_i (1 + alpha r_ui) y_i, users then items, per iteration; the
          row by row (Z'Z by BLAS, np.linalg.solve), or with
          PEER_ALS_BATCHED=1 rows sorted by length and padded in blocks,
          Z'Z by batched matmul, np.linalg.solve over the stack
  bias    (7th argument "bias") als_train's item_bias: score x_u . y_i + b_i,
          users solve (Yf'Yf + Z'Z + lambda I) x = -Yf'b + sum_i ((1 + alpha
          r)(1 - b_i) + b_i) y_i, items solve (y_i, b_i) against [X 1]
Prints one line per phase (seconds) and the peak resident memory (VmHWM).

Usage: recommend_peer.py PORT DB QUERY [knn|als|both] [factors] [iterations] [bias]
"""
import io
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
import psycopg2
import scipy.sparse as sp

port, db, query = sys.argv[1], sys.argv[2], sys.argv[3]
what = sys.argv[4] if len(sys.argv) > 4 else 'both'
F = int(sys.argv[5]) if len(sys.argv) > 5 else 64
ITERS = int(sys.argv[6]) if len(sys.argv) > 6 else 10
BIAS = len(sys.argv) > 7 and sys.argv[7] == 'bias'
LAMBDA, ALPHA = 0.01, 40.0

t = {}
t0 = time.perf_counter()
conn = psycopg2.connect(port=port, dbname=db, user='postgres', host=os.environ.get('PGHOST', '/var/run/postgresql'))
buf = io.BytesIO()
conn.cursor().copy_expert(f'COPY ({query}) TO STDOUT', buf)
buf.seek(0)
df = pd.read_csv(buf, sep='\t', header=None, names=['c', 'i'], dtype={'c': np.int64, 'i': np.int64})
del buf
t['export'] = time.perf_counter() - t0

t1 = time.perf_counter()
uc, ui = np.unique(df['c'].to_numpy(), return_inverse=True)
ic, ii = np.unique(df['i'].to_numpy(), return_inverse=True)
del df
R = sp.csr_matrix((np.ones(len(ui)), (ui, ii)), shape=(len(uc), len(ic)))
R.sum_duplicates()
t['matrix'] = time.perf_counter() - t1

if what in ('knn', 'both'):
    t1 = time.perf_counter()
    B = R.copy()
    B.data[:] = 1.0
    co = (B.T @ B).toarray()
    c = np.diag(co).copy()
    sim = co / np.sqrt(np.outer(c, c))
    np.fill_diagonal(sim, -np.inf)
    sim[co == 0] = -np.inf
    # descending similarity, ties by item id (the columns are in id order)
    order = np.argsort(-sim, axis=1, kind='stable')[:, :20]
    kept = np.take_along_axis(sim, order, axis=1)
    nneigh = int(np.isfinite(kept).sum())
    t['knn'] = time.perf_counter() - t1


def half_step(Rm, A, Bf):
    """solve every row of A from Bf and the rows of Rm (csr, counts): rows
    sorted by length, in blocks padded to the block's longest row (a zero
    factor row as padding), M = G + Z'Z by batched matmul, batched solve."""
    n, f = A.shape
    G = Bf.T @ Bf + LAMBDA * np.eye(f)
    Bx = np.vstack([Bf, np.zeros((1, f))])
    pad = Bf.shape[0]
    indptr, idx, r = Rm.indptr, Rm.indices, Rm.data
    lens = np.diff(indptr)
    order = np.argsort(lens, kind='stable')
    budget = 1 << 23  # about 64 MB of padded factors per block
    s0 = 0
    while s0 < n:
        L = int(lens[order[s0]])
        nb = 1
        # grow the block while the padded block stays within the budget
        while s0 + nb < n and (nb + 1) * max(L, int(lens[order[s0 + nb]])) * f <= budget:
            nb = min(n - s0, nb * 2) if nb * 2 * int(lens[order[min(n - 1, s0 + nb * 2 - 1)]]) * f <= budget else nb + 1
            if nb + s0 >= n:
                break
        rows = order[s0:s0 + nb]
        s0 += nb
        L = int(lens[rows].max())
        pidx = np.full((len(rows), L), pad, dtype=np.int64)
        pr = np.zeros((len(rows), L))
        for k, u in enumerate(rows):
            p0, p1 = indptr[u], indptr[u + 1]
            pidx[k, :p1 - p0] = idx[p0:p1]
            pr[k, :p1 - p0] = r[p0:p1]
        Yp = Bx[pidx]
        cr = ALPHA * pr
        Zp = Yp * np.sqrt(cr)[:, :, None]
        M = np.matmul(Zp.transpose(0, 2, 1), Zp) + G
        rhs = np.einsum('bl,blf->bf', 1.0 + cr, Yp)
        A[rows] = np.linalg.solve(M, rhs[:, :, None])[:, :, 0]


def half_step_rows(Rm, A, Bf):
    """the same solves row by row: Z'Z and the solve by BLAS / LAPACK per row"""
    n, f = A.shape
    G = Bf.T @ Bf + LAMBDA * np.eye(f)
    indptr, idx, r = Rm.indptr, Rm.indices, Rm.data
    for u in range(n):
        p0, p1 = indptr[u], indptr[u + 1]
        Y = Bf[idx[p0:p1]]
        cr = ALPHA * r[p0:p1]
        Z = Y * np.sqrt(cr)[:, None]
        A[u] = np.linalg.solve(G + Z.T @ Z, (1.0 + cr) @ Y)


def half_step_rows_fixed(Rm, A, Bf):
    """item bias, customers' side: A's last column is the constant 1, Bf's
    last column the item biases b (an offset), the first f solved"""
    n, k = A.shape
    f = k - 1
    Yb, b = Bf[:, :f], Bf[:, f]
    G = Yb.T @ Yb + LAMBDA * np.eye(f)
    base = -(Yb.T @ b)
    indptr, idx, r = Rm.indptr, Rm.indices, Rm.data
    for u in range(n):
        p0, p1 = indptr[u], indptr[u + 1]
        Y = Yb[idx[p0:p1]]
        bi = b[idx[p0:p1]]
        cr = ALPHA * r[p0:p1]
        Z = Y * np.sqrt(cr)[:, None]
        A[u, :f] = np.linalg.solve(G + Z.T @ Z, base + ((1.0 + cr) * (1.0 - bi) + bi) @ Y)


# row by row is the faster route here (18 s against 81 s per iteration on
# the 200 000-order demo: the batched matmul over padded blocks moves far
# more memory); PEER_ALS_BATCHED=1 takes the batched one
if os.environ.get('PEER_ALS_BATCHED') != '1':
    half_step = half_step_rows  # noqa: F811

if what in ('als', 'both'):
    t1 = time.perf_counter()
    c1 = time.process_time()
    rng = np.random.default_rng(0)
    Rt = R.T.tocsr()
    if not BIAS:
        X = rng.normal(0, 0.01, (R.shape[0], F))
        Yf = rng.normal(0, 0.01, (R.shape[1], F))
        for _ in range(ITERS):
            half_step(R, X, Yf)
            half_step(Rt, Yf, X)
    else:
        X = np.hstack([rng.normal(0, 0.01, (R.shape[0], F)), np.ones((R.shape[0], 1))])
        Yf = rng.normal(0, 0.01, (R.shape[1], F + 1))
        for _ in range(ITERS):
            half_step_rows_fixed(R, X, Yf)
            half_step_rows(Rt, Yf, X)
    t['als'] = time.perf_counter() - t1
    als_cpu = time.process_time() - c1

hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"peer: {len(ui)} lines, {R.shape[0]} customers, {R.shape[1]} items, {R.nnz} pairs")
for k, v in t.items():
    print(f"peer {k}: {v * 1000:.1f} ms")
if 'knn' in t:
    print(f"peer knn total (export + matrix + knn): {(t['export'] + t['matrix'] + t['knn']) * 1000:.1f} ms, {nneigh} neighbours")
if 'als' in t:
    print(f"peer als total (export + matrix + als): {(t['export'] + t['matrix'] + t['als']) * 1000:.1f} ms")
    print(f"peer als CPU (the 10 iterations alone, this process{', item bias' if BIAS else ''}): {als_cpu * 1000:.1f} ms")
print(f"peer process CPU (export parse + matrix + all phases): {time.process_time() * 1000:.1f} ms")
print(f"peer VmHWM: {hwm} MB")
