#!/usr/bin/python3
"""Reference values for sql/experiment/nonparam.sql (pmkt.mann_whitney, issue 15).

U, z and p: scipy.stats.mannwhitneyu(variant, control, method='asymptotic',
use_continuity=True, alternative='two-sided').  Means: numpy.
Bootstrap: (a) exact, by re-implementing pmkt's documented resampling
(xoshiro256** seeded by splitmix64, unbiased bounded draws, variant then
control in each resample, numpy.percentile linear) in pure Python;
(b) independent, scipy.stats.bootstrap(method='percentile') with its own
generator, to which pmkt's interval must be close (Monte Carlo tolerance).
Run: /usr/bin/python3 test/experiment/nonparam_ref.py
"""
import numpy as np
from scipy import stats

M64 = (1 << 64) - 1


def data():
    g = np.arange(1, 81)
    k = (g * 7919) % 101
    variant = (k ** 3 // 10000 + 3 * (g % 4 == 0)).astype(float)
    h = np.arange(1, 71)
    k = (h * 104729) % 97
    control = (k ** 3 // 12000).astype(float)
    return variant, control


class Rng:
    def __init__(self, seed):
        x = seed & M64
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 45)
        return result

    def below(self, n):
        limit = M64 - M64 % n
        while True:
            r = self.next()
            if r < limit:
                return r % n


def boot(x, y, n_boot, seed, alpha):
    rng = Rng(seed)
    d = []
    for _ in range(n_boot):
        ix = [rng.below(len(x)) for _ in range(len(x))]
        iy = [rng.below(len(y)) for _ in range(len(y))]
        d.append(x[ix].mean() - y[iy].mean())
    return np.percentile(d, [100 * alpha / 2, 100 * (1 - alpha / 2)])


def mw(x, y):
    r = stats.mannwhitneyu(x, y, method='asymptotic', use_continuity=True,
                           alternative='two-sided')
    n1, n2 = len(x), len(y)
    mu = n1 * n2 / 2
    # scipy's z (from its p): the signed, continuity-corrected statistic
    z = np.sign(r.statistic - mu) * stats.norm.isf(r.pvalue / 2) if r.pvalue < 1 else 0.0
    return r.statistic, z, r.pvalue


x, y = data()
print("data: n", len(x), len(y), "distinct values", len(np.unique(np.r_[x, y])))
u, z, p = mw(x, y)
print(f"main: U={u!r} z={z:.10f} p={p:.10f}")
print(f"      mean_variant={x.mean():.10f} mean_control={y.mean():.10f} diff={x.mean() - y.mean():.10f}")
lo, hi = boot(x, y, 2000, 42, 0.05)
print(f"      exact bootstrap (2000, seed 42, 0.05): [{lo:.10f}, {hi:.10f}]")
lo, hi = boot(x, y, 500, 7, 0.10)
print(f"      exact bootstrap (500, seed 7, 0.10): [{lo:.10f}, {hi:.10f}]")
b = stats.bootstrap((x, y), lambda a, c, axis=-1: a.mean(axis=axis) - c.mean(axis=axis),
                    n_resamples=20000, method='percentile', confidence_level=0.95,
                    random_state=np.random.default_rng(1), vectorized=True)
print(f"      scipy bootstrap percentile (20000): [{b.confidence_interval.low:.4f}, {b.confidence_interval.high:.4f}]")
u, z, p = mw(y, x)
print(f"swapped: U={u!r} z={z:.10f} p={p:.10f}")
# scipy's doc example (Conover): males vs females, no ties... small with ties
a = np.array([19, 22, 16, 29, 24], float)
c = np.array([20, 11, 17, 12], float)
u, z, p = mw(a, c)
print(f"small: U={u!r} z={z:.10f} p={p:.10f}")
a = np.array([1, 2, 2, 3, 3, 3], float)
c = np.array([2, 3, 4, 4, 5], float)
u, z, p = mw(a, c)
print(f"ties: U={u!r} z={z:.10f} p={p:.10f}")
u, z, p = mw(np.array([1.0]), np.array([2.0]))
print(f"one each: U={u!r} p={p!r}")

# pmkt.experiment_power: statsmodels NormalIndPower (ratio 1, two-sided)
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize
P = NormalIndPower()
from scipy import optimize


def solve(n, alpha, power):
    # statsmodels' own power function, root to 1e-15: NormalIndPower.solve_power
    # stops early (its d=0.1252903453 for n 1000 has power 0.7999987)
    return optimize.brentq(lambda d: P.power(d, n, alpha, ratio=1) - power, 1e-9, 10, xtol=1e-15)


for n, mean, sd, alpha, power in [(1000, 50.0, 20.0, 0.05, 0.8), (250, 50.0, 20.0, 0.01, 0.9),
                                  (10, 3.0, 1.5, 0.05, 0.8)]:
    d = solve(n, alpha, power)
    dt = TTestIndPower().solve_power(effect_size=None, nobs1=n, alpha=alpha, power=power, ratio=1)
    print(f"power metric n={n} alpha={alpha} power={power}: d={d:.10f} mde={d * sd:.10f} rel={d * sd / mean:.10f}"
          f"  (TTestIndPower d={dt:.10f})")
for n, p1, alpha, power in [(5000, 0.10, 0.05, 0.8), (20000, 0.03, 0.05, 0.8)]:
    h = solve(n, alpha, power)
    p2 = np.sin(np.arcsin(np.sqrt(p1)) + h / 2) ** 2
    assert abs(proportion_effectsize(p2, p1) - h) < 1e-12
    print(f"power rate n={n} p1={p1}: h={h:.10f} mde={p2 - p1:.10f} rel={(p2 - p1) / p1:.10f}")
print("power_at_lift metric n=1000 sd=20 lift=2:", f"{P.power(effect_size=2 / 20, nobs1=1000, alpha=0.05, ratio=1):.10f}")
print("power_at_lift rate n=5000 p1=0.10 lift=0.01:",
      f"{P.power(effect_size=proportion_effectsize(0.11, 0.10), nobs1=5000, alpha=0.05, ratio=1):.10f}")
print("power_at_lift rate n=5000 p1=0.10 lift=-0.01:",
      f"{P.power(effect_size=proportion_effectsize(0.09, 0.10), nobs1=5000, alpha=0.05, ratio=1):.10f}")
h = solve(2, 0.05, 0.8)
print(f"rate n=2 p1=0.9: h={h:.10f} > 2(pi/2 - asin sqrt 0.9) = {2 * (np.pi / 2 - np.arcsin(np.sqrt(0.9))):.4f}: no rate detectable")
