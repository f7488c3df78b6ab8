"""The loader's canonical row order (src/util/matrix.c, issue 19), for the
references that replay a trainer's row-position-dependent steps (seeded
shuffles, online updates): rows without an id column are sorted by a 64-bit
hash of the bits of their features then targets (splitmix64's finaliser
folded over the words), ties by those bits as unsigned 64-bit words.
canonical_order(X, Y) returns the original row numbers in canonical order."""
import struct

M = (1 << 64) - 1


def _mix(h):
    h ^= h >> 30
    h = (h * 0xBF58476D1CE4E5B9) & M
    h ^= h >> 27
    h = (h * 0x94D049BB133111EB) & M
    h ^= h >> 31
    return h


def _bits(v):
    return struct.unpack("<Q", struct.pack("<d", float(v)))[0]


def canonical_order(X, Y=None):
    rows = []
    for i in range(len(X)):
        words = [_bits(v) for v in X[i]]
        if Y is not None:
            words += [_bits(v) for v in Y[i]]
        k = 0x9E3779B97F4A7C15 ^ len(words)
        for w in words:
            k = _mix(k ^ w)
        rows.append((k, words, i))
    rows.sort()
    return [i for _, _, i in rows]
