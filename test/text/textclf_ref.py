#!/usr/bin/python3
"""test/text/textclf_ref.py: scikit-learn reference values for sql/text/textclf.

Run against a database with pmkt installed (PG* environment), e.g.
    pg_virtualenv -v 15 sh -c 'psql -c "CREATE EXTENSION pmkt" && /usr/bin/python3 test/text/textclf_ref.py'
It feeds scikit-learn (Debian python3-sklearn 1.2.1) the token lists that
pmkt.text_tokens produced for each text (so both sides see the same terms),
after checking, independently, that the unigrams of each text are exactly
to_tsvector's lexemes with one count per position.  Prints the reference
probabilities as SQL VALUES rows, pasted into sql/text/textclf.sql.
"""
import collections
import re

import numpy as np
import psycopg2
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB

TRAIN = [
    ("The fabric is soft and the stitching is excellent", "quality"),
    ("Great quality material, very sturdy build", "quality"),
    ("The product broke after two days, poor quality", "quality"),
    ("Cheap material, the zipper broke at once", "quality"),
    ("Battery life is excellent and the design is great", "quality"),
    ("The colour faded after one wash, poor fabric", "quality"),
    ("Delivery was late by a week and the parcel was damaged", "logistics"),
    ("Fast delivery, the package arrived early", "logistics"),
    ("The courier lost my parcel, tracking never updated", "logistics"),
    ("Shipping took forever, late delivery again", "logistics"),
    ("Package arrived on time, tracking was accurate", "logistics"),
    ("The parcel arrived damaged and late", "logistics"),
    ("Customer service answered quickly and solved it", "service"),
    ("The support agent was rude and never replied", "service"),
    ("Refund took a month, support ignored my emails", "service"),
    ("Friendly staff, the agent helped me with the return", "service"),
    ("No response from customer service after three emails", "service"),
    ("The seller replied fast and sent a refund", "service"),
    ("", "service"),
]
# binary labels for the logistic check: 1 = complaint
BINARY = [0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0]
SCORE = [
    "excellent stitching but late delivery",
    "the agent never replied to my emails",
    "parcel arrived broken",
    "quantum chromodynamics",          # no known term
    "",
    "Delivery delivery DELIVERY, late late",
]


def tokens(cur, s, ngram):
    cur.execute("SELECT pmkt.text_tokens(%s, 'english', %s)", (s, ngram))
    return cur.fetchone()[0] or []


def check_unigrams(cur, s):
    """unigrams = to_tsvector lexemes, one per position (independent of pmkt)"""
    cur.execute("SELECT to_tsvector('english', %s)::text", (s,))
    tv = cur.fetchone()[0]
    want = collections.Counter()
    for lex, pos in re.findall(r"'((?:[^']|'')*)':([0-9,]+)", tv):
        want[lex.replace("''", "'")] += len(pos.split(','))
    got = collections.Counter(tokens(cur, s, 1))
    assert got == want, (s, got, want)


def rows(tag, classes, P):
    out = []
    for i, p in enumerate(P):
        for c, v in zip(classes, p):
            out.append("('%s', %d, '%s', %s)" % (tag, i + 1, c, repr(float(v))))
    return out


def exact_logistic(X, labels, classes, C):
    """LogisticRegression's objective (C sum of log losses + |w|^2 / 2,
    intercept not penalised; binomial for 2 classes, softmax otherwise)
    minimised by scipy's L-BFGS-B to a gradient of 1e-11 with ftol = 0
    (sklearn's own lbfgs stops on a relative decrease of 64 eps first)"""
    from scipy.optimize import minimize
    X = X.toarray()
    n, d = X.shape
    y = np.array([classes.index(l) for l in labels])
    K = 1 if len(classes) == 2 else len(classes)
    Y = np.eye(len(classes))[y]

    def f(v):
        W, b = v[:d * K].reshape(d, K), v[d * K:]
        Z = X @ W + b
        if K == 1:
            z = Z[:, 0]
            loss = np.logaddexp(0, z) - y * z
            r = (1 / (1 + np.exp(-z)) - y)[:, None]
        else:
            m = Z.max(1, keepdims=True)
            lse = m[:, 0] + np.log(np.exp(Z - m).sum(1))
            loss = lse - Z[np.arange(n), y]
            r = np.exp(Z - lse[:, None]) - Y
        val = C * loss.sum() + 0.5 * (W * W).sum()
        g = np.concatenate([(C * X.T @ r + W).ravel(), C * r.sum(0)])
        return val, g
    res = minimize(f, np.zeros(d * K + K), jac=True, method='L-BFGS-B',
                   options=dict(gtol=1e-11, ftol=0, maxiter=100000, maxls=100))
    v = res.x
    print('-- scipy: %s, max |gradient| %.2g' % (res.message, np.abs(res.jac).max()))

    def proba(S):
        S = S.toarray()
        Z = S @ v[:d * K].reshape(d, K) + v[d * K:]
        if K == 1:
            p = 1 / (1 + np.exp(-Z[:, 0]))
            return np.column_stack([1 - p, p])
        Z = Z - Z.max(1, keepdims=True)
        E = np.exp(Z)
        return E / E.sum(1, keepdims=True)
    return proba


def main():
    conn = psycopg2.connect('')
    cur = conn.cursor()
    for s, _ in TRAIN:
        check_unigrams(cur, s)
    for s in SCORE:
        check_unigrams(cur, s)
    out = []
    y = [l for _, l in TRAIN]
    for tag, ngram, min_df, tfidf, alpha in [("nb1", 1, 1, False, 1.0), ("nb2", 2, 2, True, 0.5)]:
        Xtok = [tokens(cur, s, ngram) for s, _ in TRAIN]
        Stok = [tokens(cur, s, ngram) for s in SCORE]
        cv = CountVectorizer(analyzer=lambda t: t, min_df=min_df)
        X = cv.fit_transform(Xtok)
        S = cv.transform(Stok)
        if tfidf:
            tf = TfidfTransformer().fit(X)
            X, S = tf.transform(X), tf.transform(S)
        nb = MultinomialNB(alpha=alpha).fit(X, y)
        out += rows(tag, nb.classes_, nb.predict_proba(S))
        print('-- %s: %d terms' % (tag, len(cv.vocabulary_)))
    for tag, labels, ngram, tfidf, C in [("lr2", BINARY, 1, False, 1.0), ("lr3", y, 2, True, 10.0)]:
        Xtok = [tokens(cur, s, ngram) for s, _ in TRAIN]
        Stok = [tokens(cur, s, ngram) for s in SCORE]
        cv = CountVectorizer(analyzer=lambda t: t)
        X = cv.fit_transform(Xtok)
        S = cv.transform(Stok)
        if tfidf:
            tf = TfidfTransformer().fit(X)
            X, S = tf.transform(X), tf.transform(S)
        classes = sorted(set(labels))
        P = exact_logistic(X, labels, classes, C)
        lr = LogisticRegression(C=C, tol=1e-12, max_iter=100000).fit(X, labels)
        out += rows(tag, [str(c) for c in classes], P(S))
        print('-- %s: %d terms; sklearn lbfgs (stops on ftol = 64 eps) differs by %.2g'
              % (tag, len(cv.vocabulary_), np.abs(lr.predict_proba(S) - P(S)).max()))
    print(',\n'.join(out))


main()
