#!/usr/bin/python3
"""scripts/citus_check.py CONNINFO [--orders N] [--period YYYY-MM-01] [--keep]

Checks pmkt on an EXISTING Citus coordinator (Citus is not a Debian package;
this script never builds or installs it).  Given the libpq connection string
of the coordinator of a cluster where pmkt is installed on every node, it:

  1. makes the demo tables twice, pmkt_ck_local (plain tables on the
     coordinator) and pmkt_ck_dist (the same rows in distributed tables:
     by customer_id where the table has one, else by its first key column;
     products as a reference table);
  2. runs every aggregate of schema pmkt in three shapes (whole table,
     GROUP BY a column that is not the distribution column, GROUP BY the
     distribution column) on both, compares the answers (numbers to
     1e-9 relative: partial states merge in shard-finishing order, so the
     last bits of a sum may differ; see issue 19 point 2), and reads
     EXPLAIN VERBOSE of the distributed query: the aggregate must appear in
     the workers' task query (pushed down), never a plain row fetch;
  3. runs the trainers and table functions on both (queries with ORDER BY)
     and compares their results;
  4. runs the beyond-budget paths of kmeans_train and logistic_train
     (pmkt.max_train_memory = 64 kB, queries WITHOUT ORDER BY) on both:
     pmkt.loader_rows() must not move (no row reached the coordinator's
     loader), EXPLAIN VERBOSE of their sampling pass must show the
     aggregate pushed down, and the models must equal the local ones
     (issue 19);
  5. runs CALL pmkt.run_evaluation on both schemas and compares the steps.

It prints one line per case (ok / FAIL, times local and distributed) and
exits 1 if any case failed.  Needs Debian's python3-psycopg2.  The schemas
are dropped at the end unless --keep.
"""
import argparse
import math
import re
import sys
import time

import psycopg2

LOCAL, DIST = 'pmkt_ck_local', 'pmkt_ck_dist'
NUM = re.compile(r'-?(?:\d+\.?\d*(?:e[-+]?\d+)?|Infinity|NaN)', re.I)

# distribution column per demo table when it is not customer_id
# (experiment_units: visitors have no customer_id, and a distribution column
# cannot be NULL)
DIST_COL = {'campaigns': 'channel', 'aisas_monthly': 'unit_id',
            'sales_drivers': 'region_id', 'order_lines': 'order_id',
            'experiment_units': 'unit_id'}
REFERENCE = {'products'}

# (name, table, aggregate expression, non-distribution GROUP BY column).
# The aggregates run on ck_visits / ck_orders: copies of the demo tables
# with part = customer_id % 4 as the distribution column, so that the third
# shape (GROUP BY the distribution column) has groups large enough for
# every aggregate (curves need both classes, OLS more rows than columns).
X3 = 'ARRAY[greatest(ad_exposures, 0), abs(discount_pct), pages_viewed]::float8[]'
P = '(1 / (1 + exp(-(pages_viewed - 5) / 3.0)))'
AGGREGATES = [
    ('conversion_rate', 'ck_visits', 'pmkt.conversion_rate(converted)', 'channel'),
    ('nps', 'ck_visits', 'pmkt.nps(pages_viewed % 11)', 'channel'),
    ('regression_metrics', 'ck_visits', 'pmkt.regression_metrics(discount_pct, ad_exposures::float8)', 'channel'),
    ('ols(y,x)', 'ck_visits', f'pmkt.ols(discount_pct, ARRAY[ad_exposures, pages_viewed]::float8[])', 'channel'),
    ('ols(y,x,intercept)', 'ck_visits', f'pmkt.ols(discount_pct, ARRAY[ad_exposures, pages_viewed]::float8[], false)', 'channel'),
    ('pca_components(x)', 'ck_visits', f'pmkt.pca_components({X3})', 'channel'),
    ('pca_components(x,corr)', 'ck_visits', f'pmkt.pca_components({X3}, true)', 'channel'),
    ('pca_components(x,corr,thr)', 'ck_visits', f'pmkt.pca_components({X3}, true, 0.8)', 'channel'),
    ('entropy_weights', 'ck_visits', f'pmkt.entropy_weights({X3})', 'channel'),
    ('entropy_weights_detail', 'ck_visits', f'pmkt.entropy_weights_detail({X3})', 'channel'),
    ('column_ranges', 'ck_visits', f'pmkt.column_ranges({X3})', 'channel'),
    ('kmeans_step(x,c)', 'ck_visits', f"pmkt.kmeans_step({X3}, '{{{{0,0,1}},{{5,10,6}},{{10,20,12}}}}'::float8[])", 'channel'),
    ('kmeans_step(x,c,prev,means,scales)', 'ck_visits',
     f"pmkt.kmeans_step({X3}, '{{{{0,0,1}},{{5,10,6}},{{10,20,12}}}}'::float8[], NULL::float8[], '{{1,1,1}}'::float8[], '{{1,1,1}}'::float8[])", 'channel'),
    ('logistic_step', 'ck_visits', f"pmkt.logistic_step({X3}, converted::int::float8, '{{0,0,0,0}}'::float8[])", 'channel'),
    ('clv', 'ck_orders', 'pmkt.clv(extract(month FROM ordered_at AT TIME ZONE \'UTC\')::int, amount, 0.7 * amount, 0.01)', 'channel'),
    # second passes over the rows of a fitted model (robust standard errors):
    # the model, fitted on the whole local table, is a literal of the query
    ('ols_robust', 'ck_visits',
     "pmkt.ols_robust(discount_pct, ARRAY[ad_exposures, pages_viewed]::float8[], '{OLS}'::pmkt.ols_result, 'HC3')", None,
     [('whole', 'ck_visits', '')]),
    ('logistic_robust', 'ck_visits',
     "pmkt.logistic_robust(converted::int::float8, ARRAY[ad_exposures, pages_viewed]::float8[], '{LOGIT}'::pmkt.logistic_result, 'HC1')", None,
     [('whole', 'ck_visits', '')]),
    # one row per (customer, day) and a summary per customer: GROUP BY
    # customer_id only, on a table distributed by part (customer_id is then
    # not the distribution column) and on one distributed by customer_id
    ('clv_summary_agg', 'ck_periods', 'pmkt.clv_summary_agg(period, amount, 40000)', None,
     [('by customer_id', 'ck_periods', 'customer_id'), ('by customer_id', 'ck_periods_c', 'customer_id')]),
    ('roc_auc', 'ck_visits', 'pmkt.roc_auc(pages_viewed + discount_pct / 100, converted)', 'channel'),
    ('roc_curve', 'ck_visits', 'pmkt.roc_curve(pages_viewed::float8, converted)', 'channel'),
    ('pr_curve', 'ck_visits', 'pmkt.pr_curve(pages_viewed::float8, converted)', 'channel'),
    ('gains_table(s,a)', 'ck_visits', 'pmkt.gains_table(pages_viewed + discount_pct / 100, converted)', 'channel'),
    ('gains_table(s,a,bins)', 'ck_visits', 'pmkt.gains_table(pages_viewed + discount_pct / 100, converted, 5)', 'channel'),
    ('log_loss', 'ck_visits', f'pmkt.log_loss({P}, converted)', 'channel'),
    ('brier_score', 'ck_visits', f'pmkt.brier_score({P}, converted)', 'channel'),
    ('classification_report', 'ck_visits', 'pmkt.classification_report(converted, pages_viewed > 5)', 'channel'),
    ('experiment(v,x)', 'ck_visits', "pmkt.experiment(CASE WHEN visit_id % 2 = 0 THEN 'a' ELSE 'b' END, discount_pct)", 'channel'),
    ('experiment(v,x,cov)', 'ck_visits',
     "pmkt.experiment(CASE WHEN visit_id % 2 = 0 THEN 'a' ELSE 'b' END, discount_pct, ad_exposures::float8)", 'channel'),
    ('row_sample', 'ck_visits', f'pmkt.row_sample({X3}, 256, 7)', 'channel'),
    ('text_nb_counts', 'ck_visits', "pmkt.text_nb_counts(channel || ' visit ' || pages_viewed, converted::text, 'english', 2)", 'channel'),
    ('experiment(v,num,den,cov)', 'ck_visits',
     "pmkt.experiment(CASE WHEN visit_id % 2 = 0 THEN 'a' ELSE 'b' END, pages_viewed::float8, ad_exposures::float8 + 1, discount_pct)", 'channel'),
    # one row per basket (ck_baskets: the order lines grouped by order_id),
    # so any split of the rows over shards counts each basket once
    ('basket_counts(items)', 'ck_baskets', 'pmkt.basket_counts(items)', 'grp'),
    ('basket_counts(items,pairs)', 'ck_baskets', 'pmkt.basket_counts(items, true)', 'grp'),
]

# (name, SQL with {s} for the schema); queries carry ORDER BY so that the
# local and distributed runs see the rows in the same order
TRAINERS = [
    ('kmeans_train', "SELECT m::text FROM pmkt.kmeans_train('SELECT ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[] FROM {s}.visits ORDER BY visit_id', 3, seed => 7) m"),
    ('logistic_train', "SELECT m::text FROM pmkt.logistic_train('SELECT ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], converted::int FROM {s}.visits ORDER BY visit_id') m"),
    ('bpnn_train', "SELECT m::text FROM pmkt.bpnn_train('SELECT ARRAY[ad_exposures, pages_viewed]::float8[], discount_pct FROM {s}.visits ORDER BY visit_id LIMIT 2000', 4, epochs => 20, seed => 3) m"),
    ('rbf_train', "SELECT m::text FROM pmkt.rbf_train('SELECT ARRAY[ad_exposures, pages_viewed]::float8[], discount_pct FROM {s}.visits ORDER BY visit_id LIMIT 2000', 5, seed => 3) m"),
    ('dbscan', "SELECT string_agg(d::text, ';' ORDER BY d::text) FROM pmkt.dbscan('SELECT visit_id, ARRAY[ad_exposures, pages_viewed]::float8[] FROM {s}.visits ORDER BY visit_id LIMIT 1500', 1.5, 20) d"),
    ('rfm_query', "SELECT count(*), sum(recency_days), sum(frequency), sum(monetary), string_agg(segment, '' ORDER BY customer_id) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM {s}.orders ORDER BY order_id', as_of => '2026-01-01')"),
    ('clv_fit', "SELECT m::text FROM pmkt.clv_fit('SELECT frequency, recency, t FROM pmkt.clv_summary_query(''SELECT customer_id, ordered_at, amount FROM {s}.orders ORDER BY order_id'', ''week'', ''2026-01-01'') ORDER BY customer_id') m"),
    ('association_rules', "SELECT count(*), sum(support), sum(confidence) FROM pmkt.association_rules('SELECT order_id, product_id FROM {s}.order_lines ORDER BY order_id, line_no', min_support => 0.005)"),
    # the lines grouped by basket in a subquery over order_lines, which is
    # distributed by order_id: each basket's lines are on one shard
    ('basket_counts over the lines (GROUP BY order_id)', "SELECT pmkt.basket_counts(items, true)::text FROM (SELECT array_agg(product_id::bigint) AS items FROM {s}.order_lines GROUP BY order_id) b"),
    ('basket_itemsets = frequent_itemsets max_len 2', "SELECT string_agg(f::text, ';') FROM pmkt.basket_itemsets((SELECT pmkt.basket_counts(items, true) FROM (SELECT array_agg(product_id::bigint) AS items FROM {s}.order_lines GROUP BY order_id) b), 0.005) f"),
    ('item_neighbors', "SELECT count(*), sum(similarity) FROM pmkt.item_neighbors('SELECT o.customer_id, l.product_id FROM {s}.order_lines l JOIN {s}.orders o USING (order_id) ORDER BY o.customer_id, l.product_id', 10)"),
    ('tree_train', "SELECT m::text FROM pmkt.tree_train('SELECT channel, ad_exposures, discount_pct, pages_viewed, converted FROM {s}.visits ORDER BY visit_id', 'converted', max_depth => 4) m"),
    ('forest_train', "SELECT m::text FROM pmkt.forest_train('SELECT channel, ad_exposures, discount_pct, pages_viewed, converted FROM {s}.visits ORDER BY visit_id', 'converted', n_trees => 10, max_depth => 4, seed => 1) m"),
    ('svm_train', "SELECT m::text FROM pmkt.svm_train('SELECT ad_exposures, discount_pct, pages_viewed, converted FROM {s}.visits ORDER BY visit_id', 'converted') m"),
    ('als_train', "SELECT pmkt.als_info(m)::text || pmkt.als_factors(m)::text FROM pmkt.als_train('SELECT o.customer_id, l.product_id FROM {s}.order_lines l JOIN {s}.orders o USING (order_id) ORDER BY o.customer_id, l.product_id', factors => 8, iterations => 3, seed => 5) m"),
    ('text_classifier_train', "SELECT m::text FROM pmkt.text_classifier_train('SELECT comment, sentiment FROM {s}.feedback ORDER BY feedback_id') m"),
    ('topics_train', "SELECT m::text FROM pmkt.topics_train('SELECT feedback_id, comment FROM {s}.feedback ORDER BY feedback_id', 4, seed => 3) m"),
    ('aspect_sentiment_report', "SELECT string_agg(r::text, ';' ORDER BY r::text) FROM pmkt.aspect_sentiment_report('{s}.feedback'::regclass) r"),
    ('kmeans_assign (row function)', "SELECT count(*), sum(pmkt.kmeans_assign(ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], '{{{{0,0,1}},{{5,10,6}},{{10,20,12}}}}'::float8[])) FROM {s}.visits"),
    ('sentiment (row function)', "SELECT count(*), sum((pmkt.sentiment(comment)).compound) FROM {s}.feedback"),
]


# beyond-budget paths (issue 19): queries without ORDER BY
BEYOND = [
    ('kmeans_train (beyond budget)',
     "SELECT m::text FROM pmkt.kmeans_train('SELECT ARRAY[amount, customer_id % 97, extract(hour FROM ordered_at AT TIME ZONE ''UTC'')]::float8[] FROM {s}.orders', 3, seed => 7) m"),
    ('kmeans_train standardized, n_init 2 (beyond)',
     "SELECT m::text FROM pmkt.kmeans_train('SELECT ARRAY[amount, customer_id % 97, extract(hour FROM ordered_at AT TIME ZONE ''UTC'')]::float8[] FROM {s}.orders', 4, standardize => true, n_init => 2, seed => 3) m"),
    ('logistic_train (beyond budget)',
     "SELECT m::text FROM pmkt.logistic_train('SELECT ARRAY[amount, extract(hour FROM ordered_at AT TIME ZONE ''UTC'')]::float8[], customer_id % 3 = 0 FROM {s}.orders') m"),
]


def numbers_close(a, b, rel=1e-9):
    """same text once numbers are compared to rel (absolute 1e-12 near 0)"""
    if a == b:
        return True
    if a is None or b is None:
        return False
    na, nb = NUM.findall(a), NUM.findall(b)
    if NUM.sub('#', a) != NUM.sub('#', b) or len(na) != len(nb):
        return False
    for x, y in zip(na, nb):
        fx, fy = float(x), float(y)
        if math.isnan(fx) and math.isnan(fy):
            continue
        if fx == fy:
            continue
        if abs(fx - fy) > max(1e-12, rel * max(abs(fx), abs(fy))):
            return False
    return True


def one(cur, sql):
    t0 = time.perf_counter()
    cur.execute(sql)
    rows = cur.fetchall()
    return ';'.join('|'.join('' if v is None else str(v) for v in r) for r in rows), time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('conninfo')
    ap.add_argument('--orders', type=int, default=20000)
    ap.add_argument('--period', default=None, help='evaluation period (default: the job\'s default)')
    ap.add_argument('--keep', action='store_true')
    a = ap.parse_args()

    conn = psycopg2.connect(a.conninfo)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'citus'")
    r = cur.fetchone()
    if r is None:
        sys.exit('citus_check: the database has no citus extension; run it on a Citus coordinator')
    cur.execute('SELECT count(*) FROM citus_get_active_worker_nodes()')
    workers = cur.fetchone()[0]
    cur.execute('CREATE EXTENSION IF NOT EXISTS pmkt')
    # item_neighbors joins order_lines (by order_id) to orders (by customer_id)
    cur.execute('SET citus.enable_repartition_joins = on')
    cur.execute('SELECT pmkt.version(), version()')
    pv, sv = cur.fetchone()
    print(f'citus {r[0]}, {workers} workers; {pv}; {sv.split(",")[0]}')

    failed = 0
    for s in (LOCAL, DIST):
        cur.execute(f'DROP SCHEMA IF EXISTS {s} CASCADE')
    t0 = time.perf_counter()
    cur.execute(f"SELECT table_name, row_count FROM pmkt.generate_demo('{LOCAL}', {a.orders}, 42)")
    tables = cur.fetchall()
    cur.execute(f'CREATE SCHEMA {DIST}')
    dist_col = {}
    for t, n in tables:
        cur.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                    "AND NOT attisdropped ORDER BY attnum", (f'{LOCAL}.{t}',))
        cols = [c for (c,) in cur.fetchall()]
        col = DIST_COL.get(t) or ('customer_id' if 'customer_id' in cols else cols[0])
        # no primary key: Citus needs the distribution column in every unique
        # constraint, and the demo's keys do not include customer_id
        cur.execute(f'CREATE TABLE {DIST}.{t} (LIKE {LOCAL}.{t} INCLUDING DEFAULTS)')
        if t in REFERENCE:
            cur.execute(f"SELECT create_reference_table('{DIST}.{t}')")
        else:
            cur.execute(f"SELECT create_distributed_table('{DIST}.{t}', %s)", (col,))
            dist_col[t] = col
        cur.execute(f'INSERT INTO {DIST}.{t} SELECT * FROM {LOCAL}.{t}')
    for t in ('visits', 'orders'):
        for s in (LOCAL, DIST):
            cur.execute(f'CREATE TABLE {s}.ck_{t} AS SELECT *, (customer_id % 4)::int AS part FROM {LOCAL}.{t}')
        cur.execute(f"SELECT create_distributed_table('{DIST}.ck_{t}', 'part')")
        dist_col[f'ck_{t}'] = 'part'
    # one row per basket (its product ids), distributed by part = order_id % 4
    for s in (LOCAL, DIST):
        cur.execute(f'CREATE TABLE {s}.ck_baskets AS SELECT order_id, (order_id % 4)::int AS part, (order_id % 3)::int AS grp, '
                    f'array_agg(product_id::bigint ORDER BY product_id) AS items FROM {LOCAL}.order_lines GROUP BY order_id')
    cur.execute(f"SELECT create_distributed_table('{DIST}.ck_baskets', 'part')")
    dist_col['ck_baskets'] = 'part'
    for s in (LOCAL, DIST):
        for t, c in (('ck_periods', 'part'), ('ck_periods_c', 'customer_id')):
            cur.execute(f"CREATE TABLE {s}.{t} AS SELECT customer_id, part, "
                        f"(extract(epoch FROM ordered_at) / 86400)::bigint AS period, sum(amount) AS amount "
                        f"FROM {LOCAL}.ck_orders GROUP BY 1, 2, 3")
            if s == DIST:
                cur.execute(f"SELECT create_distributed_table('{DIST}.{t}', '{c}')")
            dist_col[t] = c
    print(f'demo: {a.orders} orders, {len(tables)} tables copied and distributed in {time.perf_counter() - t0:.1f} s')

    cur.execute(f'SELECT pmkt.ols(discount_pct, ARRAY[ad_exposures, pages_viewed]::float8[])::text FROM {LOCAL}.ck_visits')
    ols_text = cur.fetchone()[0].replace("'", "''")
    cur.execute(f"SELECT pmkt.logistic_train('SELECT ARRAY[ad_exposures, pages_viewed]::float8[], converted::int "
                f"FROM {LOCAL}.ck_visits')::text")
    logit_text = cur.fetchone()[0].replace("'", "''")

    print('\n-- aggregates: local vs distributed, three shapes, pushdown from EXPLAIN VERBOSE')
    for name, t, expr, g, *only in AGGREGATES:
        shapes = only[0] if only else [('whole', t, ''), (f'by {g}', t, g), (f'by {dist_col[t]}', t, dist_col[t])]
        for label, t, gb in shapes:
            label = f'{label} ({t} by {dist_col[t]})' if only else label
            x = expr.replace('{OLS}', ols_text).replace('{LOGIT}', logit_text)
            sel = f'SELECT {gb + ", " if gb else ""}({x})::text'
            tail = f' GROUP BY {gb} ORDER BY {gb}' if gb else ''
            try:
                lres, lt = one(cur, f'{sel} FROM {LOCAL}.{t}{tail}')
                dres, dt = one(cur, f'{sel} FROM {DIST}.{t}{tail}')
                cur.execute(f'EXPLAIN (VERBOSE, COSTS OFF) {sel} FROM {DIST}.{t}{tail}')
                plan = '\n'.join(x for (x,) in cur.fetchall())
            except psycopg2.Error as e:
                print(f'FAIL {name:36s} {label:18s} error: {e.pgerror.strip() if e.pgerror else e}')
                failed += 1
                continue
            aggname = name.split('(')[0]
            # the workers' task query must hold the aggregate (or Citus'
            # worker_partial_agg wrapper of it), not just the columns
            tasks = [x for x in plan.split('\n') if 'Query:' in x or 'worker_partial_agg' in x]
            pushed = any(f'pmkt.{aggname}(' in x or 'worker_partial_agg' in x for x in tasks)
            same = numbers_close(lres, dres)
            ok = pushed and same
            failed += not ok
            print(f'{"ok  " if ok else "FAIL"} {name:36s} {label:18s} local {lt * 1000:8.1f} ms  dist {dt * 1000:8.1f} ms'
                  f'{"" if pushed else "  NOT PUSHED DOWN"}{"" if same else "  RESULTS DIFFER"}')

    print('\n-- trainers and table functions: local vs distributed (queries with ORDER BY)')
    for name, sql in TRAINERS:
        try:
            lres, lt = one(cur, sql.format(s=LOCAL))
            dres, dt = one(cur, sql.format(s=DIST))
        except psycopg2.Error as e:
            print(f'FAIL {name:36s} error: {e.pgerror.strip() if e.pgerror else e}')
            failed += 1
            continue
        same = numbers_close(lres, dres)
        failed += not same
        print(f'{"ok  " if same else "FAIL"} {name:36s} local {lt:7.2f} s  dist {dt:7.2f} s{"" if same else "  RESULTS DIFFER"}')
        if not same:
            print(f'     local: {lres[:600]}\n     dist:  {dres[:600]}')

    print('\n-- beyond-budget trainers (pmkt.max_train_memory = 64 kB, no ORDER BY): rows through the loader, same model')
    cur.execute('SET pmkt.max_train_memory = 64')
    cur.execute(f'EXPLAIN (VERBOSE, COSTS OFF) SELECT pmkt.row_sample(q.x, 65536, 7) '
                f'FROM (SELECT ARRAY[amount, customer_id % 97]::float8[] FROM {DIST}.orders) AS q(x)')
    plan = '\n'.join(x for (x,) in cur.fetchall())
    pushed = any('worker_partial_agg' in x or 'pmkt.row_sample(' in x
                 for x in plan.split('\n') if 'Query:' in x or 'worker_partial_agg' in x)
    failed += not pushed
    print(f'{"ok  " if pushed else "FAIL"} {"row_sample pass (EXPLAIN VERBOSE)":44s} {"pushed down" if pushed else "NOT PUSHED DOWN"}')
    for name, sql in BEYOND:
        res = {}
        try:
            for s in (LOCAL, DIST):
                cur.execute('SELECT pmkt.loader_rows()')
                before = cur.fetchone()[0]
                r, el = one(cur, sql.format(s=s))
                cur.execute('SELECT pmkt.loader_rows()')
                res[s] = (r, el, cur.fetchone()[0] - before)
        except psycopg2.Error as e:
            print(f'FAIL {name:44s} error: {e.pgerror.strip() if e.pgerror else e}')
            failed += 1
            continue
        (lres, lt, ln), (dres, dt, dn) = res[LOCAL], res[DIST]
        same = numbers_close(lres, dres)
        # the model must come from the beyond-budget path (in_memory false)
        beyond = not name.startswith('kmeans') or lres.endswith(',f)')
        ok = same and ln == 0 and dn == 0 and beyond
        failed += not ok
        print(f'{"ok  " if ok else "FAIL"} {name:44s} local {lt:6.2f} s  dist {dt:6.2f} s  loader rows {ln}/{dn}  '
              f'{"bit-identical" if lres == dres else "equal to 1e-9" if same else "RESULTS DIFFER"}'
              f'{"" if beyond else "  IN MEMORY: the table is too small for the check"}')
        if not same:
            print(f'     local: {lres[:600]}\n     dist:  {dres[:600]}')
    cur.execute('RESET pmkt.max_train_memory')

    print('\n-- the evaluation job on both schemas')
    steps = {}
    for s in (LOCAL, DIST):
        per = f", period => '{a.period}'" if a.period else ''
        try:
            t0 = time.perf_counter()
            cur.execute(f"CALL pmkt.run_evaluation('{s}'{per}, save_models => false)")
            el = time.perf_counter() - t0
            cur.execute('SELECT period, steps_done, steps_skipped FROM pmkt.history_runs '
                        'WHERE source_schema = %s ORDER BY run_at DESC LIMIT 1', (s,))
            steps[s] = cur.fetchone()
            print(f'ok   run_evaluation({s}) {el:7.2f} s  period {steps[s][0]}  done: {steps[s][1]}'
                  f'{"  skipped: " + steps[s][2] if steps[s][2] else ""}')
        except psycopg2.Error as e:
            print(f'FAIL run_evaluation({s}) error: {e.pgerror.strip() if e.pgerror else e}')
            failed += 1
    if len(steps) == 2 and steps[LOCAL][1] != steps[DIST][1]:
        print('FAIL run_evaluation: the distributed schema did not run the same steps')
        failed += 1

    if not a.keep:
        for s in (LOCAL, DIST):
            cur.execute(f'DROP SCHEMA IF EXISTS {s} CASCADE')
            cur.execute('DELETE FROM pmkt.history_runs WHERE source_schema = %s', (s,))
    print(f'\ncitus_check: {"all ok" if failed == 0 else f"{failed} FAILED"}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
