#!/usr/bin/env bash
# bench/segment/segments.sh: RFM over the 12 M-order demo table (pmkt.rfm vs the
# GROUP BY + ntile SQL a user would write) and DBSCAN (pmkt.dbscan vs
# COPY into numpy + scikit-learn DBSCAN) on 200 000 2-D points.
# BENCH_LIB may point to an alternative lib.sh (same functions) for a
# private cluster.
source "${BENCH_LIB:-$(dirname "$0")/lib.sh}"
bench_setup
ORDERS=${SEGMENTS_ORDERS:-12000000}

# --- the orders table: the demo generator when installed, else synthetic ---
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench_demo' AND tablename = 'orders'")
if [ "$have" = 0 ]; then
  if [ "$(bpsql -tAc "SELECT count(*) FROM pg_proc WHERE proname = 'generate_demo'")" != 0 ]; then
    echo "generating bench_demo with pmkt.generate_demo ($ORDERS orders)..." >&2
    bpsql -c "SELECT * FROM pmkt.generate_demo('bench_demo', $ORDERS, 42)" >/dev/null
  else
    echo "building a synthetic bench_demo.orders ($ORDERS orders)..." >&2
    bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench_demo;
SELECT setseed(0.35);
CREATE TABLE bench_demo.orders AS
SELECT g AS order_id, (1 + floor(power(random(), 2) * ($ORDERS / 10)))::bigint AS customer_id,
       '2023-01-01'::timestamptz + random() * interval '730 days' AS ordered_at,
       round((20 + 200 * random() * random())::numeric, 2)::float8 AS amount
FROM generate_series(1, $ORDERS) g;
SQL
  fi
  bpsql -c "VACUUM ANALYZE bench_demo.orders"
fi
n=$(bpsql -tAc "SELECT count(*) FROM bench_demo.orders")
c=$(bpsql -tAc "SELECT count(DISTINCT customer_id) FROM bench_demo.orders")
echo "bench_demo.orders: $n orders, $c customers"

echo "--- RFM ---"
bench_time "floor: scan (sum of the 3 columns)" \
  "SELECT sum(customer_id), max(ordered_at), sum(amount) FROM bench_demo.orders"
floor=$LAST_MS
bench_time "floor: GROUP BY customer (min, max, count, sum)" \
  "SELECT count(*) FROM (SELECT customer_id, min(ordered_at), max(ordered_at), count(*), sum(amount) FROM bench_demo.orders GROUP BY 1) s"
gfloor=$LAST_MS
bench_time "pmkt.rfm (scores, segments)" \
  "SELECT sum(r_score + f_score + m_score), count(*) FILTER (WHERE segment = 'frequent') FROM pmkt.rfm('bench_demo.orders')"
pm=$LAST_MS
bench_time "pmkt.rfm ties => 'first'" \
  "SELECT sum(r_score + f_score + m_score) FROM pmkt.rfm('bench_demo.orders', ties => 'first')"
pmf=$LAST_MS
bench_time "plain SQL: GROUP BY + 3 ntile windows (= ties 'first')" \
  "WITH base AS (SELECT customer_id, max(ordered_at) AS last_at, count(*) AS frequency, sum(amount) AS monetary
                 FROM bench_demo.orders GROUP BY 1),
        v AS (SELECT *, extract(epoch FROM (SELECT max(last_at) FROM base) - last_at) / 86400 AS recency_days FROM base)
   SELECT sum(r + f + m) FROM (
     SELECT ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r,
            ntile(5) OVER (ORDER BY frequency, customer_id) AS f,
            ntile(5) OVER (ORDER BY monetary, customer_id) AS m FROM v) s"
sq=$LAST_MS
bench_time "plain SQL: + min() OVER (PARTITION BY value) (= ties 'shared')" \
  "WITH base AS (SELECT customer_id, max(ordered_at) AS last_at, count(*) AS frequency, sum(amount) AS monetary
                 FROM bench_demo.orders GROUP BY 1),
        v AS (SELECT *, extract(epoch FROM (SELECT max(last_at) FROM base) - last_at) / 86400 AS recency_days FROM base),
        nt AS (SELECT v.*, ntile(5) OVER (ORDER BY recency_days DESC, customer_id) AS r,
                     ntile(5) OVER (ORDER BY frequency, customer_id) AS f,
                     ntile(5) OVER (ORDER BY monetary, customer_id) AS m FROM v)
   SELECT sum(r + f + m) FROM (
     SELECT min(r) OVER (PARTITION BY recency_days) AS r, min(f) OVER (PARTITION BY frequency) AS f,
            min(m) OVER (PARTITION BY monetary) AS m FROM nt) s"
sqs=$LAST_MS
echo "pmkt.rfm / scan floor:            $(ratio "$pm" "$floor")"
echo "pmkt.rfm / GROUP BY floor:        $(ratio "$pm" "$gfloor")"
echo "plain SQL (first) / pmkt (first): $(ratio "$sq" "$pmf")"
echo "plain SQL (shared) / pmkt:        $(ratio "$sqs" "$pm")"

echo "--- DBSCAN ---"
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench' AND tablename = 'dbscan_pts'")
if [ "$have" = 0 ]; then
  bpsql <<'SQL'
CREATE SCHEMA IF NOT EXISTS bench;
SELECT setseed(0.7);
-- 5 Gaussian blobs (sd 0.5) of 38 000 points each + 10 000 uniform noise points
CREATE TABLE bench.dbscan_pts AS
SELECT g AS id,
       CASE WHEN g <= 190000 THEN (g % 5) * 4 + 0.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
            ELSE random() * 24 - 2 END AS x,
       CASE WHEN g <= 190000 THEN (g % 5) * 3 % 7 + 0.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
            ELSE random() * 12 - 2 END AS y
FROM generate_series(1, 200000) g;
VACUUM ANALYZE bench.dbscan_pts;
SQL
fi
bench_time "floor: read (id, ARRAY[x, y])" \
  "SELECT sum(id), sum(array_length(ARRAY[x, y], 1)) FROM bench.dbscan_pts"
dfloor=$LAST_MS
bench_time "pmkt.dbscan 200k x 2, eps 0.05, min_points 10" \
  "SELECT count(DISTINCT cluster_id), count(*) FILTER (WHERE cluster_id = -1) FROM pmkt.dbscan('SELECT id, ARRAY[x, y] FROM bench.dbscan_pts ORDER BY id', 0.05, 10)"
pd=$LAST_MS
bpsql -tAc "SELECT count(DISTINCT cluster_id) FILTER (WHERE cluster_id > 0) AS clusters, count(*) FILTER (WHERE cluster_id = -1) AS noise FROM pmkt.dbscan('SELECT id, ARRAY[x, y] FROM bench.dbscan_pts ORDER BY id', 0.05, 10)" | sed 's/^/pmkt clusters|noise: /'
py=$(runuser -u postgres -- /usr/bin/python3 - "$BENCH_PORT" "$BENCH_DB" "${BENCH_HOST:-}" <<'PY'
import io, sys, time
import numpy as np, psycopg2
from sklearn.cluster import DBSCAN
port, db, host = sys.argv[1], sys.argv[2], sys.argv[3]
best = None
for _ in range(int(__import__('os').environ.get('BENCH_REPS', '3'))):
    t0 = time.perf_counter()
    conn = psycopg2.connect(dbname=db, port=port, **({'host': host} if host else {}))
    buf = io.StringIO()
    conn.cursor().copy_expert("COPY (SELECT x, y FROM bench.dbscan_pts ORDER BY id) TO STDOUT", buf)
    X = np.fromstring(buf.getvalue().replace('\n', '\t'), sep='\t').reshape(-1, 2)
    labels = DBSCAN(eps=0.05, min_samples=10, algorithm='kd_tree').fit(X).labels_
    t = (time.perf_counter() - t0) * 1000
    conn.close()
    best = t if best is None or t < best else best
print(f"{best:.1f} {labels.max() + 1} {(labels == -1).sum()}")
PY
)
set -- $py
printf '%-50s %12.1f ms\n' "COPY + numpy + sklearn DBSCAN (kd_tree)" "$1"
echo "sklearn clusters|noise: $2|$3"
echo "pmkt.dbscan / read floor:         $(ratio "$pd" "$dfloor")"
echo "sklearn / pmkt.dbscan:            $(ratio "$1" "$pd")"
