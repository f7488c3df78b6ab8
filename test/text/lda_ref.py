#!/usr/bin/python3
"""Reference values of sql/text/topics.sql: scikit-learn's LatentDirichletAllocation
(Debian python3-sklearn 1.2.1) on the doc-term counts pmkt uses.

The counts are the server's to_tsvector('english', body) of the 15 texts of
sql/text/topics.sql (PostgreSQL 15, pasted below: a lexeme counts its
positions), vocabulary in byte order (pmkt.topics_vocabulary's order).
Start: lambda[k][w] = (10 + (7 k + 3 w) mod 11) / 10 (k, w from 1), given to
pmkt as init_components; scikit-learn has no such argument, so the subclass
below replaces its seeded components_ by the same matrix right after
_init_latent_vars (the algorithm itself is scikit-learn's, unmodified).
The E-step's own random start is made irrelevant by iterating each document
to convergence (mean_change_tol = 1e-12, max_doc_update_iter = 5000).
Run: /usr/bin/python3 test/text/lda_ref.py
"""
import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import LatentDirichletAllocation

TSV = """\
'arriv':8 'damag':9 'deliveri':2 'late':4 'packag':7
'durabl':9 'fabric':5 'feel':6 'great':1 'product':3 'qualiti':2 'soft':7
'answer':3 'custom':1 'order':8 'quick':4 'refund':6 'servic':2
'courier':5 'deliveri':2 'late':1,10,11,12 'lost':6 'packag':8 'twice':9
'durabl':1 'fit':7 'great':3 'materi':2 'qualiti':4 'size':6 'well':8
'agent':3 'came':9 'fast':10 'help':5 'refund':8 'support':2
'deliv':14 'deliveri':7 'late':15 'packag':1,12 'took':8 'track':2 'two':9 'week':10 'wrong':4
'fabric':5 'one':8 'poor':1 'qualiti':2 'stitch':3 'tore':6 'wash':9
'complaint':8 'custom':3 'nobodi':1 'repli':5 'servic':4
'arriv':5 'deliveri':2 'earli':6 'fast':1 'intact':8 'packag':4
'cheap':8 'colour':2 'fade':3 'feel':7 'materi':6
'agent':2 'month':10 'refund':7 'rude':4 'took':8
'courier':1 'door':8 'late':9 'left':2 'packag':4 'wrong':7
'excel':1 'fabric':2 'great':10 'qualiti':5,11 'stitch':8
'agent':7 'final':8 'help':9 'servic':1 'slow':3 'support':6"""


def counts(min_df=1):
    docs = []
    for line in TSV.splitlines():
        d = {}
        for tok in line.split():
            lex, pos = tok.rsplit(':', 1)
            d[lex.strip("'")] = len(pos.split(','))
        docs.append(d)
    df = {}
    for d in docs:
        for t in d:
            df[t] = df.get(t, 0) + 1
    vocab = sorted((t for t in df if df[t] >= min_df), key=lambda s: s.encode())
    col = {t: i for i, t in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        for t, c in d.items():
            if t in col:
                rows.append(i); cols.append(col[t]); vals.append(float(c))
    X = sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    X.sort_indices()
    return X, vocab


def init(K, V):
    return np.array([[(10 + (7 * k + 3 * w) % 11) / 10 for w in range(1, V + 1)]
                     for k in range(1, K + 1)])


class FromInit(LatentDirichletAllocation):
    start = None

    def _init_latent_vars(self, n_features, dtype=np.float64):
        super()._init_latent_vars(n_features, dtype)
        from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d
        self.components_ = self.start.copy()
        self.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(self.components_))


def fit(method, K, max_iter, min_df=1, batch_size=128):
    X, vocab = counts(min_df)
    m = FromInit(n_components=K, learning_method=method, max_iter=max_iter,
                 batch_size=batch_size, mean_change_tol=1e-12,
                 max_doc_update_iter=5000, random_state=0)
    m.start = init(K, len(vocab))
    m.fit(X)
    return m, X, vocab


def arr(a):
    return 'ARRAY[' + ','.join('[' + ','.join(repr(float(x)) for x in r) + ']' for r in a) + ']'


if __name__ == '__main__':
    for method, K, it, min_df, bs in (('batch', 3, 5, 1, 128), ('online', 3, 4, 1, 4), ('batch', 2, 8, 2, 128)):
        m, X, vocab = fit(method, K, it, min_df, bs)
        print(f'-- {method} K={K} max_iter={it} min_df={min_df} batch_size={bs}: V={len(vocab)}, '
              f'words={X.sum():.0f}')
        print('-- vocabulary:', ' '.join(vocab))
        print('-- components_ =', arr(m.components_))
        print('-- perplexity (bound_) =', repr(float(np.exp(-m._approx_bound(X, m._unnormalized_transform(X), False) / X.sum()))))
        print('-- perplexity(X) =', repr(float(m.perplexity(X))))
        mix = m.transform(X[:1])
        print('-- transform(doc 1) =', repr([float(v) for v in mix[0]]))
