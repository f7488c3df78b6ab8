#!/usr/bin/python3
"""Reference values for sql/classify/metrics.sql (scikit-learn 1.2.1, Debian).

The data is the same closed formula as in the test:
  id 1..300, score = ((id*37) % 101) / 100.0,
  actual = ((id*7919) % 13) < 4 or ((id*37) % 101) > 70,
  multiclass: actual = 'abc'[id % 3], predicted = 'abc'[(id*id) % 7 % 3]
  integer classes: actual = [10, 2, 1][id % 3], predicted = [10, 2, 1][(id*id) % 7 % 3]
"""
import json
import numpy as np
from sklearn import metrics as M

ids = np.arange(1, 301)
score = ((ids * 37) % 101) / 100.0
actual = (((ids * 7919) % 13) < 4) | (((ids * 37) % 101) > 70)
y = actual.astype(int)

print("roc_auc", repr(M.roc_auc_score(y, score)))
fpr, tpr, thr = M.roc_curve(y, score, drop_intermediate=False)
print("roc points", len(fpr))
for i in [0, 1, 2, 50, len(fpr) - 1]:
    print("roc", i, repr(thr[i]), repr(fpr[i]), repr(tpr[i]))
prec, rec, thr2 = M.precision_recall_curve(y, score)
# sklearn: increasing thresholds, then (precision 1, recall 0) last; reverse it
prec, rec = prec[::-1], rec[::-1]
thr2 = np.r_[np.inf, thr2[::-1]]
print("pr points", len(prec))
for i in [0, 1, 2, 50, len(prec) - 1]:
    print("pr", i, repr(thr2[i]), repr(prec[i]), repr(rec[i]))
print("log_loss", repr(M.log_loss(y, score)))
print("brier", repr(M.brier_score_loss(y, score)))
# log loss clipping: probabilities 0 and 1 on the wrong side
print("log_loss clipped", repr(M.log_loss([1, 0], [0.0, 1.0], labels=[0, 1])))

# gains table by hand (numpy): rank by score descending; a run of ties
# starting at 0-based rank r goes to bin floor(r * bins / n) + 1
def gains(score, y, bins):
    order = np.argsort(-score, kind="stable")
    s, yy = score[order], y[order]
    n = len(s)
    b = np.empty(n, dtype=int)
    i = 0
    while i < n:
        j = i
        while j < n and s[j] == s[i]:
            j += 1
        b[i:j] = (i * bins) // n
        i = j
    P = yy.sum()
    rows = []
    cr = cp = 0
    for k in sorted(set(b)):
        m = b == k
        r, p = m.sum(), yy[m].sum()
        cr += r; cp += p
        rows.append((k + 1, r, p, p / r, s[m].min(), s[m].max(), cr, cp,
                     cp / cr, cp / P, (p / r) / (P / n), (cp / cr) / (P / n)))
    return rows

for row in gains(score, y, 10):
    print("gains10", " ".join(repr(float(x)) if isinstance(x, float) or isinstance(x, np.floating) else str(x) for x in row))
for row in gains(score, y, 4):
    print("gains4", row[0], row[1], row[2], repr(float(row[10])))

lab = np.array(list("abc"))
ya = lab[ids % 3]
yp = lab[(ids * ids) % 7 % 3]
def report(ya, yp):
    r = M.classification_report(ya, yp, output_dict=True, zero_division=0)
    print(json.dumps(r, default=float))
    print("confusion", M.confusion_matrix(ya, yp).tolist())
    print("balanced_accuracy", repr(M.balanced_accuracy_score(ya, yp)))
    print("kappa", repr(M.cohen_kappa_score(ya, yp)))
report(ya, yp)
ia = np.array([10, 2, 1])[ids % 3]
ip = np.array([10, 2, 1])[(ids * ids) % 7 % 3]
report(ia, ip)
# boolean classes from the binary data, predicted = score >= 0.5
report(actual, score >= 0.5)

# pmkt.split_hash: FNV-1a 64 over seed (4 bytes LE) + key bytes, splitmix64 finish
def split_hash(key, seed):
    M64 = (1 << 64) - 1
    h = 14695981039346656037
    for b in (seed & 0xffffffff).to_bytes(4, "little") + key.encode():
        h ^= b
        h = (h * 1099511628211) & M64
    h = (h + 0x9E3779B97F4A7C15) & M64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & M64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & M64
    h ^= h >> 31
    return (h >> 11) / 9007199254740992.0

print("split_hash('1', 0)", repr(split_hash("1", 0)))
print("split_hash('customer-42', 7)", repr(split_hash("customer-42", 7)))
print("n_test", sum(split_hash(str(i), 0) < 0.2 for i in range(1, 301)))
pos = [i for i in range(1, 301) if actual[i - 1]]
print("stratified true stratum", len(pos), "test", round(0.25 * len(pos)))
