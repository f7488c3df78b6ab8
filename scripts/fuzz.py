#!/usr/bin/python3
"""scripts/fuzz.py: pmkt's fuzzer (issue 17, item 8).  Run it through
scripts/fuzz.sh, which builds pmkt, installs it into a private DESTDIR and
starts a throwaway cluster (pg_virtualenv); this script only needs the PG*
environment of that cluster and /proc access to the backend.

What it fuzzes, all enumerated from the catalog (new functions are covered
without editing this file):
  state    every aggregate's _sfunc / _combine / _final with REAL states (made
           by running the transition function on small data in a helper
           aggregate), then mutated: counts negative, huge, NaN, +-Inf,
           non-integer, labels out of range, truncated, extended, swapped,
           2-D, NULL elements, another aggregate's state ...
  input    every pmkt base type's input (text) and receive (binary, through
           COPY ... FORMAT binary) functions, on mutated real values
  model    every function taking a pmkt model (composite result types and
           pmkt.nnmodel): real trained models with mutated fields
  trainer  every function taking a `query`: hostile queries (wrong column
           count / types / dimensions, NULLs, NaN, huge values, empty results)
  call     every other function (and the support functions) on hostile
           scalars, arrays, tables and texts
Case i is a pure function of (seed, i) (plus the fixed set-up), so a failure
is replayed with `scripts/fuzz.sh --seed S --case I`.

A case FAILS on: the connection lost (backend crash / server restart, or any
FATAL), an XX-class SQLSTATE (XX000 internal error), a backend whose VmRSS or
VmHWM exceeds --memory-mb (polled every 10 ms from /proc while the statement
runs; the statement is cancelled; sessions run with pmkt.max_train_memory at
half that limit, so this is a budget not kept), a statement still running --grace seconds
after its statement_timeout (terminated), or a WARNING about a leak.
`--self-test` proves the judge detects each kind (it must report exactly the
planted failures).  Exit status: 0 = no failure, 1 = failures, 2 = set-up or
self-test error.
"""
import argparse
import json
import math
import os
import random
import re
import struct
import sys
import threading
import time

import psycopg2
import psycopg2.extensions

NAN, INF = float('nan'), float('inf')

# ---------------------------------------------------------------- set-up SQL
# Deterministic objects the cases may refer to (tables for regclass
# arguments, sinks for binary input).  Printed with every failure report.
SETUP_SQL = r"""
CREATE SCHEMA fuzz;
SELECT count(*) FROM pmkt.generate_demo('fuzz_demo', 400, 1);
CREATE TABLE fuzz.orders_bad AS SELECT * FROM fuzz_demo.orders;
UPDATE fuzz.orders_bad SET amount = CASE order_id % 5 WHEN 0 THEN 'NaN' WHEN 1 THEN 'Infinity'
  WHEN 2 THEN -1e308 WHEN 3 THEN NULL ELSE 1e308 END WHERE order_id % 7 = 0;
UPDATE fuzz.orders_bad SET ordered_at = CASE WHEN order_id % 2 = 0 THEN 'infinity'::timestamptz ELSE NULL END
  WHERE order_id % 11 = 0;
UPDATE fuzz.orders_bad SET customer_id = NULL WHERE order_id % 13 = 0;
CREATE TABLE fuzz.campaigns_bad AS SELECT * FROM fuzz_demo.campaigns;
UPDATE fuzz.campaigns_bad SET spend = 'NaN', impressions = -5, clicks = 9223372036854775807 WHERE month = (SELECT min(month) FROM fuzz.campaigns_bad);
UPDATE fuzz.campaigns_bad SET revenue = 'Infinity', conversions = NULL WHERE channel = (SELECT min(channel) FROM fuzz.campaigns_bad);
CREATE TABLE fuzz.aisas_bad AS SELECT * FROM fuzz_demo.aisas_monthly;
UPDATE fuzz.aisas_bad SET ad_impressions = -1, purchase_amount = 'NaN' WHERE unit_id % 3 = 0;
UPDATE fuzz.aisas_bad SET buyers = 9223372036854775807, orders = 0, month = 'infinity' WHERE unit_id % 5 = 1;
UPDATE fuzz.aisas_bad SET purchase_amount = NULL, consumers = NULL WHERE unit_id % 7 = 2;
CREATE TABLE fuzz.empty_orders AS SELECT * FROM fuzz_demo.orders WHERE false;
CREATE TABLE fuzz.text_orders (customer_id text, ordered_at text, amount text, channel int, month text, impressions text);
INSERT INTO fuzz.text_orders VALUES ('a', 'b', 'c', 1, 'x', 'y'), (NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE fuzz.nums AS SELECT g FROM generate_series(1, 3000) g;
ANALYZE fuzz.nums;
"""

REGCLASSES = ["'fuzz_demo.orders'", "'fuzz_demo.campaigns'", "'fuzz_demo.aisas_monthly'", "'fuzz_demo.customers'",
              "'fuzz_demo.visits'", "'fuzz.orders_bad'", "'fuzz.campaigns_bad'", "'fuzz.aisas_bad'",
              "'fuzz.empty_orders'", "'fuzz.text_orders'", "'pg_class'", "'pmkt.model_registry'", "'pg_class_oid_index'",
              "'pmkt.v_segment_summary'", "0", "NULL"]

# ------------------------------------------------------------ value pools
HOSTILE_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, -2.0, 1e308, -1e308, 1.7976931348623157e308, 5e-324,
                  1e-300, NAN, INF, -INF, 2.0**31, 2.0**31 - 1, -2.0**31, -2.0**31 - 1, 2.0**32, 2.0**53,
                  2.0**63, -2.0**63, 2.0**64, 1e19, 1e15, 1e9, 1e6, 65536.0, 1e30, 1e154, 1e155, 0.1, 7.5, -0.5]
GOOD_FLOATS = [0.0, 1.0, 2.0, 0.5, 3.0, -1.0, 10.0, 0.1, 0.01, 0.001, 0.05, 0.8, 0.9, 42.0, 100.0]
HOSTILE_INTS = [0, -1, 1, 2, 3, 10, 100, 1000, 100000, 10**6, 10**8, 2**31 - 1, -2**31, 2**30, 65536]
HOSTILE_BIGINTS = HOSTILE_INTS + [2**63 - 1, -2**63, 2**32, 10**12]
GOOD_INTS = [1, 2, 3, 4, 5]
KEYWORDS = ['kmeans++', 'k-means++', 'random', 'density', 'kmeans', 'sigmoid', 'tanh', 'relu', 'identity', 'softmax',
            'adam', 'sgd', 'momentum', 'lstsq', 'gd', 'rules', 'shared', 'first', 'total', 'average', 'mean',
            '+', '-', 'positive', 'negative', 'pmkt', 'public', 'pg_catalog', 'information_schema', 'fuzz_demo',
            'pmkt_demo', 'fuzz', 'text', 'nnmodel']
HOSTILE_TEXTS = ['', ' ', 'x', "'", '"', '\\', '%s%s%s%n', 'NULL', 'bogus', 'SELECT 1', 'SELECT 1/0', 'a' * 300,
                 'x' * 70000, 'é€😀', 'fuzz_demo"; DROP SCHEMA fuzz CASCADE; --', 'pg_', '\t\n', 'Infinity', 'NaN',
                 '-1', '1e308', '{}', '[]', '{"format": "pmkt.nnmodel"}', 'pmkt.nnmodel', 'orders', 'campaigns']
JSONBS = ["'{}'", "'[]'", "'null'", "'{\"a\": 1}'", "'{\"k\": 1e308, \"x\": [1, null]}'", "'\"str\"'", "NULL"]
TIMESTAMPS = ["'2024-07-01 00:00+00'", "'infinity'", "'-infinity'", "'4713-01-01 BC'", "'294276-12-31'", "NULL",
              "'2020-02-29 12:00+00'"]
DATES = ["'2024-07-01'", "'infinity'", "'-infinity'", "NULL", "'4713-01-01 BC'", "'5874897-12-31'", "'2025-01-01'"]

SMALL_INT_ARGS = {'k', 'centers', 'k_min', 'k_max', 'hidden', 'n_components', 'version', 'bins', 'min_points',
                  'frequent_min_score', 'n_init', 'patience', 'channel_months'}
COUNT_ARGS = {'epochs', 'max_iter', 'batch_size', 'sample_size', 'orders', 'max_candidate_pairs'}

# columns of training queries, by role: (good expressions, hostile expressions); {d} is the feature dimension
FEAT_GOOD = ["ARRAY[{cols}]::float8[]"]
FEAT_HOSTILE = ["NULL::float8[]", "'{{}}'::float8[]", "ARRAY[{cols}, 'NaN']::float8[]", "ARRAY[{cols}, 'Infinity']::float8[]",
                "ARRAY[{cols}, 1e308]::float8[]", "ARRAY[{cols}, -1e308]::float8[]",
                "CASE WHEN g % 3 = 0 THEN ARRAY[g]::float8[] ELSE ARRAY[{cols}]::float8[] END",
                "CASE WHEN g % 2 = 0 THEN NULL ELSE ARRAY[{cols}]::float8[] END", "ARRAY[NULL::float8, g]",
                "ARRAY[[g, g], [g, 1]]::float8[]", "array_fill(g::float8, ARRAY[2000])", "array_fill(g::float8, ARRAY[1, 1, {d}])",
                "ARRAY[{cols}]::int[]", "ARRAY[{cols}]::numeric[]", "g::float8", "'x'::text", "ARRAY[g * 1e300, g * -1e300]",
                "ARRAY[{cols}]::float8[] || CASE WHEN g = 2 THEN ARRAY[1.0::float8] ELSE '{{}}' END",
                "ARRAY[0, 0]::float8[]", "ARRAY[1e-320, g]::float8[]", "'[5:6]={{1,2}}'::float8[]",
                "ARRAY[1]::float8[]", "array_fill(0::float8, ARRAY[{d}])"]
TARGET_GOOD = ["(g % 2)::float8", "((g * 7) % 5 > 2)::int::float8", "(g * 0.37)::float8", "ARRAY[(g % 2)::float8, (g % 3)::float8]"]
TARGET_HOSTILE = ["NULL::float8", "'NaN'::float8", "'Infinity'::float8", "1e308::float8", "-1e308::float8", "g::int",
                  "g::text", "ARRAY[g]::float8[]", "ARRAY[NULL::float8]", "'{{}}'::float8[]", "(g % 2 = 0)",
                  "CASE WHEN g = 3 THEN ARRAY[1, 2]::float8[] ELSE ARRAY[1]::float8[] END", "(g % 2)::float8 * 1e300",
                  "2.0::float8", "-1::float8", "array_fill(1::float8, ARRAY[500])", "5e-324::float8"]
ID_GOOD = ["g::bigint", "(g * 3)::bigint"]
ID_HOSTILE = ["NULL::bigint", "1::bigint", "'x'::text", "g::float8", "9223372036854775807::bigint", "(-g)::bigint",
              "g::numeric * 1e30", "ARRAY[g]"]
TIME_GOOD = ["timestamptz '2024-01-01 00:00+00' + g * interval '1 day'", "timestamptz '2024-06-01 00:00+00' - (g % 9) * interval '3 days'"]
TIME_HOSTILE = ["'infinity'::timestamptz", "'-infinity'::timestamptz", "NULL::timestamptz", "g", "'x'::text",
                "timestamptz '294276-12-31 00:00+00'", "timestamptz '4713-01-01 00:00+00 BC'", "g::date"]
AMOUNT_GOOD = ["(g * 1.5)::float8", "((g * 37) % 100)::numeric"]
AMOUNT_HOSTILE = ["'NaN'::float8", "'Infinity'::float8", "-1e308::float8", "NULL::float8", "'x'::text", "1e308::float8",
                  "-g::float8", "0::float8", "'NaN'::numeric", "1e300::numeric"]
ROLE_POOLS = {'feat': (FEAT_GOOD, FEAT_HOSTILE), 'target': (TARGET_GOOD, TARGET_HOSTILE),
              'label': (TARGET_GOOD[:2], TARGET_HOSTILE), 'id': (ID_GOOD, ID_HOSTILE),
              'time': (TIME_GOOD, TIME_HOSTILE), 'amount': (AMOUNT_GOOD, AMOUNT_HOSTILE)}
QUERY_SHAPES = {'kmeans_train': ['feat'], 'kmeans_choose_k': ['feat'], 'dbscan': ['id', 'feat'],
                'rfm_query': ['id', 'time', 'amount'], 'logistic_train': ['feat', 'label'],
                'bpnn_train': ['feat', 'target'], 'rbf_train': ['feat', 'target'], 'nn_evaluate': ['feat', 'target'],
                'frequent_itemsets': ['id', 'id'], 'association_rules': ['id', 'id'], 'cross_sell': ['id', 'id']}
WEIRD_QUERIES = ["", " ", "SELECT", "not sql", "SELECT 1/0", "SELECT 1; SELECT 2", "VALUES (1)", "SELECT",
                 "SELECT * FROM pg_sleep(1000)", "CREATE TABLE fuzz.x ()", "SELECT FROM generate_series(1, 5)",
                 "SELECT NULL", "SELECT 'NaN'::float8", "TABLE fuzz_demo.orders", "SELECT * FROM fuzz.text_orders",
                 "SELECT ARRAY[1, 2]::float8[] FROM generate_series(1, 10000000)", "SELECT $1", "COMMIT",
                 "SELECT pg_terminate_backend(0)", "SELECT ARRAY[1, 2]::float8[], 1::float8 FOR UPDATE",
                 "SELECT * FROM fuzz_demo.orders WHERE false", "DO $$BEGIN END$$"]


def fmt_float(x):
    if x is None:
        return 'NULL'
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return repr(float(x))


def sql_str(s):
    """A string literal for any text without NUL."""
    if s is None:
        return 'NULL'
    if all(32 <= ord(c) < 127 or ord(c) > 159 for c in s):
        return "'" + s.replace("'", "''") + "'"
    out = []
    for c in s:
        if c == '\\':
            out.append('\\\\')
        elif c == "'":
            out.append("\\'")
        elif ord(c) < 32 or 127 <= ord(c) <= 159:
            out.append('\\x%02x' % ord(c))
        else:
            out.append(c)
    return "E'" + ''.join(out) + "'"


def arr_body(v, elem=fmt_float):
    if isinstance(v, list):
        return '{' + ','.join(arr_body(e, elem) for e in v) + '}'
    return elem(v)


def float_arr(v, prefix=''):
    if v is None:
        return 'NULL::float8[]'
    return "'%s%s'::float8[]" % (prefix, arr_body(v))


def render(v, typ):
    """SQL literal of a Python value for a (catalog) type name."""
    if v is None:
        return 'NULL::%s' % typ
    if typ == 'double precision':
        return "'%s'::float8" % fmt_float(v)
    if typ in ('integer', 'bigint', 'smallint'):
        return '%d::%s' % (v, typ)
    if typ == 'boolean':
        return 'true' if v else 'false'
    if typ.endswith('[]'):
        base = typ[:-2]
        if base == 'double precision':
            return float_arr(v)
        if base == 'boolean':
            return "'%s'::boolean[]" % arr_body(v, lambda e: 'NULL' if e is None else ('t' if e else 'f'))
        if base in ('integer', 'bigint', 'smallint'):
            return "'%s'::%s" % (arr_body(v, lambda e: 'NULL' if e is None else str(int(e))), typ)
        return "%s::%s" % (sql_str(arr_body(v, lambda e: 'NULL' if e is None else '"' + str(e).replace('\\', '\\\\').replace('"', '\\"') + '"')), typ)
    if isinstance(v, (dict, list)):
        v = json.dumps(v)
    return '%s::%s' % (sql_str(str(v)), typ)


# ------------------------------------------------------------ mutations
def flat(v):
    if isinstance(v, list):
        out = []
        for e in v:
            out.extend(flat(e))
        return out
    return [v]


def mutate_array(rng, v, hint_len=None):
    """Mutations of a (possibly nested) float array; returns (array, prefix)."""
    a = flat(v) if v is not None else []
    n_ops = rng.choice([1, 1, 1, 2, 2, 3, 5])
    prefix = ''
    for _ in range(n_ops):
        op = rng.randrange(14)
        n = len(a)
        # indices: biased towards the slots holding small integers (tags, sizes,
        # counts, labels: the data of the real states is fractional) and towards
        # the header of a state
        ints = [j for j, x in enumerate(a) if x is not None and abs(x) < 1e7 and x == int(x)]
        r = rng.random()
        idx = (rng.choice(ints) if ints and r < 0.5 else rng.randrange(min(n, 32)) if r < 0.75
               else rng.randrange(n)) if n else None
        if op <= 3 and n:
            a[idx] = rng.choice(HOSTILE_FLOATS)
        elif op == 13 and n and rng.random() < 0.5:  # a label or index just or far out of range
            a[idx] = float(rng.choice([-1, -2, n, n + 1, 2 * n, 10**6, -10**6, 2**31 - 1, -2**31, 2**40]))
        elif op == 4 and n:
            a[idx] = float(rng.randint(-3, max(4, 2 * (hint_len or n))))
        elif op == 5 and n:
            a[idx] = -a[idx] if a[idx] is not None else -1.0
        elif op == 6 and n:
            a[idx] = (a[idx] or 0.0) + rng.choice([1.0, -1.0, 0.5, 1e-9])
        elif op == 7 and n:
            a[idx] = (a[idx] or 1.0) * rng.choice([1e10, 1e300, -1.0, 0.0, 1e-300])
        elif op == 8:
            a = a[:rng.randrange(n + 1)] if n else a
        elif op == 9:
            extra = rng.choice([1, 1, 2, 3, 8, 100, 5000])
            src = a[-extra:] if a and rng.random() < 0.5 else [rng.choice(HOSTILE_FLOATS + GOOD_FLOATS) for _ in range(min(extra, 64))]
            while src and len(src) < extra:
                src = src + src
            a = a + src[:extra]
        elif op == 10 and n >= 2:
            i, j = rng.randrange(n), rng.randrange(n)
            a[i], a[j] = a[j], a[i]
        elif op == 11 and n:
            a[idx] = None
        elif op == 12 and n:
            i = rng.randrange(n)
            j = rng.randrange(i, n + 1)
            a = a[:j] + a[i:j] + a[j:]
        elif op == 13 and rng.random() < 0.5:
            prefix = rng.choice(['', '', '[0:%d]=' % (len(a) - 1), '[2:%d]=' % (len(a) + 1)]) if a else ''
    if prefix == '' and len(a) >= 4 and len(a) % 2 == 0 and rng.random() < 0.05:
        return [a[:len(a) // 2], a[len(a) // 2:]], ''
    return a, prefix


def mutate_text(rng, s):
    """Byte/char-level mutation of a text."""
    s = list(s)
    for _ in range(rng.choice([1, 1, 2, 3])):
        n = len(s)
        op = rng.randrange(6)
        if op == 0 and n:
            del s[rng.randrange(n):]
        elif op == 1:
            s.insert(rng.randrange(n + 1), rng.choice(list('{}[],:"0123456789-.eE ') + ['\\u0000', '\\', '\x01', 'é', 'NaN', 'null']))
        elif op == 2 and n:
            i = rng.randrange(n)
            j = min(n, i + rng.randint(1, 30))
            del s[i:j]
        elif op == 3 and n:
            i = rng.randrange(n)
            j = min(n, i + rng.randint(1, 60))
            s[i:i] = s[i:j] * rng.choice([1, 2, 50])
        elif op == 4 and n:
            s[rng.randrange(n)] = rng.choice('{}[],:"x9-')
        else:
            s = s + list(rng.choice([']', '}', ',', ', "x": 1}', '9' * 400]))
    return ''.join(s)


def hostile_json_value(rng):
    return rng.choice([0, -1, 1, 2, 3, 2**31 - 1, 2**31, -2**31, 2**53, 10**30, 1e308, 1e-320, 0.5, -0.0, None, True,
                       'x', '', [], {}, [1], [[1, 2]], 'NaN', 'Infinity', 'relu', 'sigmoid', 'identity', 'rbf', 'bpnn',
                       10**6, 100000, 65536, '1e400'])


def mutate_json(rng, obj):
    """Structural mutation of a JSON document; returns text."""
    obj = json.loads(json.dumps(obj))
    for _ in range(rng.choice([1, 1, 2, 3])):
        # pick a random container and key
        node, path = obj, []
        while True:
            keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
            if not keys:
                break
            k = rng.choice(keys)
            child = node[k]
            if isinstance(child, (dict, list)) and child and rng.random() < 0.6:
                node = child
                continue
            op = rng.randrange(9)
            if op <= 3:
                node[k] = hostile_json_value(rng)
            elif op == 4 and isinstance(node, dict):
                del node[k]
            elif op == 5 and isinstance(child, list):
                node[k] = child[:rng.randrange(len(child) + 1)]
            elif op == 6 and isinstance(child, list):
                node[k] = child + child[: rng.randint(1, max(1, len(child)))] * rng.choice([1, 3, 1000])
            elif op == 7 and isinstance(child, (int, float)) and not isinstance(child, bool):
                node[k] = -child if rng.random() < 0.5 else child * rng.choice([2, 1000, 1e300])
            else:
                node[k] = [child] if rng.random() < 0.5 else None
            break
    if isinstance(obj, dict) and rng.random() < 0.35:
        # trusted header sizes: several integer fields large at once
        keys = [k for k, v in obj.items() if isinstance(v, int) and not isinstance(v, bool)]
        for k in rng.sample(keys, min(len(keys), rng.randint(2, 4))):
            obj[k] = rng.choice([1000, 4096, 8192, 10000, 12000, 16384, 20000, 50000, 100000, 10**6, 2**31 - 1])
    text = json.dumps(obj)
    if rng.random() < 0.2:  # textual duplicates / JSON-only spellings
        text = text.replace('"inputs"', rng.choice(['"inputs": 1000000, "inputs"', '"inputs"'])).replace(
            'NaN', rng.choice(['NaN', '1e400', '-1e400']))
    return text


def mutate_bytes(rng, b):
    b = bytearray(b)
    for _ in range(rng.choice([1, 1, 2, 3])):
        n = len(b)
        op = rng.randrange(8)
        if op == 0 and n:
            b[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif op == 1 and n >= 4:
            i = rng.randrange(0, n - 3)
            if rng.random() < 0.7:
                i -= i % 4
            b[i:i + 4] = struct.pack('>i', rng.choice([0, -1, 1, 2, 3, 2**31 - 1, -2**31, 2**30, 65536, 1000000, 255]))
        elif op == 2 and n >= 8:
            i = rng.randrange(0, n - 7)
            b[i:i + 8] = struct.pack('>d', rng.choice([NAN, INF, -INF, 1e308, -1.0, 0.0, 5e-324]))
        elif op == 3 and n:
            del b[rng.randrange(n):]
        elif op == 4:
            b += bytes(rng.randrange(256) for _ in range(rng.choice([1, 4, 8, 100])))
        elif op == 5 and n:
            i = rng.randrange(n)
            b[i:i] = b[i:i + rng.randint(1, 64)] * rng.choice([1, 4, 100])
        elif op == 6 and n:
            b[rng.randrange(n)] = rng.choice([0, 0xff, 0x80, 0x7f])
        else:
            b = bytearray(b[:rng.randrange(n + 1)]) if n else bytearray(b'\0\0\0\1')
    return bytes(b)


# ------------------------------------------------------------ world (catalog + real values)
# data for real states: per aggregate, argument expressions over generate_series(1, N) g
STATE_DATA = {
    'pmkt.clv': [['g', '(g * 10.0)::float8', '(g * 2.0)::float8', '0.1::float8']],
    'pmkt.nps': [['(g * 7) % 11']],
    'pmkt.conversion_rate': [['g % 3 = 0']],
    'pmkt.kmeans_step/2': [["ARRAY[(g % 7)::float8 + 0.25, (g % 5)::float8 + 0.125]", "'{{0,0},{3,3}}'::float8[]"],
                           ["ARRAY[(g % 7)::float8 + 0.25, (g % 5)::float8 + 0.125]", "'{{0,0},{300,300},{-300,1}}'::float8[]"],
                           ["ARRAY[(g % 7)::float8, (g % 5)::float8, g::float8]", "'{{0,0,0},{3,3,3},{9,1,5}}'::float8[]"]],
    'pmkt.kmeans_step/5': [["ARRAY[(g % 7)::float8 + 0.25, (g % 5)::float8 + 0.125]", "'{{0,0},{300,300}}'::float8[]",
                            "'{{0,1},{3,2}}'::float8[]", "'{3,2}'::float8[]", "'{2,1.5}'::float8[]"],
                           ["ARRAY[(g % 7)::float8 + 0.25, (g % 5)::float8 + 0.125]", "'{{0,0},{3,3}}'::float8[]",
                            "'{{0,1},{3,2}}'::float8[]", "'{3,2}'::float8[]", "'{2,1.5}'::float8[]"],
                           ["ARRAY[(g % 7)::float8, (g % 5)::float8, g::float8]", "'{{0,0,0},{3,3,3},{9,1,5}}'::float8[]",
                            "'{{0,0,0},{3,3,3},{9,1,6}}'::float8[]", "NULL::float8[]", "NULL::float8[]"]],
    'pmkt.row_sample': [["ARRAY[(g % 7)::float8, (g % 5)::float8 * 0.5]", '8', '7::bigint'],
                        ["ARRAY[(g % 11)::float8, g::float8, -0.0::float8]", '500', '(-3)::bigint']],
    'pmkt.text_nb_counts': [["'late parcel w' || (g % 5) || ' the agent'", "(g % 3)::text", "'english'::regconfig", '1'],
                            ["CASE WHEN g % 4 = 0 THEN NULL ELSE 'the well-made agent ' || g END",
                             "CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 2 = 0)::text END", "'simple'::regconfig", '2']],
    'pmkt.column_ranges': [["ARRAY[(g % 7)::float8, (g * 0.5)::float8, (-g)::float8]"]],
    'pmkt.pca_components/1': [["ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 5)::float8]"]],
    'pmkt.pca_components/2': [["ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 5)::float8]", 'true']],
    'pmkt.pca_components/3': [["ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 5)::float8]", 'false', '0.8::float8']],
    'pmkt.entropy_weights': [["ARRAY[(g % 7 + 1)::float8, (g * 0.5)::float8, (g % 3 + 0.5)::float8]"]],
    'pmkt.entropy_weights_detail': [["ARRAY[(g % 7 + 1)::float8, (g * 0.5)::float8]"]],
    'pmkt.ols/3': [["(g + (g % 3) * 0.5)::float8", "ARRAY[g::float8, (g % 4)::float8]", 'true'],
                   ["(g * 2 - (g % 5))::float8", "ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 3)::float8]", 'false']],
    'pmkt.ols/2': [["(g + (g % 3) * 0.5)::float8", "ARRAY[g::float8, (g % 4)::float8]"]],
    'pmkt.logistic_step': [["ARRAY[g::float8, (g % 3)::float8]", "((g * 7) % 5 > 2)::int::float8", "'{0.1,0.2,-0.3}'::float8[]"]],
    'pmkt.regression_metrics': [['g::float8', '(g + (g % 3) * 0.1)::float8']],
    'pmkt.experiment/2': [["CASE g % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'a' ELSE 'b' END", '(g % 7 + g * 0.5)::float8'],
                          ["CASE g % 2 WHEN 0 THEN 'control' ELSE 'b' END", '(g % 2 = 0)::int::float8']],
    'pmkt.experiment/3': [["CASE g % 2 WHEN 0 THEN 'control' ELSE 'b' END", '(g % 7 + g * 0.5)::float8',
                           'CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 7)::float8 END']],
    'pmkt.experiment/4': [["CASE g % 2 WHEN 0 THEN 'control' ELSE 'b' END", '(g % 7 + g * 0.5)::float8',
                           '(g % 3)::float8', '(g % 7)::float8']],
    'pmkt.clv_summary_agg': [['(19700 + g * 3)::bigint', '((g % 7) * 1.5)::float8', '20000::bigint']],
    'pmkt.basket_counts/1': [['ARRAY[g % 7, (g * 3) % 5, g % 7, NULL]::bigint[]'],
                             ["CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN '{}'::bigint[] ELSE ARRAY[g, -g]::bigint[] END"]],
    'pmkt.basket_counts/2': [['ARRAY[g % 7, (g * 3) % 5, g % 7, NULL]::bigint[]', 'true'],
                             ['ARRAY[g % 11, (g * 7) % 13 - 6]::bigint[]', 'false']],
}
STATE_ROWS = [1, 2, 7, 30]

# real models: SQL producing one value of the type
MODEL_SQL = [
    "SELECT pmkt.text_nb_counts('late parcel w' || (g % 5), (g % 3)::text, 'english', 2) FROM generate_series(1, 20) g",
    "SELECT pmkt.ols(g + (g % 3) * 0.5, ARRAY[g::float8, (g % 4)::float8]) FROM generate_series(1, 20) g",
    "SELECT pmkt.ols(g * 2 - (g % 5), ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 3)::float8], false) FROM generate_series(1, 20) g",
    "SELECT pmkt.kmeans_train('SELECT ARRAY[(g % 7)::float8, (g % 5)::float8] FROM generate_series(1, 40) g', 3, seed => 1)",
    "SELECT pmkt.kmeans_train('SELECT ARRAY[(g % 7)::float8, (g % 5)::float8, g::float8] FROM generate_series(1, 40) g', 2, standardize => true, seed => 1)",
    "SELECT pmkt.logistic_train('SELECT ARRAY[g::float8, (g % 3)::float8], ((g * 7) % 5 > 2)::int::float8 FROM generate_series(1, 40) g')",
    "SELECT pmkt.pca_components(ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 5)::float8]) FROM generate_series(1, 20) g",
    "SELECT pmkt.pca_components(ARRAY[g::float8, (g % 4)::float8, ((g * 7) % 5)::float8], true, 0.8) FROM generate_series(1, 20) g",
    "SELECT pmkt.bpnn_train('SELECT ARRAY[g::float8, (g % 3)::float8], (g % 2)::float8 FROM generate_series(1, 12) g', hidden => 2, epochs => 3, seed => 1)",
    "SELECT pmkt.bpnn_train('SELECT ARRAY[g::float8], ARRAY[(g % 2)::float8, (g % 3)::float8] FROM generate_series(1, 12) g', hidden => 3, epochs => 2, activation => 'relu', seed => 1)",
    "SELECT pmkt.rbf_train('SELECT ARRAY[g::float8, (g % 3)::float8], (g % 2)::float8 FROM generate_series(1, 12) g', 2, seed => 1)",
    "SELECT pmkt.kmeans_step(ARRAY[(g % 7)::float8, (g % 5)::float8], '{{0,0},{3,3}}') FROM generate_series(1, 20) g",
    "SELECT pmkt.regression_metrics(g::float8, (g + (g % 3) * 0.1)::float8) FROM generate_series(1, 10) g",
    "SELECT pmkt.experiment(CASE g % 3 WHEN 0 THEN 'control' WHEN 1 THEN 'a' ELSE 'b' END, (g % 7 + g * 0.5)::float8, (g % 5)::float8) FROM generate_series(1, 30) g",
    "SELECT pmkt.experiment(CASE g % 2 WHEN 0 THEN 'control' ELSE 'b' END, (g % 7)::float8, (g % 3)::float8, NULL::float8) FROM generate_series(1, 20) g",
    "SELECT pmkt.basket_counts(ARRAY[g % 7, (g * 3) % 5, NULL]::bigint[], true) FROM generate_series(1, 30) g",
    "SELECT pmkt.entropy_weights_detail(ARRAY[(g % 7 + 1)::float8, (g * 0.5)::float8]) FROM generate_series(1, 10) g",
    "SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM pmkt.clv_summary(''fuzz_demo.orders'')')",
    "SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM pmkt.clv_summary(''fuzz_demo.orders'', unit => ''week'')', 'mbgnbd')",
    "SELECT pmkt.clv_fit_spend('SELECT g % 5 + 1, 10 + (g * 7919) % 23 FROM generate_series(1, 60) g')",
    "SELECT pmkt.tree_train('SELECT g::float8 AS x, (g % 3)::text AS c, g % 2 = 0 AS y FROM generate_series(1, 30) g', 'y', max_depth => 3)",
    "SELECT pmkt.forest_train('SELECT g::float8 AS x, (g % 4)::text AS c, (g % 3)::int AS y FROM generate_series(1, 30) g', 'y', n_trees => 3, seed => 1)",
    "SELECT pmkt.text_classifier_train('SELECT x, (g % 3)::text FROM (SELECT g, (ARRAY[''late parcel'', ''broken item'', ''rude agent'', ''''])[g % 4 + 1] AS x FROM generate_series(1, 30) g) s', ngram_max => 2)",
    "SELECT pmkt.text_classifier_train('SELECT x, g % 2 = 0 FROM (SELECT g, (ARRAY[''late parcel'', ''broken item'', ''rude agent''])[g % 3 + 1] AS x FROM generate_series(1, 30) g) s', 'logistic', tfidf => true)",
    "SELECT pmkt.svm_train('SELECT g::float8 AS x, (g % 3)::float8 AS z, g % 2 = 0 AS y FROM generate_series(1, 30) g', 'y')",
    "SELECT pmkt.topics_train('SELECT g, ''late delivery package '' || (g % 3) || '' quality fabric agent '' || (g % 5) FROM generate_series(1, 20) g', 2, seed => 1, max_iter => 2)",
]


class World:
    """Everything a case may use, read from the server once (deterministic)."""

    def load(self, conn, log):
        cur = conn.cursor()
        cur.execute(SETUP_SQL)
        conn.commit()
        cur.execute("""
            SELECT p.oid, p.oid::regprocedure::text, p.proname, p.prokind,
                   ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t),
                   coalesce(p.proargnames[1:p.pronargs], '{}'), p.pronargdefaults, p.provariadic <> 0,
                   format_type(p.prorettype, NULL), p.proretset
            FROM pg_proc p WHERE p.pronamespace = 'pmkt'::regnamespace ORDER BY 2""")
        self.funcs = []
        for oid, sig, name, kind, types, names, ndef, variadic, ret, retset in cur.fetchall():
            self.funcs.append(dict(oid=oid, sig=sig, name=name, kind=kind, types=types, names=list(names),
                                   ndef=ndef, variadic=variadic, ret=ret, retset=retset))
        # base types with their I/O functions
        cur.execute("""
            SELECT t.oid::regtype::text, t.typinput::regproc::text, t.typoutput::regproc::text,
                   t.typreceive::regproc::text, t.typsend::regproc::text
            FROM pg_type t WHERE t.typnamespace = 'pmkt'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A' ORDER BY 1""")
        self.basetypes = [dict(name=r[0], input=r[1], output=r[2], recv=r[3], send=r[4]) for r in cur.fetchall()]
        for bt in self.basetypes:
            cur.execute('CREATE TABLE fuzz."sink_%s" (v %s)' % (bt['name'].replace('.', '_'), bt['name']))
        conn.commit()
        # composite types: field names and types
        cur.execute("""
            SELECT t.oid::regtype::text, array_agg(a.attname::text ORDER BY a.attnum),
                   array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
            FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE t.typnamespace = 'pmkt'::regnamespace AND t.typtype = 'c' GROUP BY 1 ORDER BY 1""")
        self.composites = {r[0]: list(zip(r[1], r[2])) for r in cur.fetchall()}
        # aggregates and their support functions
        cur.execute("""
            SELECT a.aggfnoid::regprocedure::text, a.aggfnoid::regproc::text, p.pronargs,
                   a.aggtransfn::regproc::text, a.aggcombinefn::regproc::text, a.aggfinalfn::regproc::text,
                   format_type(a.aggtranstype, NULL),
                   ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t)
            FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.pronamespace = 'pmkt'::regnamespace ORDER BY 1""")
        self.aggs = []
        for i, (sig, name, nargs, sfunc, combine, final, stype, argtypes) in enumerate(cur.fetchall()):
            agg = dict(sig=sig, name=name, sfunc=sfunc, combine=None if combine == '-' else combine,
                       final=None if final == '-' else final, stype=stype, argtypes=argtypes, states=[], data=[])
            self.aggs.append(agg)
            if stype == 'internal':
                log('note: %s has an internal state: only its SQL-level support functions are fuzzed' % sig)
                continue
            raw = 'fuzz.raw_%d' % i
            cur.execute('CREATE AGGREGATE %s (%s) (SFUNC = %s, STYPE = %s)' % (raw, ', '.join(argtypes), sfunc, stype))
            conn.commit()
            specs = STATE_DATA.get('%s/%d' % (name, nargs)) or STATE_DATA.get(name)
            if not specs:
                generic = {'double precision[]': 'ARRAY[g::float8, (g % 3)::float8]', 'double precision': 'g::float8',
                           'integer': 'g', 'bigint': 'g::bigint', 'boolean': 'g % 2 = 0'}
                specs = [[generic.get(t, 'NULL::%s' % t) for t in argtypes]]
                log('note: no state data for %s: generic rows %s' % (sig, specs[0]))
            for spec in specs:
                for n in STATE_ROWS:
                    try:
                        cur.execute('SELECT %s(%s) FROM generate_series(1, %d) g' % (raw, ', '.join(spec), n))
                        st = cur.fetchone()[0]
                        conn.commit()
                    except psycopg2.Error as e:
                        conn.rollback()
                        log('note: state of %s on %d rows failed: %s' % (sig, n, str(e).strip().splitlines()[0]))
                        continue
                    if st is not None:
                        agg['states'].append(st)
                agg['data'].append(spec)
            if not agg['states']:
                log('WARNING: no real state for %s: its _combine/_final get synthetic states only' % sig)
        # real models
        self.models = {}  # type -> list of dict(fields=list or text, bytes=..., dim=int)
        for sql in MODEL_SQL:
            try:
                cur.execute('SELECT v, pg_typeof(v)::text FROM (%s) s(v)' % sql)
                v, typ = cur.fetchone()
                conn.commit()
            except psycopg2.Error as e:
                conn.rollback()
                log('note: model %s failed: %s' % (sql[:60], str(e).strip().splitlines()[0]))
                continue
            if typ in self.composites:
                cur.execute('SELECT (v).* FROM (%s) s(v)' % sql)
                fields = list(cur.fetchone())
                conn.commit()
                self.models.setdefault(typ, []).append(dict(fields=fields, dim=self._dim(typ, fields)))
            else:
                bt = [b for b in self.basetypes if b['name'] == typ]
                cur.execute('SELECT %s(v)::text, %s(v) FROM (%s) s(v)' % (bt[0]['output'], bt[0]['send'], sql))
                text, binary = cur.fetchone()
                conn.commit()
                try:
                    doc = json.loads(text)
                except ValueError:
                    doc = None
                dim = doc.get('inputs') if isinstance(doc, dict) else None
                self.models.setdefault(typ, []).append(dict(text=text, doc=doc, bytes=bytes(binary), dim=dim))
        cur.close()
        # the targets of each generator
        skip = lambda f: f['ret'] == 'trigger' or 'internal' in f['types']
        aggnames = {a['sig'] for a in self.aggs}
        support = set()
        for a in self.aggs:
            support |= {a['sfunc'], a['combine'], a['final']}
        plain = [f for f in self.funcs if f['kind'] in ('f', 'p') and not skip(f)]
        model_types = set(self.models) | {b['name'] for b in self.basetypes}
        self.t_state = [a for a in self.aggs if a['stype'] != 'internal']
        self.t_model = [f for f in plain if any(t in model_types for t in f['types'])]
        self.t_trainer = [f for f in plain if 'query' in f['names']]
        self.t_call = [f for f in self.funcs if f['sig'] not in aggnames and not skip(f)]
        self.t_aggcall = [a for a in self.aggs]
        log('world: %d functions, %d aggregates (%d real states), %d base types, models of %s'
            % (len(self.funcs), len(self.aggs), sum(len(a['states']) for a in self.aggs), len(self.basetypes),
               ', '.join('%s x%d' % (k, len(v)) for k, v in sorted(self.models.items()))))
        missing = [f['sig'] for f in self.funcs if f['kind'] in ('f', 'p') and skip(f)]
        log('not called directly (trigger / internal arguments): %s' % ', '.join(missing))

    def _dim(self, typ, fields):
        names = [n for n, _ in self.composites[typ]]
        d = dict(zip(names, fields))
        if 'd' in d and isinstance(d['d'], int):
            return d['d']
        if 'means' in d and isinstance(d['means'], list):
            return len(d['means'])
        if 'coefficients' in d and isinstance(d['coefficients'], list):
            return len(d['coefficients']) - (1 if d.get('intercept') else 0)
        if 'centroids' in d and isinstance(d['centroids'], list) and d['centroids'] and isinstance(d['centroids'][0], list):
            return len(d['centroids'][0])
        return None


# ------------------------------------------------------------ case generation
class Case:
    def __init__(self, seed, i, target, gen, sql=None, copy=None):
        self.seed, self.i, self.target, self.gen, self.sql, self.copy = seed, i, target, gen, sql, copy


class Gen:
    def __init__(self, world):
        self.w = world

    def case(self, seed, i):
        rng = random.Random('%d:%d' % (seed, i))
        w = self.w
        gens = [('state', 30, w.t_state), ('input', 12, w.basetypes), ('model', 20, w.t_model),
                ('trainer', 15, w.t_trainer), ('call', 20, w.t_call), ('aggcall', 3, w.t_aggcall)]
        gens = [g for g in gens if g[2]]
        r = rng.uniform(0, sum(g[1] for g in gens))
        for name, weight, targets in gens:
            r -= weight
            if r <= 0:
                break
        target = rng.choice(targets)
        c = getattr(self, 'gen_' + name)(rng, target)
        c.seed, c.i = seed, i
        return c

    # --- values by type and argument name
    def farray(self, rng, dim=None, hostile=0.3):
        if rng.random() < hostile:
            r = rng.randrange(10)
            if r == 0:
                return rng.choice(["NULL::float8[]", "'{}'::float8[]", "'{NULL}'::float8[]", "'{{1,2},{3,4}}'::float8[]",
                                   "array_fill(0.5::float8, ARRAY[100000])", "array_fill(1::float8, ARRAY[300, 300])",
                                   "'{{{1}}}'::float8[]", "'[0:1]={1,2}'::float8[]", "array_fill(1::float8, ARRAY[1, 0])"])
            base = [rng.choice(GOOD_FLOATS) for _ in range(dim if dim is not None else rng.randint(0, 6))]
            a, prefix = mutate_array(rng, base, dim)
            return float_arr(a, prefix)
        n = dim if dim is not None and rng.random() < 0.8 else rng.randint(1, 5)
        if rng.random() < 0.15:  # a k x d matrix (centroids)
            k = rng.randint(1, 4)
            return float_arr([[rng.choice(GOOD_FLOATS) for _ in range(n)] for _ in range(k)])
        return float_arr([rng.choice(GOOD_FLOATS) for _ in range(n)])

    def value(self, rng, typ, name, func, dim=None, hostile=0.3):
        h = rng.random() < hostile
        if typ in self.w.models or typ in [b['name'] for b in self.w.basetypes]:
            return self.model_value(rng, typ, mutate_p=0.7 if h else 0.1)
        if typ in self.w.composites:
            return 'NULL::%s' % typ if rng.random() < 0.5 else "'()'::%s" % typ
        if name == 'query' or (typ == 'text' and name in ('training_query',)):
            return sql_str(self.query(rng, func['name'] if func else ''))
        if typ == 'double precision':
            return render(rng.choice(HOSTILE_FLOATS if h else GOOD_FLOATS), typ) if rng.random() > 0.03 else 'NULL::float8'
        if typ in ('numeric', 'real'):
            return "'%s'::%s" % (fmt_float(rng.choice(HOSTILE_FLOATS if h else GOOD_FLOATS)), typ)
        if typ in ('integer', 'bigint', 'smallint'):
            if name in SMALL_INT_ARGS and not h:
                v = rng.choice(GOOD_INTS)
            elif name in COUNT_ARGS and not h:
                v = rng.choice([1, 2, 5, 10, 50])
            else:
                v = rng.choice(HOSTILE_BIGINTS if typ == 'bigint' else HOSTILE_INTS if typ == 'integer' else [0, -1, 1, 32767])
            return render(v, typ) if rng.random() > 0.03 else 'NULL::%s' % typ
        if typ == 'boolean':
            return rng.choice(['true', 'false', 'NULL::boolean'])
        if typ == 'double precision[]':
            return self.farray(rng, dim, hostile)
        if typ in ('bigint[]', 'integer[]'):
            return rng.choice(["'{}'::%s", "'{NULL}'::%s", "'{1,2}'::%s", "'{-1,2}'::%s", "'{5,1}'::%s", "'{0,0}'::%s",
                               "'{{1,2},{3,4}}'::%s", "'{9223372036854775807,1}'::bigint[]::%s", "'{10,20,30}'::%s",
                               "'{1,2,3,4,5,6}'::%s", "NULL::%s", "array_fill(7, ARRAY[5000])::%s"]) % ((typ,) * 1)
        if typ == 'boolean[]':
            return rng.choice(["'{}'::boolean[]", "'{NULL}'::boolean[]", "'{t,f}'::boolean[]", "'{t}'::boolean[]",
                               "'{{t,f}}'::boolean[]", "'{t,f,t}'::boolean[]", "NULL::boolean[]"])
        if typ == 'text[]':
            return rng.choice(["'{}'::text[]", "'{NULL}'::text[]", "'{a,b}'::text[]", "'{+,-}'::text[]", "'{+,-,+}'::text[]",
                               "'{positive,negative}'::text[]", "'{{a,b}}'::text[]", "NULL::text[]", "'{\"\"}'::text[]"])
        if typ == 'text':
            if not h and rng.random() < 0.7:
                return sql_str(rng.choice(KEYWORDS))
            return sql_str(rng.choice(HOSTILE_TEXTS + KEYWORDS)) if rng.random() > 0.03 else 'NULL::text'
        if typ == 'regclass':
            v = rng.choice(REGCLASSES)
            return v if v == 'NULL' else '%s::regclass' % v
        if typ == 'timestamp with time zone':
            return '%s::timestamptz' % rng.choice(TIMESTAMPS)
        if typ == 'date':
            return '%s::date' % rng.choice(DATES)
        if typ == 'jsonb':
            return '%s::jsonb' % rng.choice(JSONBS)
        if typ == 'cstring':
            return '%s::cstring' % sql_str(rng.choice(HOSTILE_TEXTS))
        if typ in ('anyelement', '"any"'):
            return rng.choice(['1::float8', "'x'::text", "'{1,2}'::float8[]", 'NULL::float8', '42', "'NaN'::float8",
                               '1e308::float8', 'true', "'{}'::int[]", '2::numeric', '(1, 2)'])
        return 'NULL::%s' % typ

    def model_value(self, rng, typ, mutate_p=0.7):
        models = self.w.models.get(typ)
        if not models:
            return 'NULL::%s' % typ
        m = rng.choice(models)
        if 'fields' in m:
            fields = list(m['fields'])
            cols = self.w.composites[typ]
            if rng.random() < mutate_p:
                for _ in range(rng.choice([1, 1, 2, 3])):
                    j = rng.randrange(len(fields))
                    ftyp = cols[j][1]
                    v = fields[j]
                    if isinstance(v, tuple):
                        v = v[1]
                    r = rng.random()
                    if r < 0.08:
                        fields[j] = None
                    elif ftyp == 'double precision[]':
                        fields[j] = ('P',) + mutate_array(rng, v)
                    elif ftyp == 'bigint[]':
                        a = flat(v) if v else []
                        a, _ = mutate_array(rng, [float(x) if x is not None else None for x in a])
                        a = flat(a)
                        fields[j] = [None if x is None or math.isnan(x) or math.isinf(x) or abs(x) >= 2**63
                                     else int(x) for x in a]
                    elif ftyp == 'double precision':
                        fields[j] = rng.choice(HOSTILE_FLOATS)
                    elif ftyp in ('integer', 'bigint'):
                        fields[j] = rng.choice(HOSTILE_INTS if ftyp == 'integer' else HOSTILE_BIGINTS)
                    elif ftyp == 'boolean':
                        fields[j] = not v if v is not None else True
                    elif ftyp == 'text':
                        fields[j] = rng.choice(KEYWORDS + HOSTILE_TEXTS[:12])
            out = []
            for (fname, ftyp), v in zip(cols, fields):
                if isinstance(v, tuple) and v and v[0] == 'P':
                    out.append(float_arr(v[1], v[2]))
                else:
                    out.append(render(v, ftyp))
            return 'ROW(%s)::%s' % (', '.join(out), typ)
        # a base type given by its text form
        if rng.random() >= mutate_p:
            text = m['text']
        elif m['doc'] is not None and rng.random() < 0.6:
            text = mutate_json(rng, m['doc'])
        else:
            text = mutate_text(rng, m['text'])
        return '%s::%s' % (sql_str(text.replace('\0', '')), typ)

    def query(self, rng, fname):
        if rng.random() < 0.05:
            return rng.choice(WEIRD_QUERIES)
        shape = list(QUERY_SHAPES.get(fname) or rng.choice(list(QUERY_SHAPES.values())))
        if rng.random() < 0.2:  # wrong column count / order / role
            op = rng.randrange(4)
            if op == 0 and shape:
                del shape[rng.randrange(len(shape))]
            elif op == 1:
                shape.insert(rng.randrange(len(shape) + 1), rng.choice(list(ROLE_POOLS)))
            elif op == 2 and len(shape) >= 2:
                rng.shuffle(shape)
            else:
                shape = [rng.choice(list(ROLE_POOLS)) for _ in range(rng.randint(0, 4))]
        d = rng.choice([1, 2, 2, 3, 5]) if rng.random() < 0.9 else rng.choice([0, 50, 400])
        colexprs = ['g::float8'] + ['((g * %d) %% %d)::float8' % (7 + 2 * j, 3 + j) for j in range(max(d - 1, 0))]
        cols = ', '.join(colexprs[:d]) if d > 0 else 'g::float8'
        exprs = []
        hostile = rng.random() < 0.6
        for role in shape:
            good, bad = ROLE_POOLS[role]
            e = rng.choice(bad) if hostile and rng.random() < 0.5 else rng.choice(good)
            exprs.append(e.replace('{cols}', cols).replace('{d}', str(max(d, 1))).replace('{{}}', '{}'))
        n = rng.choice([0, 1, 2, 3, 4, 5, 8, 12, 30, 100, 500])
        q = 'SELECT %s FROM generate_series(1, %d) g' % (', '.join(exprs), n)
        r = rng.random()
        if r < 0.05:
            q += ' WHERE false'
        elif r < 0.1:
            q += ' ORDER BY g DESC'
        elif r < 0.13:
            q += ' LIMIT 0'
        return q

    def args_for(self, rng, f, dim=None, hostile=0.3):
        types, names = f['types'], f['names'] + [''] * (len(f['types']) - len(f['names']))
        nreq = len(types) - f['ndef']
        n = rng.randint(nreq, len(types)) if rng.random() < 0.5 else len(types)
        out = []
        for j in range(n):
            typ = types[j]
            if f['variadic'] and j == len(types) - 1 and typ == '"any"':
                if rng.random() < 0.6:  # well-typed: one float8 per input
                    extra = [self.value(rng, 'double precision', '', f, None, hostile / 2) for _ in range(dim or 2)]
                else:
                    extra = [self.value(rng, rng.choice(['double precision', 'double precision', 'integer', 'text',
                                                         'double precision[]', 'numeric', 'real']),
                                        '', f, dim, hostile) for _ in range(rng.choice([0, 1, dim or 2, dim or 2, 3, 7]))]
                out.extend(extra)
                if not extra:
                    out.append('NULL::float8')
                break
            out.append(self.value(rng, typ, names[j], f, dim, hostile))
        return out

    def call_sql(self, f, args):
        if f['kind'] == 'p':
            return 'CALL %s(%s)' % (f['sig'].split('(')[0], ', '.join(args))
        if f['retset'] or f['ret'] in ('record',) or f['ret'] in self.w.composites:
            return 'SELECT * FROM %s(%s)' % (f['sig'].split('(')[0], ', '.join(args))
        return 'SELECT %s(%s)' % (f['sig'].split('(')[0], ', '.join(args))

    # --- generators
    def state_lit(self, rng, agg, mutate=True):
        st = rng.choice(agg['states']) if agg['states'] else [1.0, 0.0]
        if isinstance(st, (memoryview, bytes, bytearray)):
            # a bytea state (pmkt.classification_report): its bytes, as hex
            b = mutate_bytes(rng, bytes(st)) if mutate else bytes(st)
            return "'\\x%s'::%s" % (b.hex(), agg['stype'])
        if agg['stype'] != 'double precision[]' and isinstance(st, str):
            # a state of a pmkt base type (pmkt.experiment_state): its text form
            if mutate:
                try:
                    doc = json.loads(st)
                except ValueError:
                    doc = None
                st = mutate_json(rng, doc) if doc is not None and rng.random() < 0.6 else mutate_text(rng, st)
            return '%s::%s' % (sql_str(st.replace('\0', '')), agg['stype'])
        if mutate:
            a, prefix = mutate_array(rng, st)
            return float_arr(a, prefix)
        return float_arr(st)

    def gen_state(self, rng, agg):
        w = self.w
        r = rng.random()
        other = rng.choice(w.t_state)
        s1 = self.state_lit(rng, agg)
        if r < 0.35 and agg['final']:
            sql = 'SELECT %s(%s)' % (agg['final'], s1)
        elif r < 0.65 and agg['combine']:
            s2 = self.state_lit(rng, agg, mutate=rng.random() < 0.3)
            if rng.random() < 0.5:
                s1, s2 = s2, s1
            if rng.random() < 0.1:
                s2 = self.state_lit(rng, other, mutate=False)
            if rng.random() < 0.1:
                s2 = 'NULL::float8[]'
            inner = '%s(%s, %s)' % (agg['combine'], s1, s2)
            sql = 'SELECT %s(%s)' % (agg['final'], inner) if agg['final'] and rng.random() < 0.6 else 'SELECT %s' % inner
        elif r < 0.88 and agg['data']:
            spec = rng.choice(agg['data'])
            inner = '%s(%s, %s)' % (agg['sfunc'], s1, ', '.join(spec))
            if rng.random() < 0.3:
                inner = '%s(%s, %s)' % (agg['sfunc'], inner, ', '.join(spec))
            g = rng.choice([1, 2, 3, 8, 1000000])
            body = '%s(%s)' % (agg['final'], inner) if agg['final'] and rng.random() < 0.7 else inner
            sql = 'SELECT %s FROM (SELECT %d AS g) t' % (body, g)
        else:  # another aggregate's real state, or a synthetic one
            s = self.state_lit(rng, other, mutate=rng.random() < 0.5)
            if rng.random() < 0.3:
                s = float_arr([rng.choice(HOSTILE_FLOATS) for _ in range(rng.choice([0, 1, 2, 3, 5, 10, 24]))])
            fn = agg['final'] or agg['combine']
            sql = 'SELECT %s(%s)' % (fn, s) if fn == agg['final'] else 'SELECT %s(%s, %s)' % (fn, s, self.state_lit(rng, agg, False))
        return Case(0, 0, agg['sig'], 'state', sql=sql)

    def gen_input(self, rng, bt):
        models = self.w.models.get(bt['name']) or [dict(text='', doc=None, bytes=b'')]
        m = rng.choice(models)
        if rng.random() < 0.5:
            r = rng.random()
            if r < 0.5 and m['doc'] is not None:
                text = mutate_json(rng, m['doc'])
            elif r < 0.9:
                text = mutate_text(rng, m['text'])
            else:
                text = rng.choice(HOSTILE_TEXTS)
            text = text.replace('\0', '')
            sql = 'SELECT %s(v)::text, length(%s(v)) FROM (SELECT %s(%s::cstring) AS v) s' % (
                bt['output'], bt['send'], bt['input'], sql_str(text))
            return Case(0, 0, bt['input'], 'input', sql=sql)
        data = mutate_bytes(rng, m['bytes'])
        return Case(0, 0, bt['recv'], 'input', copy=(bt, data))

    def gen_model(self, rng, f):
        mtypes = [t for t in f['types'] if t in self.w.models]
        dim = None
        if mtypes:
            ms = self.w.models[mtypes[0]]
            dim = rng.choice(ms).get('dim')
        args = self.args_for(rng, f, dim=dim, hostile=0.15)
        # force a (mutated) model where a model goes
        for j, t in enumerate(f['types'][:len(args)]):
            if t in self.w.models:
                args[j] = self.model_value(rng, t, mutate_p=0.85)
        return Case(0, 0, f['sig'], 'model', sql=self.call_sql(f, args))

    def gen_trainer(self, rng, f):
        args = self.args_for(rng, f, hostile=0.15)
        return Case(0, 0, f['sig'], 'trainer', sql=self.call_sql(f, args))

    def gen_call(self, rng, f):
        args = self.args_for(rng, f, hostile=0.5)
        return Case(0, 0, f['sig'], 'call', sql=self.call_sql(f, args))

    def gen_aggcall(self, rng, agg):
        """The aggregate itself over hostile rows (also in a forced parallel plan)."""
        spec = rng.choice(agg['data']) if agg['data'] and rng.random() < 0.7 else None
        fake = dict(name='', types=agg['argtypes'], names=[''] * len(agg['argtypes']), ndef=0, variadic=False)
        args = []
        for j, t in enumerate(agg['argtypes']):
            if spec and rng.random() < 0.7:
                args.append(spec[j])
            else:
                args.append(self.value(rng, t, '', fake, hostile=0.6))
        n = rng.choice([0, 1, 2, 5, 50, 3000])
        if rng.random() < 0.4:  # a forced parallel plan: partial states combined by the leader
            sql = ('SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; '
                   'SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2; '
                   'SELECT %s(%s) FROM fuzz.nums WHERE g <= %d' % (agg['name'], ', '.join(args), n))
        else:
            sql = 'SELECT %s(%s) FROM generate_series(1, %d) g' % (agg['name'], ', '.join(args), n)
        return Case(0, 0, agg['sig'], 'aggcall', sql=sql)


# ------------------------------------------------------------ the judge
class Outcome:
    def __init__(self):
        self.kind = None     # None = passed; else crash / XX / memory / hang / leak
        self.detail = ''
        self.sqlstate = None
        self.peak_kb = 0
        self.seconds = 0.0


class Judge:
    def __init__(self, args, log):
        self.args, self.log = args, log
        self.conn = None
        self.admin = None
        self.pid = None
        self.lock = threading.Lock()
        self.running = None  # (start time, outcome)
        self.stop = False
        self.restarts = 0
        threading.Thread(target=self.watch, daemon=True).start()

    def connect(self, wait=120):
        t0 = time.time()
        while True:
            try:
                c = psycopg2.connect('', application_name='pmkt-fuzz')
                break
            except psycopg2.OperationalError as e:
                if time.time() - t0 > wait:
                    raise
                time.sleep(0.5)
        c.autocommit = False
        cur = c.cursor()
        cur.execute("SET statement_timeout = %d" % int(self.args.timeout * 1000))
        cur.execute("SET client_min_messages = warning")
        # trainers may hold up to pmkt.max_train_memory (1 GB by default):
        # a budget of half the judge's limit means a backend above the limit
        # is a budget not kept, not a legitimate big fit
        cur.execute("SET pmkt.max_train_memory = '%dkB'" % (self.args.memory_mb * 1024 // 2))
        cur.execute("SELECT pg_backend_pid()")
        self.pid = cur.fetchone()[0]
        c.commit()
        self.conn = c
        if self.admin is None or self.admin.closed:
            self.admin = psycopg2.connect('', application_name='pmkt-fuzz-admin')
            self.admin.autocommit = True

    @staticmethod
    def status_kb(pid, field):
        try:
            with open('/proc/%d/status' % pid) as fh:
                for line in fh:
                    if line.startswith(field):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def watch(self):
        bound = self.args.memory_mb * 1024
        while not self.stop:
            time.sleep(0.01)
            with self.lock:
                run = self.running
                pid = self.pid
            if not run or not pid:
                continue
            t0, out = run
            rss = self.status_kb(pid, 'VmRSS:')
            out.peak_kb = max(out.peak_kb, rss)
            if rss > bound and out.kind is None:
                out.kind, out.detail = 'memory', 'backend VmRSS %d MB > %d MB while running (cancelled)' % (rss // 1024, self.args.memory_mb)
                try:
                    self.conn.cancel()
                except Exception:
                    pass
            if time.time() - t0 > self.args.timeout + self.args.grace and out.kind is None:
                out.kind, out.detail = 'hang', 'still running %.1f s after a statement_timeout of %g s (terminated)' % (
                    time.time() - t0, self.args.timeout)
                try:
                    self.admin.cursor().execute('SELECT pg_terminate_backend(%s)', (pid,))
                except Exception:
                    pass

    def run(self, case):
        if self.conn is None or self.conn.closed:
            self.connect()
        out = Outcome()
        cur = self.conn.cursor()
        del self.conn.notices[:]
        t0 = time.time()
        with self.lock:
            self.running = (t0, out)
        try:
            if case.copy is not None:
                bt, data = case.copy
                payload = (b'PGCOPY\n\xff\r\n\0' + struct.pack('>ii', 0, 0) + struct.pack('>hi', 1, len(data)) + data
                           + struct.pack('>h', -1))
                import io
                cur.copy_expert('COPY fuzz."sink_%s" (v) FROM STDIN (FORMAT binary)' % bt['name'].replace('.', '_'),
                                io.BytesIO(payload))
                cur.execute('SELECT %s(v)::text, length(%s(v)) FROM fuzz."sink_%s"' % (
                    bt['output'], bt['send'], bt['name'].replace('.', '_')))
                cur.fetchall()
            else:
                cur.execute(case.sql)
                if cur.description is not None:
                    cur.fetchall()
        except psycopg2.Error as e:
            out.sqlstate = e.pgcode
            msg = (e.pgerror or str(e)).strip()
            lost = self.conn.closed or e.pgcode in ('57P01', '57P02', '57P03') or (
                e.pgcode is None and isinstance(e, (psycopg2.OperationalError, psycopg2.InterfaceError)))
            if lost and out.kind is None:
                out.kind = 'crash'
                out.detail = 'connection lost (backend crash, server restart or FATAL): %s' % msg.splitlines()[0] if msg else 'connection lost'
            elif e.pgcode and e.pgcode.startswith('XX') and out.kind is None:
                out.kind, out.detail = e.pgcode, msg.splitlines()[0]
            elif out.kind is None:
                out.detail = msg.splitlines()[0] if msg else ''
        except Exception as e:  # client-side trouble (e.g. an undecodable value): not a server failure
            out.detail = 'client: %r' % e
        finally:
            with self.lock:
                self.running = None
        out.seconds = time.time() - t0
        pid = self.pid
        if not self.conn.closed:
            hwm = self.status_kb(pid, 'VmHWM:')
            out.peak_kb = max(out.peak_kb, hwm)
            if hwm > self.args.memory_mb * 1024 and out.kind is None:
                out.kind, out.detail = 'memory', 'backend VmHWM %d MB > %d MB' % (hwm // 1024, self.args.memory_mb)
            for n in self.conn.notices:
                if 'leak' in n.lower() and out.kind is None:
                    out.kind, out.detail = 'leak', n.strip()
            try:
                self.conn.rollback()
            except psycopg2.Error:
                pass
        if out.kind is not None or self.conn.closed:
            # a fresh backend for the next case (also resets VmHWM)
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None
            if out.kind == 'crash':
                self.restarts += 1
                self.admin = None
                time.sleep(0.2)
        return out


# ------------------------------------------------------------ driver
def report(case, out, log):
    log('FAIL %s case %d:%d [%s %s] %s' % (out.kind, case.seed, case.i, case.gen, case.target, out.detail))
    if case.copy is not None:
        bt, data = case.copy
        log('  binary input of %s (%d bytes, hex): %s' % (bt['name'], len(data), data.hex()))
        log('  SQL: COPY fuzz."sink_%s" (v) FROM STDIN (FORMAT binary) with that datum (after the set-up)' % bt['name'].replace('.', '_'))
    else:
        log('  SQL: %s;' % case.sql)
    log('  replay: scripts/fuzz.sh --seed %d --case %d' % (case.seed, case.i))


def self_test(judge, log):
    planted = [('crash', 'SELECT pg_terminate_backend(pg_backend_pid())'),
               ('XX000', "DO $$BEGIN RAISE EXCEPTION 'planted internal error' USING ERRCODE = 'XX000'; END$$"),
               ('memory', "SELECT length(repeat('x', %d))" % ((judge.args.memory_mb + 128) * 1024 * 1024)),
               ('hang', 'SET LOCAL statement_timeout = 0; SELECT pg_sleep(%g)' % (judge.args.timeout + judge.args.grace + 3)),
               (None, "SELECT 1/0"),
               (None, "SELECT pmkt.version()")]
    ok = True
    for want, sql in planted:
        c = Case(0, -1, 'self-test', 'self-test', sql=sql)
        out = judge.run(c)
        good = out.kind == want
        ok &= good
        log('self-test: %-6s expected %-6s got %-6s %s  (%s)' % ('ok' if good else 'WRONG', want, out.kind,
                                                                  out.detail, sql[:60]))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--cases', type=int, default=1000)
    ap.add_argument('--first', type=int, default=0, help='first case number')
    ap.add_argument('--case', type=int, action='append', help='run only this case (repeatable)')
    ap.add_argument('--timeout', type=float, default=5.0, help='statement_timeout in seconds')
    ap.add_argument('--grace', type=float, default=5.0, help='seconds past the timeout before a statement counts as hung')
    ap.add_argument('--memory-mb', type=int, default=512)
    ap.add_argument('--max-per-target', type=int, default=3,
                    help='skip a target after this many crashes of it (0 = never); other failures are all run')
    ap.add_argument('--cases-per-backend', type=int, default=100,
                    help='start a fresh backend after this many cases')
    ap.add_argument('--no-recheck', dest='recheck', action='store_false',
                    help='do not re-run a crashing case alone (which tells a crash of its own from a delayed one)')
    ap.add_argument('--self-test', action='store_true', help='run the self-test first (always in CI)')
    ap.add_argument('--only-self-test', action='store_true')
    ap.add_argument('--only', default=None, help='only cases whose generator or target contains this text')
    ap.add_argument('--show', action='store_true', help='print every case SQL')
    ap.add_argument('--max-seconds', type=float, default=0,
                    help='stop (with the summary) before the first case after this many seconds; SIGTERM/SIGINT also stop')
    ap.add_argument('--progress', type=int, default=0, help='print a line every N cases')
    args = ap.parse_args()

    def log(s):
        print(s, flush=True)

    judge = Judge(args, log)
    judge.connect()
    if args.self_test or args.only_self_test:
        if not self_test(judge, log):
            log('fuzz: SELF-TEST FAILED: the judge misses a planted failure')
            return 2
        log('fuzz: self-test passed (crash, XX000, memory and hang are detected)')
        if args.only_self_test:
            return 0
        judge.connect()
    # which pmkt is this?  The library a backend maps must be the one fuzz.sh
    # installed (PMKT_FUZZ_DEST), not another install on the host
    cur = judge.conn.cursor()
    cur.execute('SELECT pmkt.version(), (SELECT extversion FROM pg_extension WHERE extname = %s)', ('pmkt',))
    version, extversion = cur.fetchone()
    judge.conn.rollback()
    libs = set()
    try:
        for line in open('/proc/%d/maps' % judge.pid):
            if line.rstrip().endswith('/pmkt.so'):
                libs.add(line.split()[-1])
    except OSError:
        pass
    log('pmkt: %s (extension %s), library %s' % (version, extversion, ', '.join(sorted(libs)) or '?'))
    dest = os.environ.get('PMKT_FUZZ_DEST')
    if dest and not all(l.startswith(dest) for l in libs):
        log('fuzz: the backend loaded %s, not the build under test in %s' % (', '.join(sorted(libs)), dest))
        return 2
    world = World()
    try:
        world.load(judge.conn, log)
    except psycopg2.Error as e:
        log('fuzz: set-up failed: %s' % e)
        return 2
    gen = Gen(world)
    numbers = args.case if args.case else range(args.first, args.first + args.cases)
    failures, by_kind, states, crashes_of = [], {}, {}, {}
    gens = {}
    t0 = time.time()
    done = skipped = fuzzer_errors = 0
    since = None
    peak = 0
    targets = {}  # target -> [cases, cases that returned normally]
    slowest = (0.0, None, None)  # cancel latency: seconds past statement_timeout
    stop = []
    import signal
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *a: stop.append('signal'))
    for i in numbers:
        if stop or (args.max_seconds and time.time() - t0 > args.max_seconds):
            log('fuzz: stopped before case %d (%s)' % (i, 'signal' if stop else 'time budget of %g s' % args.max_seconds))
            break
        try:
            case = gen.case(args.seed, i)
        except Exception as e:  # a bug of this script: reported, and the run goes on
            import traceback
            fuzzer_errors += 1
            log('FAIL fuzzer case %d:%d: the case generator raised %r\n%s' % (args.seed, i, e, traceback.format_exc()))
            continue
        if args.only and args.only not in case.gen and args.only not in case.target:
            continue
        if args.max_per_target and crashes_of.get(case.target, 0) >= args.max_per_target:
            skipped += 1
            continue
        if args.show:
            log('case %d [%s %s] %s' % (i, case.gen, case.target, case.sql if case.sql else 'binary %s' % case.copy[1].hex()))
        if judge.conn is not None and not judge.conn.closed and since is not None and i - since >= args.cases_per_backend:
            judge.conn.close()  # a fresh backend now and then: an out-of-bounds access is likelier to crash
            judge.conn = None   # in a small heap, and a corrupted one is not carried further
        if judge.conn is None or judge.conn.closed:
            since = i  # first case of this backend
        out = judge.run(case)
        if out.kind == 'crash' and args.recheck and since != i:
            # does it crash alone, in a fresh backend?  If not, an earlier case
            # of the same backend corrupted memory (an out-of-bounds write)
            again = judge.run(case)
            if again.kind != 'crash':
                out.kind = 'crash-delayed'
                out.detail += ('; not reproduced alone in a fresh backend: memory corrupted by an earlier case of '
                               'the same backend (cases %d..%d: replay with --first %d --cases %d)'
                               % (since, i, since, i - since + 1))
        done += 1
        peak = max(peak, out.peak_kb)
        g = gens.setdefault(case.gen, [0, 0, 0])
        g[0] += 1
        tgt = targets.setdefault(case.target, [0, 0])
        tgt[0] += 1
        if not out.kind and not out.sqlstate:
            tgt[1] += 1
        if out.kind:
            failures.append((case, out))
            by_kind[out.kind] = by_kind.get(out.kind, 0) + 1
            if out.kind.startswith('crash'):
                crashes_of[case.target] = crashes_of.get(case.target, 0) + 1
            report(case, out, log)
        elif out.sqlstate:
            g[1] += 1
            if out.sqlstate == '57014' and out.seconds - args.timeout > slowest[0]:
                slowest = (out.seconds - args.timeout, i, case.target)
            states[out.sqlstate] = states.get(out.sqlstate, 0) + 1
        else:
            g[2] += 1
        if args.show and not out.kind:
            log('  -> %s %s' % (out.sqlstate or 'ok', out.detail[:200]))
        if args.progress and done % args.progress == 0:
            log('progress: %d cases, %d failures, %.0f s' % (done, len(failures), time.time() - t0))
    judge.stop = True
    el = time.time() - t0
    log('fuzz: seed %d, %d cases run (%d skipped after %d crashes of one target) in %.0f s (%.0f cases/s), '
        'peak backend RSS %d MB, %d server restarts'
        % (args.seed, done, skipped, args.max_per_target, el, done / el if el else 0, peak // 1024, judge.restarts))
    log('fuzz: by generator (cases, user errors, successes): %s' % ', '.join(
        '%s %d/%d/%d' % (k, v[0], v[1], v[2]) for k, v in sorted(gens.items())))
    if slowest[1] is not None:
        log('fuzz: slowest cancel: %.2f s past the statement_timeout (case %d:%d, %s)' % (
            slowest[0], args.seed, slowest[1], slowest[2]))
    never = sorted(t for t, (n, ok) in targets.items() if n >= 20 and ok == 0)
    log('fuzz: %d targets hit; targets with >= 20 cases none of which returned normally: %s'
        % (len(targets), ', '.join(never) if never else 'none'))
    log('fuzz: user-facing SQLSTATEs: %s' % ', '.join('%s x%d' % kv for kv in sorted(states.items(), key=lambda kv: -kv[1])))
    if fuzzer_errors:
        log('fuzz: FAILED: the case generator raised on %d cases (a bug of scripts/fuzz.py)' % fuzzer_errors)
    if failures:
        sig = {}
        for case, out in failures:
            k = (out.kind, case.target)
            sig[k] = sig.get(k, 0) + 1
        log('fuzz: FAILED: %d failing cases (%s); distinct (kind, target):' % (
            len(failures), ', '.join('%s x%d' % kv for kv in sorted(by_kind.items()))))
        for (kind, target), n in sorted(sig.items()):
            log('  %-7s %-70s x%d' % (kind, target, n))
        log('set-up the reproducers assume (scripts/fuzz.py SETUP_SQL, run by the fuzzer):%s' % SETUP_SQL)
        return 1
    if fuzzer_errors:
        return 1
    log('fuzz: passed: no crash, no XX error, no backend above %d MB, no hang' % args.memory_mb)
    return 0


if __name__ == '__main__':
    sys.exit(main())
