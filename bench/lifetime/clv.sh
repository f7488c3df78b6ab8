#!/usr/bin/env bash
# bench/lifetime/clv.sh: BG/NBD and Gamma-Gamma fits on CLV_CUSTOMERS customer
# summaries (default 1 000 000) with pmkt.clv_fit / clv_fit_spend against the
# scipy reference of test/lifetime/btyd_ref.py on the same rows (COPY out, then
# its likelihood, complex-step gradient and BFGS), and the prediction row
# functions over the summaries against the floor of reading the summary columns.
# CLV_SCIPY=0 leaves out the scipy fits (15 minutes at 1 M on a loaded machine).
# Backend CPU times (/proc/PID/schedstat) are measured beside wall times, and
# the load average is printed at the start and the end.
# The summaries are drawn in SQL (whole days, ages 1..730, a purchase rate cut by
# a geometric dropout): plausible data for timing, not a model check.
source "${BENCH_LIB:-$(dirname "$0")/../lib.sh}"
bench_setup
N=${CLV_CUSTOMERS:-1000000}
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench' AND tablename = 'clv_summary_$N'")
if [ "$have" = 0 ]; then
  echo "building bench.clv_summary_$N..." >&2
  bpsql <<SQL
CREATE SCHEMA IF NOT EXISTS bench;
SELECT setseed(0.14);
-- a rough BG/NBD-like draw: a purchase rate (exponential mixture) over the age T
-- (1..730 days), cut by a geometric number of purchases before dropout
-- (p = 0.02 + 0.3 u^2); the last purchase day earlier when the customer dropped out
CREATE TABLE bench.clv_summary_$N AS
SELECT g AS customer_id, x AS frequency,
       CASE WHEN x = 0 THEN 0 ELSE LEAST(T, greatest(x, ceil(T * sqrt(random()) * CASE WHEN x < xr THEN x::float8 / xr ELSE 1 END))) END::float8 AS recency,
       T::float8 AS t,
       CASE WHEN x = 0 THEN 0 ELSE round((20 + 80 * random())::numeric, 2)::float8 END AS monetary_value
FROM (SELECT g, T, xr, LEAST(xr, floor(ln(1 - random()) / ln(1 - (0.02 + 0.3 * random() ^ 2))))::int AS x
      FROM (SELECT g, T, LEAST(T - 1, floor(-ln(1 - random()) * 0.8 / 30 * (0.5 + random()) * T))::int AS xr
            FROM (SELECT g, 1 + floor(random() * 730)::int AS T FROM generate_series(1, $N) g) a) b) c;
UPDATE bench.clv_summary_$N SET recency = LEAST(recency, t);
ANALYZE bench.clv_summary_$N;
SQL
fi
bpsql -c "SELECT count(*) AS customers, avg(frequency) AS mean_frequency, count(*) FILTER (WHERE frequency > 0) AS repeat_customers,
  count(DISTINCT (frequency, t)) AS distinct_frequency_age FROM bench.clv_summary_$N"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
# wall and backend CPU of single queries, as the postgres user
PYPG=(runuser -u postgres -- env BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" ${PGHOST:+PGHOST=$PGHOST} /usr/bin/python3)
wall_cpu() {  # wall_cpu LABEL SQL: one run after a warm-up, wall and backend CPU ms
  "${PYPG[@]}" - "$1" "$2" <<'PY'
import os, sys, time, psycopg2
c = psycopg2.connect(port=int(os.environ["BENCH_PORT"]), dbname=os.environ["BENCH_DB"]); c.autocommit = True
cur = c.cursor(); cur.execute("SET max_parallel_workers_per_gather = 0")
cur.execute("SELECT pg_backend_pid()"); pid = cur.fetchone()[0]
cpu = lambda: int(open("/proc/%d/schedstat" % pid).read().split()[0]) / 1e6
cur.execute(sys.argv[2]); cur.fetchall()
w0, c0 = time.time(), cpu(); cur.execute(sys.argv[2]); cur.fetchall(); w1, c1 = time.time(), cpu()
print("%-50s wall %9.1f ms   backend CPU %9.1f ms" % (sys.argv[1], (w1 - w0) * 1000, c1 - c0))
PY
}
BENCH_REPS=1
echo "--- fit ($N customers) ---"
bench_time "floor of the fit's load: the rows as float8[] (what its loader reads)" \
  "SELECT count(ARRAY[frequency::float8, recency, t]) FROM bench.clv_summary_$N"
load=$LAST_MS
bench_time "pmkt.clv_fit bgnbd" \
  "SELECT (pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N')).iterations"
fit=$LAST_MS
echo "bgnbd fit after the load floor: $(awk "BEGIN{printf \"%.1f\", $fit - $load}") ms"
wall_cpu "floor of the fit's load (float8[] rows)" "SELECT count(ARRAY[frequency::float8, recency, t]) FROM bench.clv_summary_$N"
wall_cpu "pmkt.clv_fit bgnbd" "SELECT (pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N')).iterations"
bench_time "pmkt.clv_fit_spend gamma_gamma" \
  "SELECT (pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.clv_summary_$N', allow_nonconverged => true)).iterations"
gg=$LAST_MS
if [ "${CLV_SCIPY:-1}" != 0 ]; then
tmp=$(mktemp -d); chmod 777 "$tmp"
bpsql -c "\\copy (SELECT frequency, recency, t, monetary_value FROM bench.clv_summary_$N) TO '$tmp/s.csv' CSV"
py=$( cd "$BENCH_ROOT/test/lifetime" && /usr/bin/python3 - "$tmp/s.csv" <<'PY'
import sys, time, numpy as np
from btyd_ref import fit, ll_bgnbd
a = np.loadtxt(sys.argv[1], delimiter=',')
t0 = time.time(); p = fit(ll_bgnbd, (a[:, 0], a[:, 1], a[:, 2]), 4)[0]; t1 = time.time()
print('%.1f %s' % ((t1 - t0) * 1000, ' '.join(repr(float(v)) for v in p)))
PY
)
rm -rf "$tmp"
echo "scipy reference bgnbd fit: ${py%% *} ms (params ${py#* })"
bpsql -c "SELECT params FROM pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N')"
echo "ratio scipy / pmkt (fit only, the COPY not counted): $(ratio "${py%% *}" "$fit")"
fi
echo "--- predictions ($N customers) ---"
bpsql -c "DROP TABLE IF EXISTS bench.clv_models; CREATE TABLE bench.clv_models AS SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N') AS m,
  pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.clv_summary_$N', allow_nonconverged => true) AS g"
# the model either from a cross join with the models table (the join's
# per-row rescan is part of the time) or as a scalar subquery (an InitPlan:
# evaluated once, one value for every row)
S=bench.clv_summary_$N
SUBM="(SELECT m FROM bench.clv_models)"
SUBG="(SELECT g FROM bench.clv_models)"
BENCH_REPS=3
bench_time "floor: sum of the summary columns" "SELECT sum(frequency + recency + t) FROM $S"
floor=$LAST_MS
bench_time "pmkt.clv_p_alive (join)" "SELECT sum(pmkt.clv_p_alive(m, frequency, recency, t)) FROM $S, bench.clv_models"
pa=$LAST_MS
bench_time "pmkt.clv_expected_purchases(30 days) (join)" "SELECT sum(pmkt.clv_expected_purchases(m, 30, frequency, recency, t)) FROM $S, bench.clv_models"
ep=$LAST_MS
bench_time "pmkt.clv_value (12 months) (join)" "SELECT sum(pmkt.clv_value(m, g, frequency, recency, t, monetary_value)) FROM $S, bench.clv_models"
cv=$LAST_MS
bench_time "pmkt.clv_p_alive (subquery)" "SELECT sum(pmkt.clv_p_alive($SUBM, frequency, recency, t)) FROM $S"
pas=$LAST_MS
bench_time "pmkt.clv_expected_purchases(30 days) (subquery)" "SELECT sum(pmkt.clv_expected_purchases($SUBM, 30, frequency, recency, t)) FROM $S"
eps=$LAST_MS
bench_time "pmkt.clv_value (12 months) (subquery)" "SELECT sum(pmkt.clv_value($SUBM, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
cvs=$LAST_MS
echo "wall ratios to the floor, join: p_alive $(ratio "$pa" "$floor"), expected_purchases $(ratio "$ep" "$floor"), clv_value $(ratio "$cv" "$floor")"
echo "wall ratios to the floor, subquery: p_alive $(ratio "$pas" "$floor"), expected_purchases $(ratio "$eps" "$floor"), clv_value $(ratio "$cvs" "$floor")"
echo "backend CPU in interleaved rounds (bench/cpu_rounds.py):"
"${PYPG[@]}" "$BENCH_ROOT/bench/cpu_rounds.py" 5 \
  "floor=SELECT sum(frequency + recency + t) FROM $S" \
  "p_alive_join=SELECT sum(pmkt.clv_p_alive(m, frequency, recency, t)) FROM $S, bench.clv_models" \
  "expected_purchases_join=SELECT sum(pmkt.clv_expected_purchases(m, 30, frequency, recency, t)) FROM $S, bench.clv_models" \
  "clv_value_join=SELECT sum(pmkt.clv_value(m, g, frequency, recency, t, monetary_value)) FROM $S, bench.clv_models" \
  "p_alive_subquery=SELECT sum(pmkt.clv_p_alive($SUBM, frequency, recency, t)) FROM $S" \
  "expected_purchases_subquery=SELECT sum(pmkt.clv_expected_purchases($SUBM, 30, frequency, recency, t)) FROM $S" \
  "clv_value_subquery=SELECT sum(pmkt.clv_value($SUBM, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
echo "load average after the predictions: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${CLV_SCIPY:-1}" != 0 ] || exit 0

# Pareto/NBD: CLV_PNBD_CUSTOMERS (default 100 000) customers simulated from the
# model itself by test/lifetime/pnbd_ref.py simcsv (whole days, ages 1..730,
# r = 0.8, alpha = 40, s = 0.6, beta = 80); the BG/NBD-like summaries above have
# no finite Pareto/NBD maximum (s and beta run away together), and the scipy
# reference (hyp2f1, five-point gradient) at 1 M would take hours
NP=${CLV_PNBD_CUSTOMERS:-100000}
tmp=$(mktemp -d); chmod 777 "$tmp"
( cd "$BENCH_ROOT/test/lifetime" && /usr/bin/python3 pnbd_ref.py simcsv "$NP" > "$tmp/p.csv" )
chmod 644 "$tmp/p.csv"
have=$(bpsql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'bench' AND tablename = 'clv_pnbd_$NP'")
if [ "$have" = 0 ]; then
  bpsql -c "CREATE TABLE bench.clv_pnbd_$NP (customer_id int, frequency int, recency float8, t float8)"
  bpsql -c "\\copy bench.clv_pnbd_$NP FROM '$tmp/p.csv' CSV"
  bpsql -c "VACUUM ANALYZE bench.clv_pnbd_$NP"
fi
echo "--- Pareto/NBD fit ($NP simulated customers) ---"
BENCH_REPS=1
bench_time "pmkt.clv_fit pareto_nbd" \
  "SELECT (pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_pnbd_$NP', 'pareto_nbd')).iterations"
pfit=$LAST_MS
bpsql -c "SELECT params, log_likelihood FROM pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_pnbd_$NP', 'pareto_nbd')"
pyp=$( cd "$BENCH_ROOT/test/lifetime" && /usr/bin/python3 pnbd_ref.py bench "$tmp/p.csv" )
rm -rf "$tmp"
echo "scipy reference pareto_nbd fit: ${pyp%% *} ms (params ${pyp#* })"
echo "ratio scipy / pmkt, pareto_nbd: $(ratio "${pyp%% *}" "$pfit")"
