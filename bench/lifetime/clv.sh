#!/usr/bin/env bash
# bench/lifetime/clv.sh: BG/NBD and Gamma-Gamma fits on CLV_CUSTOMERS customer
# summaries (default 1 000 000) with pmkt.clv_fit / clv_fit_spend against the
# scipy reference of test/lifetime/btyd_ref.py on the same rows (COPY out, then
# its likelihood, complex-step gradient and BFGS), and the prediction row
# functions over the summaries against the floor of reading the summary columns.
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
bpsql -c "SELECT count(*) AS customers, avg(frequency) AS mean_frequency, count(*) FILTER (WHERE frequency > 0) AS repeat_customers FROM bench.clv_summary_$N"
BENCH_REPS=1
echo "--- fit ($N customers) ---"
bench_time "floor of the fit's load: the rows as float8[] (what its loader reads)" \
  "SELECT count(ARRAY[frequency::float8, recency, t]) FROM bench.clv_summary_$N"
load=$LAST_MS
bench_time "pmkt.clv_fit bgnbd" \
  "SELECT (pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N')).iterations"
fit=$LAST_MS
echo "bgnbd fit after the load floor: $(awk "BEGIN{printf \"%.1f\", $fit - $load}") ms"
bench_time "pmkt.clv_fit_spend gamma_gamma" \
  "SELECT (pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.clv_summary_$N', allow_nonconverged => true)).iterations"
gg=$LAST_MS
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
echo "--- predictions ($N customers) ---"
bpsql -c "DROP TABLE IF EXISTS bench.clv_models; CREATE TABLE bench.clv_models AS SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N') AS m,
  pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.clv_summary_$N', allow_nonconverged => true) AS g"
BENCH_REPS=3
bench_time "floor: sum of the summary columns" \
  "SELECT sum(frequency + recency + t) FROM bench.clv_summary_$N"
floor=$LAST_MS
bench_time "pmkt.clv_p_alive" \
  "SELECT sum(pmkt.clv_p_alive(m, frequency, recency, t)) FROM bench.clv_summary_$N, bench.clv_models"
pa=$LAST_MS
bench_time "pmkt.clv_expected_purchases(30 days)" \
  "SELECT sum(pmkt.clv_expected_purchases(m, 30, frequency, recency, t)) FROM bench.clv_summary_$N, bench.clv_models"
ep=$LAST_MS
bench_time "pmkt.clv_value (12 months)" \
  "SELECT sum(pmkt.clv_value(m, g, frequency, recency, t, monetary_value)) FROM bench.clv_summary_$N, bench.clv_models"
cv=$LAST_MS
echo "ratios to the floor: p_alive $(ratio "$pa" "$floor"), expected_purchases $(ratio "$ep" "$floor"), clv_value $(ratio "$cv" "$floor")"

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
