#!/usr/bin/python3
"""Brute-force reference for pmkt.frequent_itemsets / pmkt.association_rules.

Writes sql/basket/rules_bruteforce.sql: four synthetic order-line sets (as
SQL rows, lines shuffled, some duplicated, some with NULL ids) and, for
each, every frequent itemset and rule counted here by enumerating every
subset of every basket (no FP-tree, no pruning beyond max_len).  The test
compares pmkt's rows with these both ways (EXCEPT) and prints the number of
mismatches (0 expected) and the row counts.

    /usr/bin/python3 test/basket/bruteforce.py > sql/basket/rules_bruteforce.sql
"""
import itertools
import random
from collections import Counter


def brute(baskets, minc, max_len):
    cnt = Counter()
    for b in baskets.values():
        items = sorted(set(b))
        for k in range(1, min(len(items), max_len) + 1):
            for c in itertools.combinations(items, k):
                cnt[c] += 1
    return {s: c for s, c in cnt.items() if c >= minc}


def rules(freq, n, max_cons, min_conf):
    out = []
    for s, cxy in freq.items():
        if len(s) < 2:
            continue
        for k in range(1, min(max_cons, len(s) - 1) + 1):
            for y in itertools.combinations(s, k):
                x = tuple(i for i in s if i not in y)
                cx, cy = freq[x], freq[y]
                conf = cxy / cx
                if conf >= min_conf:
                    out.append((x, y, cx, cy, cxy, conf, cxy * n / (cx * cy)))
    return out


def sql_lit(v):
    if v is None:
        return 'NULL'
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return str(v)


def arr(t, text):
    return "'{" + ",".join(('"%s"' % i) if text else str(i) for i in t) + "}'"


def emit(name, lines, text, minc, min_support, max_len, max_cons, min_conf):
    baskets = {}
    for b, i in lines:
        if b is None or i is None:
            continue
        baskets.setdefault(b, []).append(i)
    n = len(baskets)
    if min_support is not None:
        # the least count c with c / n >= min_support, as pmkt computes it
        c = 1
        while c / n < min_support:
            c += 1
        minc = max(minc, c)
    freq = brute(baskets, minc, max_len if max_len else 10 ** 9)
    rl = rules(freq, n, max_cons, min_conf)
    typ = 'text' if text else 'bigint'
    print('-- %s: %d lines, %d baskets, min count %d: %d itemsets, %d rules' % (name, len(lines), n, minc, len(freq), len(rl)))
    print('CREATE TABLE %s_lines (basket %s, item %s);' % (name, typ, typ))
    rows = ['(%s, %s)' % (sql_lit(b), sql_lit(i)) for b, i in lines]
    for k in range(0, len(rows), 20):
        print('INSERT INTO %s_lines VALUES %s;' % (name, ', '.join(rows[k:k + 20])))
    print('CREATE TABLE %s_sets (items text[], basket_count bigint);' % name)
    srows = ['(%s, %d)' % (arr(s, True), c) for s, c in sorted(freq.items())]
    for k in range(0, len(srows), 20):
        print('INSERT INTO %s_sets VALUES %s;' % (name, ', '.join(srows[k:k + 20])))
    print('CREATE TABLE %s_rules (antecedent text[], consequent text[], antecedent_count bigint, '
          'consequent_count bigint, rule_count bigint, confidence float8, lift float8);' % name)
    rrows = ['(%s, %s, %d, %d, %d, %r, %r)' % (arr(x, True), arr(y, True), cx, cy, cxy, conf, lift)
             for x, y, cx, cy, cxy, conf, lift in sorted(rl)]
    for k in range(0, len(rrows), 20):
        print('INSERT INTO %s_rules VALUES %s;' % (name, ', '.join(rrows[k:k + 20])))
    args = "min_support => %s, min_count => %d, max_len => %s" % (
        sql_lit(min_support) + ('::float8' if min_support is None else ''), minc if min_support is None else 1,
        str(max_len) if max_len else 'NULL')
    q = "'SELECT basket, item FROM %s_lines'" % name
    print("SELECT '%s' AS set, count(*) AS pmkt_itemsets," % name)
    print("       (SELECT count(*) FROM %s_sets) AS reference," % name)
    print("       (SELECT count(*) FROM (SELECT items, basket_count FROM pmkt.frequent_itemsets(%s, %s)"
          "        EXCEPT SELECT * FROM %s_sets) d) AS only_pmkt," % (q, args, name))
    print("       (SELECT count(*) FROM (SELECT * FROM %s_sets EXCEPT SELECT items, basket_count"
          "        FROM pmkt.frequent_itemsets(%s, %s)) d) AS only_reference" % (name, q, args))
    print("  FROM pmkt.frequent_itemsets(%s, %s);" % (q, args))
    rargs = args.replace('max_len => NULL', 'max_len => 64') + ", min_confidence => %r, max_consequent => %d" % (min_conf, max_cons)
    print("SELECT '%s' AS set, count(*) AS pmkt_rules, (SELECT count(*) FROM %s_rules) AS reference," % (name, name))
    print("       count(*) FILTER (WHERE ref.rule_count IS NULL OR r.antecedent_count <> ref.antecedent_count"
          " OR r.consequent_count <> ref.consequent_count OR r.rule_count <> ref.rule_count) AS count_mismatch,")
    print("       max(abs(r.confidence - ref.confidence)) < 1e-12 AS confidence_ok, max(abs(r.lift - ref.lift) / ref.lift) < 1e-12 AS lift_ok")
    print("  FROM pmkt.association_rules(%s, %s) r" % (q, rargs))
    print("  LEFT JOIN %s_rules ref USING (antecedent, consequent);" % name)
    print()


def main():
    rng = random.Random(20261204)
    print('-- generated by test/basket/bruteforce.py: do not edit')
    print('SET client_min_messages = warning;')
    print('CREATE SCHEMA bf;')
    print('SET search_path = bf, public;')
    print()
    # A: sparse, skewed popularity, 1-6 items, integer ids, unsorted lines,
    # duplicated lines
    lines = []
    for b in range(1, 301):
        k = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
        items = set()
        while len(items) < k:
            items.add(1 + int(30 * rng.random() ** 2))
        if 1 in items and rng.random() < 0.7:
            items.add(7)
        for i in items:
            lines.append((b * 11, i))
        if rng.random() < 0.1:
            lines.append((b * 11, rng.choice(sorted(items))))
    rng.shuffle(lines)
    emit('sparse', lines, False, 3, None, None, 2, 0.2)
    # B: dense: 12 items each in a basket with p = 0.7
    lines = [(b, i) for b in range(1, 61) for i in range(1, 13) if rng.random() < 0.7]
    emit('dense', lines, False, 1, 0.3, None, 1, 0.6)
    # C: text ids, half the baskets of one item, NULL ids, duplicates
    lines = []
    names = ['apple', 'bread', 'cheese', 'dates', 'eggs', 'figs', 'grapes', 'honey']
    for b in range(1, 201):
        k = 1 if rng.random() < 0.5 else rng.choice([2, 3, 4])
        for i in rng.sample(names, k):
            lines.append(('o%03d' % b, i))
        if rng.random() < 0.05:
            lines.append(('o%03d' % b, None))
        if rng.random() < 0.05:
            lines.append((None, 'apple'))
        if rng.random() < 0.1:
            lines.append(('o%03d' % b, lines[-1][1] or 'apple'))
    emit('onei', lines, True, 1, 0.02, 3, 2, 0.1)
    # D: only 1-item baskets: itemsets of one item, no rules
    lines = [(b, 1 + b % 5) for b in range(1, 41)]
    emit('single', lines, False, 1, 0.1, None, 1, 0.0)


main()
