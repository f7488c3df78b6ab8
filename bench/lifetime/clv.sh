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
# BENCH_SKIP_SETUP=1 uses an already running server (BENCH_PORT, BENCH_DB)
# where pmkt is already created, instead of bench_setup's pmktbench cluster.
# BENCH_PMKT_SO=/path/pmkt.so points the extension's C functions at that
# build (a shared machine where other checkouts install theirs meanwhile).
# CLV_AB_SO=/path/other.so also measures the prediction row functions of a
# second build in the same interleaved rounds (A/B): schema pmkt_ab gets
# the four row functions bound to that file (same types, same models), and
# each prediction query is run a second time as ab_NAME with them (one
# connection per query, so each backend loads only one of the two builds).
# CLV_FIT=0 leaves out the BG/NBD fit's timing (the models are still fitted).
source "${BENCH_LIB:-$(dirname "$0")/../lib.sh}"
if [ -z "${BENCH_SKIP_SETUP:-}" ]; then
  bench_setup
fi
if [ -n "${BENCH_PMKT_SO:-}" ]; then
  bpsql -c "UPDATE pg_proc SET probin = '$BENCH_PMKT_SO' WHERE probin LIKE '%pmkt%' AND prolang = 13" >/dev/null
fi
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
if [ "${CLV_FIT:-1}" != 0 ]; then
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
fi
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
# the purchase models: BG/NBD and MBG/NBD fitted to the summaries, a
# Pareto/NBD with the parameters of the simulation below (r = 0.8, alpha =
# 40, s = 0.6, beta = 80, days; these BG/NBD-like summaries have no finite
# Pareto/NBD maximum), stored in the table as a fit would be; the
# Gamma-Gamma spend model fitted to the summaries
bpsql -c "DROP TABLE IF EXISTS bench.clv_models; CREATE TABLE bench.clv_models AS SELECT pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N') AS m,
  pmkt.clv_fit('SELECT frequency, recency, t FROM bench.clv_summary_$N', 'mbgnbd') AS mb,
  ROW('pareto_nbd', 'day', ARRAY[0.8, 40, 0.6, 80]::float8[], ARRAY[0.01, 0.1, 0.01, 0.1]::float8[], -1e6::float8,
      $N::bigint, 20, true, 0::float8, NULL::float8)::pmkt.clv_model AS pm,
  pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM bench.clv_summary_$N', allow_nonconverged => true) AS g"
bpsql -c "SELECT (m).params AS bgnbd, (mb).params AS mbgnbd, (g).params AS gamma_gamma FROM bench.clv_models"
# the model either from a cross join with the models table (the join's
# per-row rescan is part of the time) or as a scalar subquery (an InitPlan:
# evaluated once, one value for every row)
S=bench.clv_summary_$N
SUBM="(SELECT m FROM bench.clv_models)"
SUBMB="(SELECT mb FROM bench.clv_models)"
SUBPM="(SELECT pm FROM bench.clv_models)"
SUBG="(SELECT g FROM bench.clv_models)"
# floor: the three columns the purchase predictions read; floor4: the four
# clv_value reads (monetary_value too)
FLOOR="SELECT sum(frequency + recency + t) FROM $S"
FLOOR4="SELECT sum(frequency + recency + t + monetary_value) FROM $S"
BENCH_REPS=3
bench_time "floor: sum of the summary columns" "$FLOOR"
floor=$LAST_MS
bench_time "floor4: with monetary_value" "$FLOOR4"
floor4=$LAST_MS
bench_time "pmkt.clv_p_alive (join)" "SELECT sum(pmkt.clv_p_alive(m, frequency, recency, t)) FROM $S, bench.clv_models"
pa=$LAST_MS
bench_time "pmkt.clv_expected_purchases(30 days) (join)" "SELECT sum(pmkt.clv_expected_purchases(m, 30, frequency, recency, t)) FROM $S, bench.clv_models"
ep=$LAST_MS
bench_time "pmkt.clv_value (12 months) (join)" "SELECT sum(pmkt.clv_value(m, g, frequency, recency, t, monetary_value)) FROM $S, bench.clv_models"
cv=$LAST_MS
declare -A W
for k in "bgnbd:$SUBM" "mbgnbd:$SUBMB" "pareto_nbd:$SUBPM"; do
  name=${k%%:*}; sub=${k#*:}
  bench_time "$name clv_p_alive (subquery)" "SELECT sum(pmkt.clv_p_alive($sub, frequency, recency, t)) FROM $S"
  W[${name}_pa]=$LAST_MS
  bench_time "$name clv_expected_purchases(30) (subquery)" "SELECT sum(pmkt.clv_expected_purchases($sub, 30, frequency, recency, t)) FROM $S"
  W[${name}_ep]=$LAST_MS
  bench_time "$name clv_value (12 months) (subquery)" "SELECT sum(pmkt.clv_value($sub, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
  W[${name}_cv]=$LAST_MS
done
bench_time "clv_expected_spend (subquery)" "SELECT sum(pmkt.clv_expected_spend($SUBG, frequency, monetary_value)) FROM $S"
es=$LAST_MS
echo "wall ratios to the floor, join: p_alive $(ratio "$pa" "$floor"), expected_purchases $(ratio "$ep" "$floor"), clv_value $(ratio "$cv" "$floor")"
for name in bgnbd mbgnbd pareto_nbd; do
  echo "wall ratios to the floor, $name by subquery: p_alive $(ratio "${W[${name}_pa]}" "$floor"), expected_purchases $(ratio "${W[${name}_ep]}" "$floor"), clv_value $(ratio "${W[${name}_cv]}" "$floor") (to floor4 $(ratio "${W[${name}_cv]}" "$floor4"))"
done
echo "wall ratio to the floor, expected_spend: $(ratio "$es" "$floor") (to floor4 $(ratio "$es" "$floor4"))"
Q=(
  "floor=$FLOOR"
  "floor4=$FLOOR4"
  "p_alive_join=SELECT sum(pmkt.clv_p_alive(m, frequency, recency, t)) FROM $S, bench.clv_models"
  "expected_purchases_join=SELECT sum(pmkt.clv_expected_purchases(m, 30, frequency, recency, t)) FROM $S, bench.clv_models"
  "clv_value_join=SELECT sum(pmkt.clv_value(m, g, frequency, recency, t, monetary_value)) FROM $S, bench.clv_models"
  "bgnbd_p_alive=SELECT sum(pmkt.clv_p_alive($SUBM, frequency, recency, t)) FROM $S"
  "bgnbd_expected_purchases=SELECT sum(pmkt.clv_expected_purchases($SUBM, 30, frequency, recency, t)) FROM $S"
  "bgnbd_clv_value=SELECT sum(pmkt.clv_value($SUBM, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
  "mbgnbd_p_alive=SELECT sum(pmkt.clv_p_alive($SUBMB, frequency, recency, t)) FROM $S"
  "mbgnbd_expected_purchases=SELECT sum(pmkt.clv_expected_purchases($SUBMB, 30, frequency, recency, t)) FROM $S"
  "mbgnbd_clv_value=SELECT sum(pmkt.clv_value($SUBMB, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
  "pareto_nbd_p_alive=SELECT sum(pmkt.clv_p_alive($SUBPM, frequency, recency, t)) FROM $S"
  "pareto_nbd_expected_purchases=SELECT sum(pmkt.clv_expected_purchases($SUBPM, 30, frequency, recency, t)) FROM $S"
  "pareto_nbd_clv_value=SELECT sum(pmkt.clv_value($SUBPM, $SUBG, frequency, recency, t, monetary_value)) FROM $S"
  "expected_spend=SELECT sum(pmkt.clv_expected_spend($SUBG, frequency, monetary_value)) FROM $S"
)
if [ -n "${CLV_AB_SO:-}" ]; then
  # the row functions of the second build in schema pmkt_ab, by their own
  # definitions with the file replaced
  bpsql -q <<SQL >/dev/null 2>&1
DROP SCHEMA IF EXISTS pmkt_ab CASCADE;
CREATE SCHEMA pmkt_ab;
DO \$\$
DECLARE d text;
BEGIN
  FOR d IN SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'pmkt' AND p.proname IN ('clv_p_alive', 'clv_expected_purchases', 'clv_value', 'clv_expected_spend')
  LOOP
    d := replace(d, 'CREATE OR REPLACE FUNCTION pmkt.', 'CREATE FUNCTION pmkt_ab.');
    d := regexp_replace(d, E'\\nAS \'[^\']*\', ', E'\nAS ' || quote_literal('$CLV_AB_SO') || ', ');
    EXECUTE d;
  END LOOP;
END
\$\$;
SQL
  echo "A/B: the ab_* queries call pmkt_ab's row functions in $CLV_AB_SO; the others $(bpsql -tAc "SELECT DISTINCT probin FROM pg_proc WHERE proname = 'clv_value' AND pronamespace = 'pmkt'::regnamespace")"
  # each ab_NAME right after NAME in every round
  QAB=("${Q[@]:0:5}")
  for q in "${Q[@]:5}"; do
    QAB+=("$q" "ab_${q%%=*}=$(sed 's/pmkt\.clv_/pmkt_ab.clv_/g' <<<"${q#*=}")")
  done
  Q=("${QAB[@]}")
fi
echo "backend CPU in interleaved rounds (bench/cpu_rounds.py):"
runuser -u postgres -- env CPU_ROUNDS_ALSO=floor4 CPU_ROUNDS_AB=ab_ BENCH_PORT="$BENCH_PORT" BENCH_DB="$BENCH_DB" ${PGHOST:+PGHOST=$PGHOST} /usr/bin/python3 "$BENCH_ROOT/bench/cpu_rounds.py" "${CLV_ROUNDS:-5}" "${Q[@]}"
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
