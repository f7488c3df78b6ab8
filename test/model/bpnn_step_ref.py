# Independent reference for sql/bpnn.sql's backprop check: replays
# pmkt.bpnn_train's seeded initialisation (xoshiro256** + splitmix64, as
# src/util/rng.c) and runs full-batch SGD / Adam steps in numpy.
# Usage: /usr/bin/python3 test/model/bpnn_step_ref.py
import math, numpy as np
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
    def uniform(self): return (self.next() >> 11) * 2.0**-53

X = []; Y = []
for i in range(1, 51):
    x1 = 6*(i*0.6180339887498949 - math.floor(i*0.6180339887498949)) - 3
    x2 = 4*(i*0.7548776662466927 - math.floor(i*0.7548776662466927)) - 2
    s = math.sin(float(i))*43758.5453
    X.append([x1, x2]); Y.append([math.sin(x1) + x2*x2/2 + 0.2*(s - math.floor(s) - 0.5)])
X = np.array(X); Y = np.array(Y)
Z = (X - X.mean(0)) / X.std(0); T = (Y - Y.mean(0)) / Y.std(0)
d, h, t, n = 2, 3, 1, 50
for opt, lr in (("sgd", 0.1), ("adam", 0.01)):
    rng = Rng(42)
    b1 = math.sqrt(2.0 / (d + h)); b2 = math.sqrt(2.0 / (h + t))   # sigmoid units
    P = [(2*rng.uniform() - 1)*b1 for _ in range(h*d + h)] + [(2*rng.uniform() - 1)*b2 for _ in range(t*h + t)]
    W1 = np.array(P[:h*d]).reshape(h, d); B1 = np.array(P[h*d:h*d+h])
    W2 = np.array(P[h*d+h:h*d+h+t*h]).reshape(t, h); B2 = np.array(P[h*d+h+t*h:])
    m = [np.zeros_like(a) for a in (W1, B1, W2, B2)]; v = [np.zeros_like(a) for a in (W1, B1, W2, B2)]
    for step in range(1, 3):
        H = 1/(1 + np.exp(-(Z @ W1.T + B1))); O = H @ W2.T + B2
        D2 = (O - T) / n
        gW2 = D2.T @ H; gB2 = D2.sum(0)
        D1 = (D2 @ W2) * H * (1 - H)
        gW1 = D1.T @ Z; gB1 = D1.sum(0)
        params = [W1, B1, W2, B2]; grads = [gW1, gB1, gW2, gB2]
        if opt == "sgd":
            for p_, g in zip(params, grads): p_ -= lr * g
        else:
            lr_t = lr * math.sqrt(1 - 0.999**step) / (1 - 0.9**step)
            for k, (p_, g) in enumerate(zip(params, grads)):
                m[k] = 0.9*m[k] + 0.1*g; v[k] = 0.999*v[k] + 0.001*g*g
                p_ -= lr_t * m[k] / (np.sqrt(v[k]) + 1e-8)
    flat = np.concatenate([W1.ravel(), B1, W2.ravel(), B2])
    print(opt, "ARRAY[" + ", ".join(repr(float(x)) for x in flat) + "]")
