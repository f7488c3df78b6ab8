#!/usr/bin/python3
"""Reference for sql/segment/row_sample.sql: pmkt.row_sample's bottom-k
sample computed independently (plain Python integers for the hash, a sort
of the distinct rows for the selection), for the rows of the test:
x = ARRAY[(g % 7), (g % 5) * 0.5] for g in 1..100 (35 distinct rows).

The key of a row: h = mix(seed ^ 0x5045d4b1a3c2f001); for each feature
h = mix(h ^ bits(x)) (bits: IEEE-754 binary64 pattern, -0 read as +0);
key = h >> 11.  mix is SplitMix64's finaliser.  The sample: the `size`
distinct rows with the smallest (key, row), each with its count."""
import struct
from collections import Counter

M = (1 << 64) - 1


def mix(z):
    z = (z + 0x9e3779b97f4a7c15) & M
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
    return z ^ (z >> 31)


def key(x, seed):
    h = mix((seed & M) ^ 0x5045d4b1a3c2f001)
    for v in x:
        v = 0.0 if v == 0 else v
        h = mix(h ^ struct.unpack('<Q', struct.pack('<d', v))[0])
    return h >> 11


def sample(rows, size, seed):
    c = Counter(tuple(r) for r in rows)
    order = sorted(c, key=lambda r: (key(r, seed), r))
    return [(r, c[r]) for r in order[:size]]


if __name__ == '__main__':
    rows = [(float(g % 7), (g % 5) * 0.5) for g in range(1, 101)]
    for size, seed in ((5, 7), (5, -3), (3, 0)):
        s = sample(rows, size, seed)
        print(f'size {size} seed {seed}: sample', '{' + ','.join('{%g,%g}' % r for r, _ in s) + '}',
              'weights', '{' + ','.join(str(w) for _, w in s) + '}')
