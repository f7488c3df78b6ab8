#!/usr/bin/env bash
# bench/segment/cohort.sh: pmkt.cohort_retention over an orders table (see
# bench/segment/cohort.md for the last run).
#
# COH_ORDERS orders (default 1 M) of COH_CUSTOMERS customers (default
# 100 000) over 24 months in bench.coh_orders (customer_id, ordered_at,
# amount); each customer starts in month customer_id % 24 and orders at
# random later months (weighted towards the start).  All in one run, serial
# plans, session time zone UTC:
#   floor   SELECT customer_id, min(ordered_at), count(*), sum(amount)
#           FROM orders GROUP BY customer_id: one scan of the orders and a
#           hash aggregate per customer, the least any cohort table needs
#   pmkt    SELECT * FROM pmkt.cohort_retention('bench.coh_orders')
#   SQL     the same long table written by hand in plain SQL (first month
#           per customer, join, GROUP BY cohort and month offset with
#           count(DISTINCT customer))
#   pandas  COPY of the three columns to the client (CSV, epoch seconds),
#           then read_csv + groupby (first month per customer, nunique per
#           cohort and offset, the zero-filled grid), Debian's pandas
# Wall: best of BENCH_REPS (psql \timing; pandas perf_counter).  CPU: the
# backend's /proc/PID/schedstat run time around each query, COH_CPU_REPS
# interleaved rounds (bench/cpu_rounds.py), median; pandas: the client's
# process CPU time plus the backend CPU of the COPY.  Run with nice; the
# script prints the load average before and after.
# Environment: COH_ORDERS, COH_CUSTOMERS, COH_CPU_REPS (default 5),
# BENCH_SKIP_SETUP=1 (then BENCH_PORT, BENCH_DB and PGHOST may point at a
# private instance).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
[ "${BENCH_SKIP_SETUP:-0}" = 1 ] || bench_setup
COH_ORDERS=${COH_ORDERS:-1000000}
COH_CUSTOMERS=${COH_CUSTOMERS:-100000}
PY=/usr/bin/python3

have=$(bpsql -tAc "SELECT count(*) FROM bench.coh_orders" 2>/dev/null || echo 0)
if [ "$have" != "$COH_ORDERS" ]; then
  echo "building bench.coh_orders ($COH_ORDERS orders)..." >&2
  bpsql >/dev/null <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.coh_orders;
SELECT setseed(0.16);
CREATE TABLE bench.coh_orders AS
SELECT g AS order_id, c AS customer_id,
       timestamptz '2023-01-01 00:00+00'
         + make_interval(months => (c % 24) + floor(random() ^ 2 * (24 - c % 24))::int)
         + random() * interval '27 days' AS ordered_at,
       round((5 + 95 * random())::numeric, 2)::float8 AS amount
FROM (SELECT g, 1 + (g % $COH_CUSTOMERS) AS c FROM generate_series(1, $COH_ORDERS) g) s;
VACUUM ANALYZE bench.coh_orders;
SQL
fi

FLOOR_Q="SELECT customer_id, min(ordered_at), count(*), sum(amount) FROM bench.coh_orders GROUP BY customer_id"
PMKT_Q="SELECT * FROM pmkt.cohort_retention('bench.coh_orders')"
SQL_Q="WITH f AS (SELECT customer_id, date_trunc('month', min(ordered_at)) AS cohort
                 FROM bench.coh_orders GROUP BY customer_id),
     p AS (SELECT f.cohort, f.customer_id, o.amount,
                  ((extract(year FROM o.ordered_at) - extract(year FROM f.cohort)) * 12
                   + extract(month FROM o.ordered_at) - extract(month FROM f.cohort))::int AS k
             FROM bench.coh_orders o JOIN f USING (customer_id)),
     s AS (SELECT cohort, count(*) AS n FROM f GROUP BY cohort)
SELECT p.cohort, p.k, s.n, count(DISTINCT p.customer_id), count(DISTINCT p.customer_id)::float8 / s.n,
       count(*), sum(p.amount)
FROM p JOIN s USING (cohort) GROUP BY p.cohort, p.k, s.n ORDER BY 1, 2"
P0="SET max_parallel_workers_per_gather = 0; SET timezone = 'UTC';"

echo "== $COH_ORDERS orders, $COH_CUSTOMERS customers, 24 months (serial plans); load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
bench_time "floor: GROUP BY customer_id (min, count, sum)" "$P0 $FLOOR_Q"; FLOOR=$LAST_MS
bench_time "pmkt.cohort_retention" "$P0 $PMKT_Q"; PM=$LAST_MS
bench_time "plain SQL cohort table" "$P0 $SQL_Q"; SQ=$LAST_MS

echo
echo "== pandas peer: COPY to the client + read_csv + groupby"
PANDAS_OUT=$(runuser -u postgres -- env PGHOST="${PGHOST:-}" $PY - "$BENCH_PORT" "$BENCH_DB" "$BENCH_REPS" <<'PY'
import io, os, sys, time
import numpy as np, pandas as pd, psycopg2
port, db, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = psycopg2.connect(host=os.environ.get('PGHOST') or None, port=port, dbname=db)
cur = con.cursor()
cur.execute("SET timezone = 'UTC'")
cur.execute("SELECT pg_backend_pid()")
stat = '/proc/%d/schedstat' % cur.fetchone()[0]
bcpu = lambda: int(open(stat).read().split()[0]) / 1e9
best = None
for _ in range(reps):
    w0, c0, b0 = time.perf_counter(), time.process_time(), bcpu()
    buf = io.BytesIO()
    cur.copy_expert("COPY (SELECT customer_id, extract(epoch FROM ordered_at), amount FROM bench.coh_orders) TO STDOUT (FORMAT csv)", buf)
    b1 = bcpu()
    buf.seek(0)
    w1 = time.perf_counter()
    df = pd.read_csv(buf, names=['customer_id', 'epoch', 'amount'])
    ts = pd.to_datetime(df['epoch'], unit='s')
    m = ts.dt.year.to_numpy() * 12 + ts.dt.month.to_numpy() - 1
    df['m'] = m
    df['cohort'] = df.groupby('customer_id')['m'].transform('min')
    df['k'] = df['m'] - df['cohort']
    g = df.groupby(['cohort', 'k']).agg(customers=('customer_id', 'nunique'),
                                        order_count=('amount', 'size'), revenue=('amount', 'sum'))
    sizes = df.drop_duplicates('customer_id')['cohort'].value_counts()
    last = int(df['m'].max())
    grid = pd.MultiIndex.from_tuples([(c, k) for c in sorted(sizes.index) for k in range(last - c + 1)],
                                     names=['cohort', 'k'])
    g = g.reindex(grid, fill_value=0).reset_index()
    g['cohort_customers'] = g['cohort'].map(sizes)
    g['retained_share'] = g['customers'] / g['cohort_customers']
    w2, c2 = time.perf_counter(), time.process_time()
    r = dict(wall=w2 - w0, wall_compute=w2 - w1, cpu=(c2 - c0) + (b1 - b0), copy_backend=b1 - b0,
             client=c2 - c0, rows=len(g), customers=int(g['customers'].sum()), revenue=float(g['revenue'].sum()))
    if best is None or r['wall'] < best['wall']:
        best = r
print("%.1f %.1f %.1f %.1f %.1f %d %d %.2f" % (1000 * best['wall'], 1000 * best['wall_compute'], 1000 * best['cpu'],
      1000 * best['copy_backend'], 1000 * best['client'], best['rows'], best['customers'], best['revenue']))
PY
)
read -r PD_WALL PD_COMPUTE PD_CPU PD_COPY PD_CLIENT PD_ROWS PD_CUST PD_REV <<<"$PANDAS_OUT"
printf '%-50s %12.1f ms\n' "pandas: COPY + read_csv + groupby (end to end)" "$PD_WALL"
printf '%-50s %12.1f ms\n' "pandas: read_csv + groupby only" "$PD_COMPUTE"
# the same answer: rows, retained customers summed over the table, revenue
read -r PM_ROWS PM_CUST PM_REV <<<"$(bpsql -tA -F' ' -c "SET timezone = 'UTC'" -c "SELECT count(*), sum(customers), round(sum(revenue)::numeric, 2) FROM pmkt.cohort_retention('bench.coh_orders')")"
echo "same table: pmkt rows $PM_ROWS, sum(customers) $PM_CUST, revenue $PM_REV; pandas rows $PD_ROWS, sum(customers) $PD_CUST, revenue $PD_REV"

echo
echo "== backend CPU time (serial plans, ${COH_CPU_REPS:-5} interleaved rounds after a warm-up)"
runuser -u postgres -- env PGHOST="${PGHOST:-}" BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" \
  $PY "$BENCH_ROOT/bench/cpu_rounds.py" "${COH_CPU_REPS:-5}" \
  "floor=SET timezone = 'UTC';;$FLOOR_Q" "pmkt=SET timezone = 'UTC';;$PMKT_Q" "sql=SET timezone = 'UTC';;$SQL_Q" | tee /tmp/coh_cpu.$$
FCPU=$(awk '$1 == "floor" {print $3}' /tmp/coh_cpu.$$); rm -f /tmp/coh_cpu.$$
echo "pandas CPU (client process + backend COPY): $PD_CPU ms (client $PD_CLIENT, COPY $PD_COPY) = $(ratio "$PD_CPU" "$FCPU") x the floor's CPU"

echo
echo "ratios (wall, same run; lower is better); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  pmkt / floor                    $(ratio "$PM" "$FLOOR")"
echo "  plain SQL / floor               $(ratio "$SQ" "$FLOOR")"
echo "  pandas end to end / floor       $(ratio "$PD_WALL" "$FLOOR")"
echo "  pandas end to end / pmkt        $(ratio "$PD_WALL" "$PM")"
echo "  pandas groupby only / pmkt      $(ratio "$PD_COMPUTE" "$PM")"
