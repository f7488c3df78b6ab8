# Independent replay of pmkt.rbf_train's online gradient descent (solver 'gd')
# for sql/rbf.sql: given the trained model's centres and widths (JSON on
# stdin; the centres themselves are checked by test/model/rbf_ref.py), rebuild the
# Gaussian hidden layer in numpy, replay the seeded row order (xoshiro256**
# + splitmix64 and Fisher-Yates with rejection sampling, as src/util/rng.c)
# and the per-row updates, and print the output weights and bias.
# Usage: psql -tAc "SELECT pmkt.rbf_train(...)::text" | /usr/bin/python3 test/model/rbf_gd_ref.py
import json, math, sys, numpy as np
M = (1 << 64) - 1
def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
class Rng:
    def __init__(self, seed):
        x = seed & M; self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
            self.s.append(z ^ (z >> 31))
    def next(self):
        s = self.s
        r = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return r
    def below(self, n):
        limit = M - M % n
        while True:
            r = self.next()
            if r < limit: return r % n
    def shuffle(self, v):
        for i in range(len(v) - 1, 0, -1):
            j = self.below(i + 1); v[i], v[j] = v[j], v[i]

m = json.loads(sys.stdin.read())
n = m["n_train"]
X = []; Y = []
for i in range(1, n + 1):
    x1 = 6*(i*0.6180339887498949 - math.floor(i*0.6180339887498949)) - 3
    x2 = 4*(i*0.7548776662466927 - math.floor(i*0.7548776662466927)) - 2
    s = math.sin(float(i))*43758.5453
    X.append([x1, x2]); Y.append(math.sin(x1) + x2*x2/2 + 0.2*(s - math.floor(s) - 0.5))
# the loader's canonical row order (issue 19): the seeded shuffles below
# permute row positions in that order
sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/util")
from canonical_order import canonical_order
o = canonical_order(X, [[y] for y in Y])
X = np.array(X)[o]; Y = np.array(Y)[o]
Z = (X - X.mean(0)) / X.std(0); T = (Y - Y.mean()) / Y.std()
C = np.array(m["centres"]); w = np.array(m["widths"]); K = len(C)
H = np.hstack([np.exp(-((Z[:, None, :] - C[None, :, :])**2).sum(2) / (2*w**2)), np.ones((n, 1))])
W = np.zeros(K + 1); lr = m["learning_rate"]
rng = Rng(42); order = list(range(n))
for ep in range(m["epochs"]):
    rng.shuffle(order)
    for r in order:
        h = H[r]; a = 0.0
        for u in range(K + 1): a += W[u]*h[u]
        e = a - T[r]
        for u in range(K + 1): W[u] -= lr*e*h[u]
print("output_weights", [repr(float(x)) for x in W[:K]], "output_bias", repr(float(W[K])))
print("model         ", m["output_weights"][0], m["output_bias"])
print("max |diff|", max(abs(np.array(m["output_weights"][0] + m["output_bias"]) - W)))
